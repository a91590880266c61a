// The search page: /search?q=words&section=slug&page=N. Works without JavaScript; results are not kept in the page
// cache (every search is its own address) and are not for search engines (noindex, and robots.txt).
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../http/errors.js';
import { parsePageNumber, sendPage, type PageDeps } from '../../http/page.js';
import type { ArticleSummary } from '../articles/articles.service.js';
import { toCardView, type ArticleCardView } from '../articles/articles.view.js';
import type { DateFormats } from '../../shared/format.js';
import { highlightParts, MAX_SEARCH_CHARACTERS, type SearchTerms, type TextPart } from './search-text.js';
import { getSections } from '../sections/sections.service.js';
import { MAX_SEARCH_PAGES, searchArticles } from './search.service.js';
import { stemmingFor, type Stemming } from './stemming.js';

export async function searchRoutes(app: FastifyInstance, deps: PageDeps): Promise<void> {
  const { ctx } = deps;
  app.get<{ Querystring: { q?: unknown; section?: unknown; page?: unknown } }>('/search', async (request, reply) => {
    const query = typeof request.query.q === 'string' ? request.query.q.trim().slice(0, MAX_SEARCH_CHARACTERS) : '';
    const page = parsePageNumber(request.query.page);
    if (page === undefined || page > MAX_SEARCH_PAGES) throw notFound();
    // "All sections" sends an empty section; a section that does not exist is a page that does not.
    const sectionSlug = typeof request.query.section === 'string' ? request.query.section : '';
    const sections = await getSections(ctx);
    const section = sectionSlug === '' ? null : sections.find((s) => s.slug === sectionSlug);
    if (section === undefined) throw notFound();
    const results = await searchArticles(ctx, query, page, request.ip, section ? { sectionId: section.id } : {});
    if (page > 1 && results.articles.length === 0) throw notFound();
    const href = (n: number, inSection = section) =>
      `/search?q=${encodeURIComponent(query)}${inSection ? `&section=${inSection.slug}` : ''}${n > 1 ? `&page=${n}` : ''}`;
    const pagination = { page, prev: page > 1 ? href(page - 1) : null, next: results.hasMore ? href(page + 1) : null };
    const state = query === '' ? 'empty' : results.terms === null ? 'no-words' : 'results';
    return sendPage(
      deps,
      reply,
      'search/results',
      {
        meta: {
          title: query ? `${query}: search | ${ctx.config.siteName}` : `Search | ${ctx.config.siteName}`,
          description: `Search the articles of ${ctx.config.siteName}.`,
          path: '/search',
          noindex: true,
        },
        data: {
          query,
          state,
          sections,
          section,
          everywhereHref: section ? href(1, null) : null,
          articles: results.articles.map((a) => resultView(a, results.terms!, stemmingFor(ctx.config.siteLanguage), ctx.dates)),
          pagination,
        },
      },
      // Shared caches may keep a search for a minute; a reader's browser asks again.
      { maxAge: 60 },
    );
  });
}

/** A result's card, with the words that match marked in its headline and standfirst. */
function resultView(article: ArticleSummary, terms: SearchTerms, stemming: Stemming, dates: DateFormats): ArticleCardView & { titleParts: TextPart[]; standfirstParts: TextPart[] } {
  return { ...toCardView(article, dates), titleParts: highlightParts(article.title, terms, stemming), standfirstParts: highlightParts(article.standfirst, terms, stemming) };
}
