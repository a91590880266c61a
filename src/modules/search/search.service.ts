// Readers search the archive: live articles with every word of the search, those with the words in the
// headline first, then in the standfirst, then anywhere (see search.index.ts).
import { countAgainstLimit, type Ctx } from '../../context.js';
import { toTimestamp } from '../../shared/clock.js';
import { getSummariesByIds, withTaxonomy, type ArticleSummary } from '../articles/articles.service.js';
import { clientHash } from '../comments/comments.service.js';
import { searchRateLimited } from './search.errors.js';
import { analyzeSearchDocuments, countArticleTexts, findLiveIds, holdSearchWrites, indexForSearch, listArticleTexts, readSearchTextKind, recordSearchTextKind, searchBackend } from './search.index.js';
import { parseSearch, searchTextKind, type SearchTerms } from './search-text.js';
import { stemmingFor } from './stemming.js';

/** Results a page. */
export const SEARCH_PAGE_SIZE = 20;
/** Pages of results a reader can go through: past them a search is better narrowed than read on. */
export const MAX_SEARCH_PAGES = 20;

export interface SearchResults {
  /** The words looked for, or null when the search had none. */
  terms: SearchTerms | null;
  articles: ArticleSummary[];
  page: number;
  hasMore: boolean;
}

/**
 * One page (from 1) of the live articles that match a search as a reader typed it. With the reader's
 * address, the search counts against SEARCH_RATE_LIMIT (a search with no words does not). With
 * `taxonomy`, the articles come with their sections and tags; with `sectionId`, only the articles
 * listed in that section are found.
 */
export async function searchArticles(ctx: Ctx, query: string, page: number, clientAddress?: string, options: { taxonomy?: boolean; sectionId?: string } = {}): Promise<SearchResults> {
  const terms = parseSearch(query, stemmingFor(ctx.config.siteLanguage));
  if (!terms) return { terms, articles: [], page, hasMore: false };
  if (clientAddress !== undefined) {
    await countAgainstLimit(ctx, 'search', clientHash(ctx, clientAddress), ctx.config.searchRateLimit, searchRateLimited);
  }
  const now = toTimestamp(ctx.clock.now());
  const ids = await findLiveIds(searchBackend(ctx.dialect), ctx.db, terms, { now, sectionId: options.sectionId ?? null }, { limit: SEARCH_PAGE_SIZE + 1, offset: (page - 1) * SEARCH_PAGE_SIZE });
  const shown = ids.slice(0, SEARCH_PAGE_SIZE);
  const summaries = await getSummariesByIds(ctx, shown);
  const articles = shown.map((id) => summaries.get(id)).filter((a): a is ArticleSummary => a !== undefined);
  if (options.taxonomy) await withTaxonomy(ctx, articles);
  return {
    terms,
    articles,
    page,
    hasMore: ids.length > SEARCH_PAGE_SIZE && page < MAX_SEARCH_PAGES,
  };
}

/** Articles indexed in one transaction, unless the caller asks for smaller batches. */
const INDEX_BATCH = 200;

export interface IndexOptions {
  onStart?: (total: number) => void;
  onProgress?: (done: number, total: number) => void;
  /** Articles a transaction (default 200): a server indexing while it serves keeps each short. */
  batch?: number;
  /** Awaited between batches: a server indexing while it serves lets requests in. */
  pause?: () => Promise<void>;
  /** Stops the work before its next batch, rejecting with the signal's reason; what was written stays. */
  signal?: AbortSignal;
}

/**
 * An onProgress that writes a line each time another tenth of the articles is done, short of the
 * whole (whose end the caller reports), and nothing for runs of fewer than `minimumTotal` articles.
 */
export function progressInTenths(write: (line: string) => void, minimumTotal: number): (done: number, total: number) => void {
  let tenths = 0;
  return (done, total) => {
    const reached = Math.floor((done * 10) / total);
    if (total < minimumTotal || reached <= tenths || reached >= 10) return;
    tenths = reached;
    write(`${done} of ${total} article(s) (${reached * 10}%)`);
  };
}

/**
 * What the server does for search as it starts, and `broadsheet migrate`: when the index was written
 * otherwise than this version writes it with this SITE_LANGUAGE (see searchTextKind(): after an upgrade
 * that folds or stems differently, or a new language), every document again; otherwise the documents
 * of articles that have none (after the upgrade that brought search, or a copy from another
 * database). Returns how many it wrote.
 */
export async function bringSearchUpToDate(ctx: Ctx, options: IndexOptions = {}): Promise<number> {
  const current = (await readSearchTextKind(ctx.db)) === searchTextKind(stemmingFor(ctx.config.siteLanguage));
  return current ? indexArticles(ctx, true, options) : reindexAllArticles(ctx, options);
}

/**
 * On a database without articles, records that its index is written as this version writes it: the
 * articles saved from then on (a first start's demo content) are indexed as they are saved, and need
 * no second pass. A site whose index has been written before is left to bringSearchUpToDate(), without
 * counting its archive at every start.
 */
export async function adoptEmptySearchIndex(ctx: Ctx): Promise<void> {
  if ((await readSearchTextKind(ctx.db)) !== null) return;
  if ((await countArticleTexts(ctx.db, { unsearchedOnly: false })) === 0) {
    await recordSearchTextKind(ctx.db, searchTextKind(stemmingFor(ctx.config.siteLanguage)));
  }
}

/**
 * Writes every article's search document again, a batch at a time, so that search goes on working
 * meanwhile (to repair the index, or for a new stemming), and records the stemming it was written with.
 */
export async function reindexAllArticles(ctx: Ctx, options: IndexOptions = {}): Promise<number> {
  const written = await indexArticles(ctx, false, options);
  await recordSearchTextKind(ctx.db, searchTextKind(stemmingFor(ctx.config.siteLanguage)));
  return written;
}

async function indexArticles(ctx: Ctx, unsearchedOnly: boolean, options: IndexOptions): Promise<number> {
  const total = await countArticleTexts(ctx.db, { unsearchedOnly });
  if (total === 0) return 0;
  options.onStart?.(total);
  const stemming = stemmingFor(ctx.config.siteLanguage);
  let done = 0;
  let after = '';
  for (;;) {
    options.signal?.throwIfAborted();
    // Read in the transaction that writes, after the lock on search writes: an article saved meanwhile
    // then has its own document written after this batch's, not replaced by the text it had before.
    const batch = await ctx.db.transaction().execute(async (trx) => {
      await holdSearchWrites(trx, ctx.dialect);
      const articles = await listArticleTexts(trx, { after, unsearchedOnly }, options.batch ?? INDEX_BATCH);
      for (const article of articles) await indexForSearch(trx, ctx.dialect, stemming, article);
      return articles;
    });
    if (batch.length === 0) break;
    done += batch.length;
    after = batch[batch.length - 1]!.id;
    options.onProgress?.(done, Math.max(total, done));
    await options.pause?.();
  }
  // PostgreSQL plans searches from the words' statistics, which a bulk load leaves for autovacuum to gather later.
  if (done > 0 && ctx.dialect === 'postgres') await analyzeSearchDocuments(ctx.db);
  return done;
}
