// The search index behind one interface, with a file per database (search.sqlite.ts, search.pg.ts).
// Articles write their document through indexForSearch() in the transaction that saves them.
import { sql } from 'kysely';
import type { DialectName } from '../../db/database.js';
import type { Executor } from '../../db/schema.js';
import { bodyText, indexText, type SearchTerms } from './search-text.js';
import { sqliteSearch } from './search.sqlite.js';
import { postgresSearch } from './search.pg.js';


/** An article's words as indexed: headline, standfirst and body, each folded (see search-text.ts). */
export interface SearchDocument {
  articleId: string;
  title: string;
  standfirst: string;
  body: string;
}

export interface SearchBackend {
  /** Writes the article's document, replacing the one it had. */
  write(db: Executor, document: SearchDocument): Promise<void>;
  /** Removes the documents of these articles (before the articles themselves go). */
  remove(db: Executor, articleIds: readonly string[]): Promise<void>;
  /**
   * Ids of the live articles (at `now`) with every word of the search, the best matches first (a word
   * in the headline counts most, then the standfirst, then the body), then the newest. Only the
   * `rankAmong` documents added last that have every word are ranked (see RANK_AMONG).
   */
  findLiveIds(db: Executor, terms: SearchTerms, now: string, page: { limit: number; offset: number; rankAmong: number }): Promise<string[]>;
}

/**
 * A search ranks at most this many of the documents with all its words, those added last (documents
 * are numbered as articles are first saved, so about the newest). A word found in a large archive
 * would otherwise have every article that holds it scored and sorted: about 11 ms for 10,000 articles
 * here, and ten times that at 100,000; with the bound, about 2 ms however large the archive. A reader
 * sees 400 results at most (search.service.ts), and a search precise enough to be useful has fewer
 * matches than this.
 */
export const RANK_AMONG = 1000;

export function searchBackend(dialect: DialectName): SearchBackend {
  return dialect === 'postgres' ? postgresSearch : sqliteSearch;
}

/** What an article is found by, from its text as saved. */
export function searchDocumentOf(article: { id: string; title: string; standfirst: string; bodyHtml: string }): SearchDocument {
  return { articleId: article.id, title: indexText(article.title), standfirst: indexText(article.standfirst), body: indexText(bodyText(article.bodyHtml)) };
}

/** Writes an article's search document; call it in the transaction that saves the article. */
export async function indexForSearch(db: Executor, dialect: DialectName, article: { id: string; title: string; standfirst: string; bodyHtml: string }): Promise<void> {
  await searchBackend(dialect).write(db, searchDocumentOf(article));
}

/** Removes articles' search documents; call it in the transaction that deletes them. */
export async function removeFromSearch(db: Executor, dialect: DialectName, articleIds: readonly string[]): Promise<void> {
  if (articleIds.length > 0) await searchBackend(dialect).remove(db, articleIds);
}

/** An article's text as search reads it. */
export interface ArticleText {
  id: string;
  title: string;
  standfirst: string;
  bodyHtml: string;
}

/**
 * Articles after an id, in id order, with their text: all of them, or only those without a search
 * document (written before search existed, or copied from another database).
 */
export async function listArticleTexts(db: Executor, options: { after: string; unsearchedOnly: boolean }, limit: number): Promise<ArticleText[]> {
  let query = db
    .selectFrom('articles as a')
    .innerJoin('article_bodies as b', 'b.article_id', 'a.id')
    .select(['a.id', 'a.title', 'a.standfirst', 'b.body_html'])
    .where('a.id', '>', options.after);
  if (options.unsearchedOnly) query = query.leftJoin('search_documents as d', 'd.article_id', 'a.id').where('d.id', 'is', null);
  const rows = await query.orderBy('a.id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, title: r.title, standfirst: r.standfirst, bodyHtml: r.body_html }));
}

/** How many articles there are, or how many have no search document. */
export async function countArticleTexts(db: Executor, options: { unsearchedOnly: boolean }): Promise<number> {
  let query = db.selectFrom('articles as a').select((eb) => eb.fn.countAll<number>().as('n'));
  if (options.unsearchedOnly) query = query.leftJoin('search_documents as d', 'd.article_id', 'a.id').where('d.id', 'is', null);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** PostgreSQL: gathers the statistics of the search documents (which words are common) for the planner. */
export async function analyzeSearchDocuments(db: Executor): Promise<void> {
  await sql`analyze search_documents`.execute(db);
}
