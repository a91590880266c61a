// The search index behind one interface, with a file per database (search.sqlite.ts, search.pg.ts).
// Articles write their document through indexForSearch() in the transaction that saves them.
import { sql } from 'kysely';
import type { DialectName } from '../../db/database.js';
import type { Executor } from '../../db/schema.js';
import { bodyText, indexText, type SearchTerms } from './search-text.js';
import type { SearchScope } from './search.scope.js';
import { sqliteSearch } from './search.sqlite.js';
import type { Stemming } from './stemming.js';
import { postgresSearch } from './search.pg.js';


/** An article's words as indexed: headline, standfirst and body, each folded and stemmed (see search-text.ts). */
export interface SearchDocument {
  articleId: string;
  title: string;
  standfirst: string;
  body: string;
  /** Its publication time as stored (its creation time for a draft without one): what `ordinal` orders by. */
  orderAt: string;
}

/**
 * Where a search looks for its words, best first: every word in the headline; every word in the
 * headline or the standfirst; every word anywhere. Each tier holds the one before it.
 */
export type SearchTier = 'headline' | 'headline-standfirst' | 'anywhere';
const TIERS: readonly SearchTier[] = ['headline', 'headline-standfirst', 'anywhere'];

export interface SearchBackend {
  /** Writes the article's document with its ordinal (see searchOrdinal()), replacing the one it had. */
  write(db: Executor, document: SearchDocument, ordinal: number): Promise<void>;
  /** Removes the documents of these articles (before the articles themselves go). */
  remove(db: Executor, articleIds: readonly string[]): Promise<void>;
  /**
   * Ids of up to `limit` live articles (at `now`, in the section when one is given) with every word of
   * the search in the tier's parts, newest first by ordinal. Read in that order from the index, so it
   * costs about `limit` rows (more in a section: the matches outside it are read past).
   */
  findTier(db: Executor, terms: SearchTerms, tier: SearchTier, scope: SearchScope, limit: number): Promise<string[]>;
}

/**
 * Ordinals per millisecond of publication time. A document's ordinal is its article's time in
 * milliseconds times this, plus the first number not yet taken from there on: unique, in publication
 * order (to the millisecond, unless more than this many articles share one), and a safe integer until
 * the year 2255.
 */
const ORDINALS_PER_MS = 1024;
/** How far past its time a document's ordinal may go, should that many articles share a moment. */
const ORDINAL_SPREAD = ORDINALS_PER_MS * 1000;

/**
 * The ordinal for an article's document: the one it has while its time is unchanged, else the first
 * free one from its time. Numbering documents by publication lets each database read matches newest
 * first straight from an index (SQLite's FTS5 rowid) and stop at the page shown.
 */
export async function searchOrdinal(db: Executor, articleId: string, orderAt: string): Promise<number> {
  const base = Date.parse(orderAt) * ORDINALS_PER_MS;
  const current = await db.selectFrom('search_documents').select('ordinal').where('article_id', '=', articleId).executeTakeFirst();
  if (current && Number(current.ordinal) >= base && Number(current.ordinal) < base + ORDINALS_PER_MS) return Number(current.ordinal);
  const taken = await db
    .selectFrom('search_documents')
    .select('ordinal')
    .where('ordinal', '>=', base)
    .where('ordinal', '<', base + ORDINAL_SPREAD)
    .orderBy('ordinal')
    .execute();
  let next = base;
  for (const row of taken) {
    if (Number(row.ordinal) !== next) break;
    next++;
  }
  return next;
}

/**
 * One page of the live articles with every word of the search: those with every word in the headline,
 * newest first; then those with every word in the headline or standfirst; then the rest. Each tier is
 * read only as far as the page needs, so a common word costs no more than a rare one.
 */
export async function findLiveIds(backend: SearchBackend, db: Executor, terms: SearchTerms, scope: SearchScope, page: { limit: number; offset: number }): Promise<string[]> {
  const wanted = page.offset + page.limit;
  const ids: string[] = [];
  const seen = new Set<string>();
  for (const tier of TIERS) {
    // A tier holds the articles of the tiers before it: read past as many as were found there.
    for (const id of await backend.findTier(db, terms, tier, scope, wanted + seen.size)) {
      if (seen.has(id)) continue;
      seen.add(id);
      ids.push(id);
    }
    if (ids.length >= wanted) break;
  }
  return ids.slice(page.offset, wanted);
}

export function searchBackend(dialect: DialectName): SearchBackend {
  return dialect === 'postgres' ? postgresSearch : sqliteSearch;
}

/** An article as search reads it: its text, and the time that orders it (publication, or creation for a draft). */
export interface IndexedArticle {
  id: string;
  title: string;
  standfirst: string;
  bodyHtml: string;
  orderAt: string;
}

/** What an article is found by, from its text as saved. */
export function searchDocumentOf(article: IndexedArticle, stemming: Stemming): SearchDocument {
  const text = (value: string) => indexText(value, stemming);
  return { articleId: article.id, title: text(article.title), standfirst: text(article.standfirst), body: text(bodyText(article.bodyHtml)), orderAt: article.orderAt };
}

/** PostgreSQL's advisory lock for numbering search documents: any number, so long as it is always this one. */
const ORDINAL_LOCK = 7_209_314_005;

/**
 * Holds back other search-document writes until this transaction ends. On PostgreSQL it takes the lock
 * writeSearchDocument() takes (a transaction may take it again); SQLite has one writer at a time already.
 * Indexing takes it before it reads the articles it writes, so that an edit saved meanwhile is not
 * overwritten by the text it replaced.
 */
export async function holdSearchWrites(db: Executor, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${ORDINAL_LOCK})`.execute(db);
}

/**
 * Writes a search document with its ordinal (call it in the transaction that saves the article). On
 * PostgreSQL, two saves at once would each see the other's number as free: the second waits for the
 * first's transaction to end before it looks. SQLite has one writer at a time already.
 */
export async function writeSearchDocument(db: Executor, dialect: DialectName, document: SearchDocument): Promise<void> {
  await holdSearchWrites(db, dialect);
  await searchBackend(dialect).write(db, document, await searchOrdinal(db, document.articleId, document.orderAt));
}

/** Writes an article's search document, stemmed for the site's language; call it in the transaction that saves the article. */
export async function indexForSearch(db: Executor, dialect: DialectName, stemming: Stemming, article: IndexedArticle): Promise<void> {
  await writeSearchDocument(db, dialect, searchDocumentOf(article, stemming));
}

/** Removes articles' search documents; call it in the transaction that deletes them. */
export async function removeFromSearch(db: Executor, dialect: DialectName, articleIds: readonly string[]): Promise<void> {
  if (articleIds.length > 0) await searchBackend(dialect).remove(db, articleIds);
}


/**
 * Articles after an id, in id order, with their text: all of them, or only those without a search
 * document (written before search existed, or copied from another database).
 */
export async function listArticleTexts(db: Executor, options: { after: string; unsearchedOnly: boolean }, limit: number): Promise<IndexedArticle[]> {
  let query = db
    .selectFrom('articles as a')
    .innerJoin('article_bodies as b', 'b.article_id', 'a.id')
    .select(['a.id', 'a.title', 'a.standfirst', 'b.body_html', 'a.published_at', 'a.created_at'])
    .where('a.id', '>', options.after);
  if (options.unsearchedOnly) query = query.leftJoin('search_documents as d', 'd.article_id', 'a.id').where('d.id', 'is', null);
  const rows = await query.orderBy('a.id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, title: r.title, standfirst: r.standfirst, bodyHtml: r.body_html, orderAt: r.published_at ?? r.created_at }));
}

/** How many articles there are, or how many have no search document. */
export async function countArticleTexts(db: Executor, options: { unsearchedOnly: boolean }): Promise<number> {
  const articles = Number((await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  if (!options.unsearchedOnly) return articles;
  // Each document belongs to one article (a unique key), so as many documents as articles means none is
  // missing: the usual case at every start, answered from two counts instead of a join over the archive.
  const documents = Number((await db.selectFrom('search_documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  if (documents === articles) return 0;
  const missing = await db
    .selectFrom('articles as a')
    .leftJoin('search_documents as d', 'd.article_id', 'a.id')
    .where('d.id', 'is', null)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(missing.n);
}

/** How the search index's text was written (see searchTextKind()), or null before the first time. */
export async function readSearchTextKind(db: Executor): Promise<string | null> {
  const row = await db.selectFrom('site_state').select('search_text').where('id', '=', 1).executeTakeFirst();
  return row?.search_text ?? null;
}

/** Records how the whole index is now written. */
export async function recordSearchTextKind(db: Executor, kind: string): Promise<void> {
  await db.updateTable('site_state').set({ search_text: kind }).where('id', '=', 1).execute();
}

/** PostgreSQL: gathers the statistics of the search documents (which words are common) for the planner. */
export async function analyzeSearchDocuments(db: Executor): Promise<void> {
  await sql`analyze search_documents`.execute(db);
}
