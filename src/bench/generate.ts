// Builds the benchmark data set in an empty database (a fresh SQLite file, or an empty PostgreSQL database): sections, authors, tags and published articles,
// inserted directly with Kysely in batched transactions. Rows are shaped exactly as saveArticle() writes them
// (same ids, rendered body, word count, taxonomy rows with listed_at = published_at, search document).
import cliProgress from 'cli-progress';
import { migrateToLatest, openDb } from '../db/database.js';
import type { ArticleType, ArticlesTable, ArticleBodiesTable, ArticleSectionsTable, ArticleTagsTable } from '../db/schema.js';
import { sql, type Insertable } from 'kysely';
import { toTimestamp } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { renderArticleMarkdown } from '../shared/markdown.js';
import { recordSearchTextKind, writeSearchDocument, type SearchDocument } from '../modules/search/search.index.js';
import { bodyText, indexText, searchTextKind } from '../modules/search/search-text.js';
import { stemmingFor } from '../modules/search/stemming.js';
import { slugFromTitle } from '../shared/slug.js';
import { articleBody, description, headline, personName, Random, standfirst, TEMPLATE_COUNT, WORDS } from './words.js';

export interface GenerateOptions {
  /** `sqlite:PATH` or `postgres://…`, as DATABASE_URL. */
  databaseUrl: string;
  articles: number;
  sections?: number;
  authors?: number;
  tags?: number;
  /** Distinct article bodies; each is rendered once and shared by the articles that use it. */
  bodies?: number;
  now?: Date;
  seed?: number;
  progress?: boolean;
}

export interface GeneratedSet {
  articles: number;
  /** Section slugs, in display order. */
  sections: string[];
  authors: number;
  tags: number;
  millis: number;
}

const SECTION_NAMES = ['World', 'Europe', 'Economy', 'Defense', 'Science', 'Culture', 'Sport', 'Technology', 'Health', 'Climate', 'Business', 'Travel'];
const TYPES: ArticleType[] = ['news', 'news', 'news', 'news', 'analysis', 'opinion'];
const SPAN_MS = 3 * 365 * 24 * 3600_000;
const ARTICLES_PER_TRANSACTION = 1000;
// 19 columns × 200 rows stays far below SQLite's limit on bound parameters.
const ROWS_PER_INSERT = 200;

export async function generateDataSet(options: GenerateOptions): Promise<GeneratedSet> {
  const started = performance.now();
  const random = new Random(options.seed ?? 20_261_126);
  const now = options.now ?? new Date();
  const sectionCount = options.sections ?? 8;
  const authorCount = options.authors ?? 20;
  const tagCount = options.tags ?? 500;
  const bodyCount = Math.min(options.bodies ?? 600, options.articles);
  const archiveStart = now.getTime() - SPAN_MS;

  const { db, close, dialect } = await openDb(options.databaseUrl);
  try {
    await migrateToLatest(db);
    // Indexed as the server indexes for its default language, and recorded so that it does not index again as it starts.
    const stemming = stemmingFor('en');
    await recordSearchTextKind(db, searchTextKind(stemming));

    const sections = SECTION_NAMES.slice(0, sectionCount).map((name, i) => ({
      id: newId('sec', new Date(archiveStart)),
      slug: slugFromTitle(name),
      name,
      description: description(random),
      position: i + 1,
      is_demo: 0,
      created_at: toTimestamp(new Date(archiveStart)),
    }));
    const authorNames = new Set<string>();
    while (authorNames.size < authorCount) authorNames.add(personName(random));
    const authors = [...authorNames].map((name) => ({
      id: newId('aut', new Date(archiveStart)),
      slug: slugFromTitle(name),
      name,
      bio: `${name} ${description(random).toLowerCase()}`,
      is_demo: 0,
      created_at: toTimestamp(new Date(archiveStart)),
    }));
    const tagSlugs = new Set<string>();
    while (tagSlugs.size < tagCount) {
      tagSlugs.add(random.chance(0.3) ? random.pick(WORDS) : `${random.pick(WORDS)}-${random.pick(WORDS)}`);
    }
    const tags = [...tagSlugs].map((slug) => ({ id: newId('tag', new Date(archiveStart)), slug, name: slug.replace(/-/g, ' ') }));

    await db.transaction().execute(async (trx) => {
      await trx.insertInto('sections').values(sections).execute();
      await trx.insertInto('authors').values(authors).execute();
      for (const rows of chunks(tags)) await trx.insertInto('tags').values(rows).execute();
    });

    const bar = options.progress === false ? null : new cliProgress.SingleBar(
      { stream: process.stderr, format: '  {task} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar?.start(bodyCount, 0, { task: 'rendering bodies ' });
    const bodies: Array<{ md: string; html: string; wordCount: number; words: string }> = [];
    for (let i = 0; i < bodyCount; i++) {
      const md = articleBody(random, i % TEMPLATE_COUNT);
      const { html, wordCount } = await renderArticleMarkdown(md);
      bodies.push({ md, html, wordCount, words: indexText(bodyText(html), stemming) });
      bar?.increment();
    }
    bar?.stop();

    bar?.start(options.articles, 0, { task: 'inserting articles' });
    for (let first = 0; first < options.articles; first += ARTICLES_PER_TRANSACTION) {
      const count = Math.min(ARTICLES_PER_TRANSACTION, options.articles - first);
      const articleRows: Array<Insertable<ArticlesTable>> = [];
      const sectionRows: ArticleSectionsTable[] = [];
      const tagRows: ArticleTagsTable[] = [];
      const bodyRows: ArticleBodiesTable[] = [];
      const searchDocuments: SearchDocument[] = [];
      for (let n = first; n < first + count; n++) {
        const publishedAt = new Date(archiveStart + Math.floor(random.next() * (SPAN_MS - 3600_000)));
        const publishedStamp = toTimestamp(publishedAt);
        const createdAt = new Date(publishedAt.getTime() - random.int(5, 6 * 60) * 60_000);
        // One article in ten gets a later correction.
        const updatedAt = random.chance(0.1) ? new Date(Math.min(publishedAt.getTime() + random.int(15, 24 * 60) * 60_000, now.getTime())) : publishedAt;
        const id = newId('art', publishedAt);
        const title = headline(random);
        const slug = `${shortSlug(title)}-${n.toString(36)}`;
        const body = bodies[random.int(0, bodies.length - 1)]!;
        const articleSections = random.chance(1 / 3) ? random.sample(sections, 2) : [random.pick(sections)];
        const hasImage = random.chance(0.4);
        articleRows.push({
          id,
          slug,
          title,
          standfirst: standfirst(random),
          word_count: body.wordCount,
          status: 'published',
          type: random.pick(TYPES),
          author_id: random.pick(authors).id,
          primary_section_id: articleSections[0]!.id,
          image_url: hasImage ? `https://images.example.org/${id}.jpg` : null,
          image_alt: hasImage ? `Photograph: ${title}` : null,
          comments_enabled: random.chance(0.9) ? 1 : 0,
          is_demo: 0,
          published_at: publishedStamp,
          updated_at: toTimestamp(updatedAt),
          created_at: toTimestamp(createdAt),
        });
        bodyRows.push({ article_id: id, body_md: body.md, body_html: body.html });
        searchDocuments.push({ articleId: id, title: indexText(title, stemming), standfirst: indexText(articleRows.at(-1)!.standfirst!, stemming), body: body.words, orderAt: publishedStamp });
        articleSections.forEach((s, position) => sectionRows.push({ article_id: id, section_id: s.id, position, listed_at: publishedStamp }));
        for (const tag of random.sample(tags, 3)) tagRows.push({ article_id: id, tag_id: tag.id, listed_at: publishedStamp });
      }
      await db.transaction().execute(async (trx) => {
        for (const rows of chunks(articleRows)) await trx.insertInto('articles').values(rows).execute();
        for (const rows of chunks(bodyRows)) await trx.insertInto('article_bodies').values(rows).execute();
        for (const rows of chunks(sectionRows)) await trx.insertInto('article_sections').values(rows).execute();
        for (const rows of chunks(tagRows)) await trx.insertInto('article_tags').values(rows).execute();
        for (const document of searchDocuments) await writeSearchDocument(trx, dialect, document);
      });
      bar?.increment(count);
    }
    bar?.stop();
    // PostgreSQL plans from table statistics, which a bulk load leaves for autovacuum to gather later.
    if (dialect === 'postgres') await sql`analyze`.execute(db);

    return { articles: options.articles, sections: sections.map((s) => s.slug), authors: authors.length, tags: tags.length, millis: performance.now() - started };
  } finally {
    await close();
  }
}

function* chunks<T>(rows: T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) yield rows.slice(i, i + ROWS_PER_INSERT);
}

/** The title's slug cut to about 60 characters at a word boundary, leaving room for a unique suffix. */
function shortSlug(title: string): string {
  const slug = slugFromTitle(title);
  return slug.length <= 60 ? slug : slug.slice(0, 60).replace(/-[^-]*$/, '');
}

/** Canonical paths of every live article, /{primary-section}/{slug}, newest first, read back from the database. */
export async function listArticlePaths(databaseUrl: string): Promise<string[]> {
  const { db, close } = await openDb(databaseUrl);
  try {
    const rows = await db
      .selectFrom('articles as a')
      .innerJoin('sections as s', 's.id', 'a.primary_section_id')
      .select(['a.slug', 's.slug as section_slug'])
      .where('a.status', '=', 'published')
      .orderBy('a.published_at', 'desc')
      .execute();
    return rows.map((r) => `/${r.section_slug}/${r.slug}`);
  } finally {
    await close();
  }
}
