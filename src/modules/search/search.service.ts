// Readers search the archive: live articles with every word of the search, those with the words in the
// headline first, then in the standfirst, then anywhere (see search.index.ts).
import { countAgainstLimit, type Ctx } from '../../context.js';
import { toTimestamp } from '../../shared/clock.js';
import { getSummariesByIds, withTaxonomy, type ArticleSummary } from '../articles/articles.service.js';
import { clientHash } from '../comments/comments.service.js';
import { searchRateLimited } from './search.errors.js';
import { analyzeSearchDocuments, countArticleTexts, findLiveIds, indexForSearch, listArticleTexts, searchBackend } from './search.index.js';
import { parseSearch, type SearchTerms } from './search-text.js';

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
 * `taxonomy`, the articles come with their sections and tags.
 */
export async function searchArticles(ctx: Ctx, query: string, page: number, clientAddress?: string, options: { taxonomy?: boolean } = {}): Promise<SearchResults> {
  const terms = parseSearch(query);
  if (!terms) return { terms, articles: [], page, hasMore: false };
  if (clientAddress !== undefined) {
    await countAgainstLimit(ctx, 'search', clientHash(ctx, clientAddress), ctx.config.searchRateLimit, searchRateLimited);
  }
  const now = toTimestamp(ctx.clock.now());
  const ids = await findLiveIds(searchBackend(ctx.dialect), ctx.db, terms, now, { limit: SEARCH_PAGE_SIZE + 1, offset: (page - 1) * SEARCH_PAGE_SIZE });
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

const INDEX_BATCH = 200;

type IndexProgress = { onStart?: (total: number) => void; onProgress?: (done: number, total: number) => void };

/**
 * Writes the search documents of articles that have none: every article after the upgrade that
 * brought search, and those copied from another database. Returns how many it wrote.
 */
export async function indexUnsearchedArticles(ctx: Ctx, options: IndexProgress = {}): Promise<number> {
  return indexArticles(ctx, true, options);
}

/**
 * Writes every article's search document again, a batch at a time, so that search goes on working
 * meanwhile: after an upgrade that changes how search reads text, or to repair the index.
 */
export async function reindexAllArticles(ctx: Ctx, options: IndexProgress = {}): Promise<number> {
  return indexArticles(ctx, false, options);
}

async function indexArticles(ctx: Ctx, unsearchedOnly: boolean, options: IndexProgress): Promise<number> {
  const total = await countArticleTexts(ctx.db, { unsearchedOnly });
  if (total === 0) return 0;
  options.onStart?.(total);
  let done = 0;
  let after = '';
  for (;;) {
    const batch = await listArticleTexts(ctx.db, { after, unsearchedOnly }, INDEX_BATCH);
    if (batch.length === 0) break;
    await ctx.db.transaction().execute(async (trx) => {
      for (const article of batch) await indexForSearch(trx, ctx.dialect, article);
    });
    done += batch.length;
    after = batch[batch.length - 1]!.id;
    options.onProgress?.(done, Math.max(total, done));
  }
  // PostgreSQL plans searches from the words' statistics, which a bulk load leaves for autovacuum to gather later.
  if (done > 0 && ctx.dialect === 'postgres') await analyzeSearchDocuments(ctx.db);
  return done;
}
