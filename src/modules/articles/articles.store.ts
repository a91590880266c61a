// The only SQL for articles, their sections, tags and old slugs.
// Listing is two steps: an index-only query picks the ids in order (from articles, article_sections or
// article_tags), then one query loads those rows with author and primary section.
import type { Insertable, Transaction } from 'kysely';
import type { ArticleStatus, ArticleType, ArticlesTable, Database, Db } from '../../db/schema.js';

export interface Ref {
  id: string;
  slug: string;
  name: string;
}

export interface ArticleSummary {
  id: string;
  slug: string;
  title: string;
  standfirst: string;
  type: ArticleType;
  status: ArticleStatus;
  imageUrl: string | null;
  imageAlt: string | null;
  wordCount: number;
  commentCount: number;
  commentsEnabled: boolean;
  isDemo: boolean;
  publishedAt: Date | null;
  updatedAt: Date;
  author: Ref;
  primarySection: Ref;
  /** Filled by loadTaxonomy(); the primary section first. */
  sections: Ref[];
  tags: Ref[];
}

export interface Article extends ArticleSummary {
  bodyMd: string;
  bodyHtml: string;
  authorBio: string;
  createdAt: Date;
}

type Executor = Db | Transaction<Database>;

const SUMMARY_COLUMNS = [
  'a.id', 'a.slug', 'a.title', 'a.standfirst', 'a.type', 'a.status', 'a.image_url', 'a.image_alt', 'a.word_count',
  'a.comment_count', 'a.comments_enabled', 'a.is_demo', 'a.published_at', 'a.updated_at',
  'au.id as author_id', 'au.slug as author_slug', 'au.name as author_name',
  's.id as section_id', 's.slug as section_slug', 's.name as section_name',
] as const;

function summaryQuery(db: Executor) {
  return db
    .selectFrom('articles as a')
    .innerJoin('authors as au', 'au.id', 'a.author_id')
    .innerJoin('sections as s', 's.id', 'a.primary_section_id');
}

interface SummaryRow {
  id: string;
  slug: string;
  title: string;
  standfirst: string;
  type: ArticleType;
  status: ArticleStatus;
  image_url: string | null;
  image_alt: string | null;
  word_count: number;
  comment_count: number;
  comments_enabled: number;
  is_demo: number;
  published_at: string | null;
  updated_at: string;
  author_id: string;
  author_slug: string;
  author_name: string;
  section_id: string;
  section_slug: string;
  section_name: string;
}

function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    standfirst: row.standfirst,
    type: row.type,
    status: row.status,
    imageUrl: row.image_url,
    imageAlt: row.image_alt,
    wordCount: row.word_count,
    commentCount: Number(row.comment_count),
    commentsEnabled: row.comments_enabled === 1,
    isDemo: row.is_demo === 1,
    publishedAt: row.published_at ? new Date(row.published_at) : null,
    updatedAt: new Date(row.updated_at),
    author: { id: row.author_id, slug: row.author_slug, name: row.author_name },
    primarySection: { id: row.section_id, slug: row.section_slug, name: row.section_name },
    sections: [],
    tags: [],
  };
}

/** Finds an article by slug whatever its status; the service decides who may see it. */
export async function findArticleBySlug(db: Executor, slug: string): Promise<Article | undefined> {
  const row = await summaryQuery(db)
    .select(SUMMARY_COLUMNS)
    .select(['a.body_md', 'a.body_html', 'a.created_at', 'au.bio as author_bio'])
    .where('a.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...toSummary(row), bodyMd: row.body_md, bodyHtml: row.body_html, authorBio: row.author_bio, createdAt: new Date(row.created_at) };
}

export async function findArticleIdBySlug(db: Executor, slug: string): Promise<string | undefined> {
  const row = await db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirst();
  return row?.id;
}

/** The current slug of an article that used to live at oldSlug. */
export async function findRedirectedSlug(db: Executor, oldSlug: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('slug_redirects as r')
    .innerJoin('articles as a', 'a.id', 'r.article_id')
    .select('a.slug')
    .where('r.old_slug', '=', oldSlug)
    .executeTakeFirst();
  return row?.slug;
}

/** Fills sections and tags of the given articles in two queries. */
export async function loadTaxonomy(db: Executor, articles: ArticleSummary[]): Promise<void> {
  if (articles.length === 0) return;
  const ids = articles.map((a) => a.id);
  const byId = new Map(articles.map((a) => [a.id, a]));
  const [sections, tags] = await Promise.all([
    db
      .selectFrom('article_sections as x')
      .innerJoin('sections as s', 's.id', 'x.section_id')
      .select(['x.article_id', 's.id', 's.slug', 's.name'])
      .where('x.article_id', 'in', ids)
      .orderBy('x.article_id')
      .orderBy('x.position')
      .execute(),
    db
      .selectFrom('article_tags as x')
      .innerJoin('tags as t', 't.id', 'x.tag_id')
      .select(['x.article_id', 't.id', 't.slug', 't.name'])
      .where('x.article_id', 'in', ids)
      .orderBy('x.article_id')
      .orderBy('t.slug')
      .execute(),
  ]);
  for (const a of articles) {
    a.sections = [];
    a.tags = [];
  }
  for (const s of sections) byId.get(s.article_id)?.sections.push({ id: s.id, slug: s.slug, name: s.name });
  for (const t of tags) byId.get(t.article_id)?.tags.push({ id: t.id, slug: t.slug, name: t.name });
}

export interface ListFilter {
  sectionId?: string;
  tagId?: string;
  authorId?: string;
  /** Only articles live at this moment (published, or scheduled with a time that has passed). */
  now: string;
  limit: number;
  offset?: number;
  /** Keyset cursor: articles strictly older than this (published_at, id). */
  before?: { at: string; id: string };
  excludeId?: string;
}

/** Ids of live articles, newest first, for a filter. Uses one index per kind of filter. */
export async function listLiveArticleIds(db: Executor, f: ListFilter): Promise<string[]> {
  if (f.sectionId || f.tagId) {
    const table = f.sectionId ? 'article_sections' : 'article_tags';
    const column = f.sectionId ? 'section_id' : 'tag_id';
    let q = db
      .selectFrom(table as 'article_sections')
      .select(['article_id as id'])
      .where(column as 'section_id', '=', (f.sectionId ?? f.tagId)!)
      .where('listed_at', '<=', f.now);
    if (f.before) {
      const { at, id } = f.before;
      q = q.where((eb) => eb.or([eb('listed_at', '<', at), eb.and([eb('listed_at', '=', at), eb('article_id', '<', id)])]));
    }
    if (f.excludeId) q = q.where('article_id', '<>', f.excludeId);
    const rows = await q.orderBy('listed_at', 'desc').orderBy('article_id', 'desc').limit(f.limit).offset(f.offset ?? 0).execute();
    return rows.map((r) => r.id);
  }

  let q = db.selectFrom('articles').select('id').where('status', '<>', 'draft').where('published_at', '<=', f.now);
  if (f.authorId) q = q.where('author_id', '=', f.authorId);
  if (f.before) {
    const { at, id } = f.before;
    q = q.where((eb) => eb.or([eb('published_at', '<', at), eb.and([eb('published_at', '=', at), eb('id', '<', id)])]));
  }
  if (f.excludeId) q = q.where('id', '<>', f.excludeId);
  const rows = await q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(f.limit).offset(f.offset ?? 0).execute();
  return rows.map((r) => r.id);
}

/** Loads summaries for ids, in the order given. */
export async function findSummariesByIds(db: Executor, ids: string[]): Promise<ArticleSummary[]> {
  if (ids.length === 0) return [];
  const rows = await summaryQuery(db).select(SUMMARY_COLUMNS).where('a.id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, toSummary(r)]));
  return ids.map((id) => byId.get(id)).filter((a): a is ArticleSummary => a !== undefined);
}

/** Live articles published since a moment, newest first (for the news sitemap). */
export async function listLiveArticlesSince(db: Executor, since: string, now: string, limit: number): Promise<ArticleSummary[]> {
  const rows = await summaryQuery(db)
    .select(SUMMARY_COLUMNS)
    .where('a.status', '<>', 'draft')
    .where('a.published_at', '>=', since)
    .where('a.published_at', '<=', now)
    .orderBy('a.published_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toSummary);
}

export interface SitemapEntry {
  slug: string;
  sectionSlug: string;
  updatedAt: string;
}

/** One page of live articles for the sitemap, oldest first so pages stay stable as the archive grows. */
export async function listSitemapEntries(db: Executor, now: string, offset: number, limit: number): Promise<SitemapEntry[]> {
  const rows = await db
    .selectFrom('articles as a')
    .innerJoin('sections as s', 's.id', 'a.primary_section_id')
    .select(['a.slug', 's.slug as section_slug', 'a.updated_at'])
    .where('a.status', '<>', 'draft')
    .where('a.published_at', '<=', now)
    .orderBy('a.published_at')
    .orderBy('a.id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ slug: r.slug, sectionSlug: r.section_slug, updatedAt: r.updated_at }));
}

export async function countLiveArticles(db: Executor, now: string): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '<>', 'draft')
    .where('published_at', '<=', now)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest updated_at among live articles: the Last-Modified of lists and feeds. */
export async function findLatestUpdate(db: Executor, now: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('updated_at').as('at'))
    .where('status', '<>', 'draft')
    .where('published_at', '<=', now)
    .executeTakeFirst();
  return row?.at ?? undefined;
}

/** The earliest scheduled time still in the future, so caches know when a page will change by itself. */
export async function findNextScheduledAt(db: Executor, now: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.min('published_at').as('at'))
    .where('status', '<>', 'draft')
    .where('published_at', '>', now)
    .executeTakeFirst();
  return row?.at ?? undefined;
}

export type ArticleRow = Insertable<ArticlesTable>;

export async function insertArticle(trx: Executor, row: ArticleRow): Promise<void> {
  await trx.insertInto('articles').values(row).execute();
}

export async function updateArticleRow(trx: Executor, id: string, row: Partial<ArticleRow>): Promise<void> {
  await trx.updateTable('articles').set(row).where('id', '=', id).execute();
}

/** Replaces the article's sections and tags; listed_at is its published_at while it is not a draft. */
export async function replaceTaxonomy(
  trx: Executor,
  articleId: string,
  sectionIds: string[],
  tagIds: string[],
  listedAt: string | null,
): Promise<void> {
  await trx.deleteFrom('article_sections').where('article_id', '=', articleId).execute();
  await trx.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
  if (sectionIds.length > 0) {
    await trx
      .insertInto('article_sections')
      .values(sectionIds.map((section_id, position) => ({ article_id: articleId, section_id, position, listed_at: listedAt })))
      .execute();
  }
  if (tagIds.length > 0) {
    await trx
      .insertInto('article_tags')
      .values(tagIds.map((tag_id) => ({ article_id: articleId, tag_id, listed_at: listedAt })))
      .execute();
  }
}

export async function insertSlugRedirect(trx: Executor, oldSlug: string, articleId: string, at: string): Promise<void> {
  // An old slug that is reused later must point at its newest owner.
  await trx.deleteFrom('slug_redirects').where('old_slug', '=', oldSlug).execute();
  await trx.insertInto('slug_redirects').values({ old_slug: oldSlug, article_id: articleId, created_at: at }).execute();
}

export async function deleteSlugRedirect(trx: Executor, slug: string): Promise<void> {
  await trx.deleteFrom('slug_redirects').where('old_slug', '=', slug).execute();
}

export async function findTagsBySlugs(db: Executor, slugs: string[]): Promise<Ref[]> {
  if (slugs.length === 0) return [];
  return db.selectFrom('tags').select(['id', 'slug', 'name']).where('slug', 'in', slugs).execute();
}

export async function insertTag(trx: Executor, tag: Ref): Promise<void> {
  await trx.insertInto('tags').values(tag).execute();
}

export async function findTagBySlug(db: Executor, slug: string): Promise<Ref | undefined> {
  return db.selectFrom('tags').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

export async function deleteDemoContent(trx: Executor): Promise<{ articles: number; sections: number; authors: number }> {
  const articles = await trx.deleteFrom('articles').where('is_demo', '=', 1).executeTakeFirst();
  // Tags no longer used by any article go with the demo.
  await trx.deleteFrom('tags').where('id', 'not in', trx.selectFrom('article_tags').select('tag_id')).execute();
  const sections = await trx
    .deleteFrom('sections')
    .where('is_demo', '=', 1)
    .where('id', 'not in', trx.selectFrom('articles').select('primary_section_id'))
    .executeTakeFirst();
  const authors = await trx
    .deleteFrom('authors')
    .where('is_demo', '=', 1)
    .where('id', 'not in', trx.selectFrom('articles').select('author_id'))
    .executeTakeFirst();
  return { articles: Number(articles.numDeletedRows), sections: Number(sections.numDeletedRows), authors: Number(authors.numDeletedRows) };
}
