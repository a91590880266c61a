// The only SQL for articles, their sections, tags and old slugs.
// Page views read in as few queries as possible, and lists as JSON rows (see db/raw-query.ts): an
// article page is one query; a listing is one query driven by its index (articles, article_sections or
// article_tags) joined to author and primary section; the front page takes ids from the listing index,
// then the summaries of the articles it shows.
import { sql, type Insertable } from 'kysely';
import type { DialectName } from '../../db/database.js';
import { param, PreparedQuery } from '../../db/prepared.js';
import { dialectOf, jsonRows, parseJsonRows, RawQuery } from '../../db/raw-query.js';
import type { ArticleStatus, ArticleType, ArticlesTable, Db, Executor } from '../../db/schema.js';
import { perLimit, rowLimit } from '../../db/row-limit.js';

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

/** An article page's own article, with up to RELATED_LIMIT older articles of its primary section. */
export interface ArticlePageData {
  article: Article;
  /** Live articles just before this one in its primary section, newest first. */
  related: ArticleSummary[];
}

export const RELATED_LIMIT = 4;

/** The summary columns as SQL, in SummaryRow's order; `a`, `au` and `s` are the article, author and section. */
const SUMMARY_SQL = SUMMARY_COLUMNS.map((c) => {
  const [expr, alias] = c.split(' as ');
  const [table, column] = expr!.split('.');
  return { sql: `${table}.${column}`, key: (alias ?? column) as keyof SummaryRow };
});

function summarySql(prefix: string): string {
  return SUMMARY_SQL.map((c) => `${prefix}${c.sql} as ${c.key}`).join(', ');
}

/**
 * One query per article page: the article with body, author and primary section; its sections and
 * tags; and the related articles, the lists as JSON rows (see db/raw-query.ts).
 */
const articlePageQuery = new RawQuery<ArticlePageRow>(
  (dialect) => `select ${summarySql('')}, b.body_html, a.created_at, au.bio as author_bio,
  (select ${jsonRows(dialect, ['x.kind', 'x.id', 'x.slug', 'x.name', 'x.position'])} from (
     select 'section' as kind, xs.position, xsec.id, xsec.slug, xsec.name from article_sections xs inner join sections xsec on xsec.id = xs.section_id where xs.article_id = a.id
     union all
     select 'tag' as kind, 0 as position, xt2.id, xt2.slug, xt2.name from article_tags xt inner join tags xt2 on xt2.id = xt.tag_id where xt.article_id = a.id
  ) x) as taxonomy,
  (select ${jsonRows(dialect, SUMMARY_SQL.map((c) => `r.${c.key}`))} from (
     select l.listed_at, ${summarySql('r')} from article_sections l
     inner join articles ra on ra.id = l.article_id
     inner join authors rau on rau.id = ra.author_id
     inner join sections rs on rs.id = ra.primary_section_id
     where l.section_id = a.primary_section_id and (l.listed_at, l.article_id) < (a.published_at, a.id)
     order by l.listed_at desc, l.article_id desc
     limit ${RELATED_LIMIT}
  ) r) as related
from articles a
inner join authors au on au.id = a.author_id
inner join sections s on s.id = a.primary_section_id
inner join article_bodies b on b.article_id = a.id
where a.slug = $1`,
);

/** The article page's statement as the database runs it (one parameter: the slug). The benchmark's floor server runs it too. */
export function articlePageSql(dialect: DialectName): string {
  return articlePageQuery.compile(dialect, ['']).sql;
}

interface ArticlePageRow extends SummaryRow {
  body_html: string;
  created_at: string;
  author_bio: string;
  taxonomy: string | Array<[string, string, string, string, number]> | null;
  related: string | SummaryValues[] | null;
}

/** A summary row sent as a JSON array, in SUMMARY_COLUMNS order. */
type SummaryValues = [string, string, string, string, ArticleType, ArticleStatus, string | null, string | null, number, number, number, number, string | null, string, string, string, string, string, string, string];

function summaryRowOf(v: SummaryValues): SummaryRow {
  return {
    id: v[0], slug: v[1], title: v[2], standfirst: v[3], type: v[4], status: v[5], image_url: v[6], image_alt: v[7], word_count: v[8], comment_count: v[9],
    comments_enabled: v[10], is_demo: v[11], published_at: v[12], updated_at: v[13], author_id: v[14], author_slug: v[15], author_name: v[16],
    section_id: v[17], section_slug: v[18], section_name: v[19],
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Summary rows newest first (by publication time, then id, as the listing indexes order them). Lists
 * are ordered here rather than inside the JSON aggregate, where the database would sort them in a
 * temporary B-tree: several times dearer than the list's own rows.
 */
function newestFirst(rows: SummaryValues[]): SummaryValues[] {
  return rows.sort((a, b) => compare(b[12] ?? '', a[12] ?? '') || compare(b[0], a[0]));
}

/** Summaries from a jsonRows() value of summary columns. */
function summariesOf(value: string | SummaryValues[] | null | undefined, order?: 'newest first'): ArticleSummary[] {
  const rows = parseJsonRows(value);
  return (order ? newestFirst(rows) : rows).map((values) => toSummary(summaryRowOf(values)));
}

/** An article as its page shows it (without the Markdown source), whatever its status, with its related articles. */
export async function findArticlePageBySlug(db: Db, dialect: DialectName, slug: string): Promise<ArticlePageData | undefined> {
  const [row] = await articlePageQuery.execute(db, dialect, [slug]);
  if (!row) return undefined;
  const article: Article = { ...toSummary(row), bodyMd: '', bodyHtml: row.body_html, authorBio: row.author_bio, createdAt: new Date(row.created_at) };
  // Sections in their order (the primary first), then tags by slug.
  const taxonomy = parseJsonRows(row.taxonomy).sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[4] - b[4] || compare(a[2], b[2])));
  for (const [kind, id, slug, name] of taxonomy) {
    (kind === 'section' ? article.sections : article.tags).push({ id, slug, name });
  }
  const related = summariesOf(row.related, 'newest first');
  return { article, related };
}

/** Ids of the newest live articles listed in each section, read from the listing index alone ($1 now; the limit is written in, see db/row-limit.ts). */
const newestIdsBySectionQuery = perLimit(
  (limit) =>
    new RawQuery<{ id: string; ids: string | Array<[string, string]> | null }>(
      (dialect) => `select s.id, (select ${jsonRows(dialect, ['x.article_id', 'x.listed_at'])} from (
     select l.article_id, l.listed_at from article_sections l where l.section_id = s.id and l.listed_at <= $1 order by l.listed_at desc, l.article_id desc limit ${rowLimit(limit)}
   ) x) as ids from sections s`,
    ),
);

/** An article in a section's listing, and the time it is listed at (its publication time). */
export interface ListedId {
  id: string;
  listedAt: string;
}

/** Newest first, as the listing indexes order articles: by the time listed, then by id. */
function newestListedFirst(a: ListedId, b: ListedId): number {
  return compare(b.listedAt, a.listedAt) || compare(b.id, a.id);
}

/** The newest live articles listed in each section, newest first, by section id. */
export async function listNewestIdsBySection(db: Executor, now: string, limit: number): Promise<Map<string, ListedId[]>> {
  const rows = await newestIdsBySectionQuery(limit).execute(db, dialectOf(db), [now]);
  return new Map(rows.map((row) => [row.id, parseJsonRows(row.ids).map(([id, listedAt]) => ({ id, listedAt })).sort(newestListedFirst)]));
}

/** The ids of the newest articles of several newest-first lists taken together, each article once. */
export function newestAcross(lists: Iterable<readonly ListedId[]>, limit: number): string[] {
  // Only the first `limit` of each list can be among the newest overall.
  const heads: ListedId[] = [];
  for (const list of lists) heads.push(...list.slice(0, limit));
  const ids = new Set<string>();
  for (const entry of heads.sort(newestListedFirst)) {
    if (ids.size === limit) break;
    ids.add(entry.id);
  }
  return [...ids];
}

/** Prepared for each number of ids up to a bound; longer lists are read in parts. */
const MAX_IDS = 64;
const summariesByIdsQueries: Array<PreparedQuery<ListingRow, Record<string, string>>> = [];

/** Summaries of the given articles (no sections or tags), in no particular order; unknown ids are left out. */
export async function findSummariesByIds(db: Executor, ids: readonly string[]): Promise<ArticleSummary[]> {
  if (ids.length === 0) return [];
  if (ids.length > MAX_IDS) return (await Promise.all([findSummariesByIds(db, ids.slice(0, MAX_IDS)), findSummariesByIds(db, ids.slice(MAX_IDS))])).flat();
  const n = ids.length;
  summariesByIdsQueries[n] ??= new PreparedQuery((d: Db) =>
    summaryQuery(d).select(summaryJsonRows(d)).where('a.id', 'in', Array.from({ length: n }, (_, i) => param(`id${i}`))),
  ) as unknown as PreparedQuery<ListingRow, Record<string, string>>;
  const [row] = await summariesByIdsQueries[n].execute(db, Object.fromEntries(ids.map((id, i) => [`id${i}`, id])));
  return summariesOf(row?.rows);
}

const summaryBySlugQuery = new PreparedQuery((db: Db) => summaryQuery(db).select(SUMMARY_COLUMNS).where('a.slug', '=', param('slug')));

/** The summary of an article by slug (no body, no sections or tags), whatever its status. */
export async function findSummaryBySlug(db: Db, slug: string): Promise<ArticleSummary | undefined> {
  const [row] = await summaryBySlugQuery.execute(db, { slug });
  return row && toSummary(row);
}

/** Finds an article by slug whatever its status; the service decides who may see it. */
export async function findArticleBySlug(db: Executor, slug: string): Promise<Article | undefined> {
  const row = await summaryQuery(db)
    .select(SUMMARY_COLUMNS)
    .innerJoin('article_bodies as b', 'b.article_id', 'a.id')
    .select(['b.body_md', 'b.body_html', 'a.created_at', 'au.bio as author_bio'])
    .where('a.slug', '=', slug)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...toSummary(row), bodyMd: row.body_md, bodyHtml: row.body_html, authorBio: row.author_bio, createdAt: new Date(row.created_at) };
}

export async function findSlugById(db: Executor, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('articles').select('slug').where('id', '=', id).executeTakeFirst();
  return row?.slug;
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

function taxonomyQuery(db: Executor, ids: string[]) {
  return db
    .selectFrom('article_sections as x')
    .innerJoin('sections as s', 's.id', 'x.section_id')
    .select(['x.article_id', sql<string>`'section'`.as('kind'), 'x.position', 's.id', 's.slug', 's.name'])
    .where('x.article_id', 'in', ids)
    .unionAll(
      db
        .selectFrom('article_tags as x')
        .innerJoin('tags as t', 't.id', 'x.tag_id')
        .select(['x.article_id', sql<string>`'tag'`.as('kind'), sql<number>`0`.as('position'), 't.id', 't.slug', 't.name'])
        .where('x.article_id', 'in', ids),
    );
}

const taxonomyOfOne = new PreparedQuery((db: Db) => taxonomyQuery(db, [param('id')]));

/** Fills sections and tags of the given articles, in one query. */
export async function loadTaxonomy(db: Executor, articles: ArticleSummary[]): Promise<void> {
  if (articles.length === 0) return;
  const ids = articles.map((a) => a.id);
  const byId = new Map(articles.map((a) => [a.id, a]));
  const rows = ids.length === 1 ? await taxonomyOfOne.execute(db, { id: ids[0]! }) : await taxonomyQuery(db, ids).execute();
  for (const a of articles) {
    a.sections = [];
    a.tags = [];
  }
  rows.sort((p, q) => Number(p.position) - Number(q.position) || (p.slug < q.slug ? -1 : p.slug > q.slug ? 1 : 0));
  for (const row of rows) {
    const article = byId.get(row.article_id);
    if (!article) continue;
    (row.kind === 'section' ? article.sections : article.tags).push({ id: row.id, slug: row.slug, name: row.name });
  }
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

/**
 * Live articles, newest first, for a filter, in one query. The listing index of the filter (section,
 * tag, or publication time for all and by author) drives the query in order; the rows it picks are
 * joined by primary key.
 */
export async function listLiveSummaries(db: Executor, f: ListFilter): Promise<ArticleSummary[]> {
  // With a cursor, the cursor's time is the upper bound of the index range (it is never after now),
  // so an old article's neighbours are found without walking down from the newest.
  const upper = f.before && f.before.at < f.now ? f.before.at : f.now;
  const kind: ListingKind = f.sectionId ? 'section' : f.tagId ? 'tag' : f.authorId ? 'author' : 'all';
  const query = listingQuery(kind, f.before !== undefined, f.excludeId !== undefined, f.limit);
  const [row] = await query.execute(db, {
    filter: f.sectionId ?? f.tagId ?? f.authorId ?? '',
    upper,
    at: f.before?.at ?? '',
    id: f.before?.id ?? '',
    exclude: f.excludeId ?? '',
    offset: f.offset ?? 0,
  });
  return summariesOf(row?.rows, 'newest first');
}

type ListingKind = 'section' | 'tag' | 'author' | 'all';
type ListingParams = { filter: string; upper: string; at: string; id: string; exclude: string; offset: number };
type ListingRow = { rows: string | SummaryValues[] | null };
const listingQueries = new Map<string, PreparedQuery<ListingRow, ListingParams>>();

/**
 * The prepared query for one shape of listing (which filter, with a cursor or not, excluding one or
 * not). The listing's rows come back as JSON rows (see db/raw-query.ts), newest first.
 */
function listingQuery(kind: ListingKind, withCursor: boolean, withExclude: boolean, limit: number): PreparedQuery<ListingRow, ListingParams> {
  const key = `${kind}:${withCursor}:${withExclude}:${rowLimit(limit)}`;
  let query = listingQueries.get(key);
  if (!query) {
    query = new PreparedQuery((db: Db) => buildListing(db, kind, withCursor, withExclude, limit)) as unknown as PreparedQuery<ListingRow, ListingParams>;
    listingQueries.set(key, query);
  }
  return query;
}

/**
 * A listing in two steps: the page's ids from an index alone (the listing table's, or the articles'
 * by publication time), skipping `offset` entries there; then only those articles are read with their
 * author and section. Joining before the offset would read every skipped article too.
 */
function buildListing(db: Db, kind: ListingKind, withCursor: boolean, withExclude: boolean, rows: number) {
  // Written in, not bound: see db/row-limit.ts.
  const limit = sql.lit(Number(rowLimit(rows)));
  const offset = param<number>('offset');
  let page;
  if (kind === 'section' || kind === 'tag') {
    const listing = (kind === 'section' ? 'article_sections' : 'article_tags') as 'article_sections';
    const column = (kind === 'section' ? 'l.section_id' : 'l.tag_id') as 'l.section_id';
    let q = db.selectFrom(`${listing} as l`).select('l.article_id as page_id').where(column, '=', param('filter')).where('l.listed_at', '<=', param('upper'));
    if (withCursor) {
      q = q.where((eb) => eb.or([eb('l.listed_at', '<', param('at')), eb.and([eb('l.listed_at', '=', param('at')), eb('l.article_id', '<', param('id'))])]));
    }
    if (withExclude) q = q.where('l.article_id', '<>', param('exclude'));
    page = q.orderBy('l.listed_at', 'desc').orderBy('l.article_id', 'desc').limit(limit).offset(offset);
  } else {
    let q = db.selectFrom('articles as l').select('l.id as page_id').where('l.status', '<>', 'draft').where('l.published_at', '<=', param('upper'));
    if (kind === 'author') q = q.where('l.author_id', '=', param('filter'));
    if (withCursor) {
      q = q.where((eb) => eb.or([eb('l.published_at', '<', param('at')), eb.and([eb('l.published_at', '=', param('at')), eb('l.id', '<', param('id'))])]));
    }
    if (withExclude) q = q.where('l.id', '<>', param('exclude'));
    page = q.orderBy('l.published_at', 'desc').orderBy('l.id', 'desc').limit(limit).offset(offset);
  }
  return db
    .selectFrom(page.as('p'))
    .innerJoin('articles as a', 'a.id', 'p.page_id')
    .innerJoin('authors as au', 'au.id', 'a.author_id')
    .innerJoin('sections as s', 's.id', 'a.primary_section_id')
    .select(summaryJsonRows(db));
}

/** The summary columns of `a`, `au` and `s` aggregated as JSON rows, straight from the join (a subquery around it costs SQLite a fifth more). */
function summaryJsonRows(db: Db) {
  return sql<string>`${sql.raw(jsonRows(dialectOf(db), SUMMARY_SQL.map((c) => c.sql)))}`.as('rows');
}

/** What the newsroom's list of articles asks for: a state (by status and the time now), a section. */
export interface DeskFilter {
  /** Drafts; scheduled (not a draft, its time still to come); published (not a draft, its time passed). */
  state?: 'draft' | 'scheduled' | 'published';
  /** Articles listed in this section, as their primary section or another. */
  sectionId?: string;
  now: string;
  limit: number;
}

/** Articles in any state for the newsroom, the most recently saved first. */
export async function listArticlesForDesk(db: Executor, f: DeskFilter): Promise<ArticleSummary[]> {
  let query = summaryQuery(db).select(SUMMARY_COLUMNS);
  if (f.state === 'draft') query = query.where('a.status', '=', 'draft');
  else if (f.state) query = query.where('a.status', '<>', 'draft').where('a.published_at', f.state === 'scheduled' ? '>' : '<=', f.now);
  if (f.sectionId) {
    const sectionId = f.sectionId;
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('article_sections as x').select('x.article_id').whereRef('x.article_id', '=', 'a.id').where('x.section_id', '=', sectionId)),
    );
  }
  const rows = await query.orderBy('a.updated_at', 'desc').orderBy('a.id', 'desc').limit(f.limit).execute();
  return rows.map(toSummary);
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
  updatedAt: Date;
  publishedAt: Date | null;
}

/** One page of live articles for the sitemap, oldest first so pages stay stable as the archive grows. */
export async function listSitemapEntries(db: Executor, now: string, offset: number, limit: number): Promise<SitemapEntry[]> {
  const rows = await db
    .selectFrom('articles as a')
    .innerJoin('sections as s', 's.id', 'a.primary_section_id')
    .select(['a.slug', 's.slug as section_slug', 'a.updated_at', 'a.published_at'])
    .where('a.status', '<>', 'draft')
    .where('a.published_at', '<=', now)
    .orderBy('a.published_at')
    .orderBy('a.id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ slug: r.slug, sectionSlug: r.section_slug, updatedAt: new Date(r.updated_at), publishedAt: r.published_at ? new Date(r.published_at) : null }));
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

/**
 * The latest change among live articles, a save or a publication (a scheduled article goes live without
 * being saved again): the Last-Modified of sitemaps.
 */
export async function findLatestUpdate(db: Executor, now: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => [eb.fn.max('updated_at').as('updated'), eb.fn.max('published_at').as('published')])
    .where('status', '<>', 'draft')
    .where('published_at', '<=', now)
    .executeTakeFirst();
  const times = [row?.updated, row?.published].filter((t): t is string => typeof t === 'string');
  return times.sort((a, b) => Date.parse(a) - Date.parse(b)).pop();
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
export type ArticleBody = { body_md: string; body_html: string };

export async function insertArticle(trx: Executor, row: ArticleRow, body: ArticleBody): Promise<void> {
  await trx.insertInto('articles').values(row).execute();
  await trx.insertInto('article_bodies').values({ article_id: row.id, ...body }).execute();
}

export async function updateArticleRow(trx: Executor, id: string, row: Partial<ArticleRow>, body: ArticleBody): Promise<void> {
  await trx.updateTable('articles').set(row).where('id', '=', id).execute();
  await trx.updateTable('article_bodies').set(body).where('article_id', '=', id).execute();
}

/** Opens or closes an article's comments; its times are left as they are (its text did not change). */
export async function updateCommentsEnabled(db: Executor, id: string, enabled: boolean): Promise<void> {
  await db.updateTable('articles').set({ comments_enabled: enabled ? 1 : 0 }).where('id', '=', id).execute();
}

/** An article's Markdown and what is stored from rendering it. */
export interface StoredRendering {
  id: string;
  slug: string;
  title: string;
  standfirst: string;
  bodyMd: string;
  bodyHtml: string;
  wordCount: number;
  /** Its publication time, or its creation time while it has none (what orders its search document). */
  orderAt: string;
}

/** Up to `limit` articles after an id, in id order, with their Markdown and rendered HTML. */
export async function listRenderingsAfter(db: Executor, afterId: string, limit: number): Promise<StoredRendering[]> {
  const rows = await db
    .selectFrom('articles as a')
    .innerJoin('article_bodies as b', 'b.article_id', 'a.id')
    .select(['a.id', 'a.slug', 'a.title', 'a.standfirst', 'a.word_count', 'b.body_md', 'b.body_html', 'a.published_at', 'a.created_at'])
    .where('a.id', '>', afterId)
    .orderBy('a.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, standfirst: r.standfirst, bodyMd: r.body_md, bodyHtml: r.body_html, wordCount: r.word_count, orderAt: r.published_at ?? r.created_at }));
}

export async function countArticles(db: Executor): Promise<number> {
  const row = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Stores a new rendering of an article's Markdown; the article's times are left as they are. */
export async function updateRendering(trx: Executor, id: string, bodyHtml: string, wordCount: number): Promise<void> {
  await trx.updateTable('article_bodies').set({ body_html: bodyHtml }).where('article_id', '=', id).execute();
  await trx.updateTable('articles').set({ word_count: wordCount }).where('id', '=', id).execute();
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

/** Ids of the demo articles. */
export async function listDemoArticleIds(db: Executor): Promise<string[]> {
  return (await db.selectFrom('articles').select('id').where('is_demo', '=', 1).execute()).map((r) => r.id);
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
