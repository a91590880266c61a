// /api/v1: the public JSON API. Routes call module services and answer with presenters.
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../context.js';
import { DomainError, invalid } from '../../http/errors.js';
import { getAuthorBySlug } from '../authors/authors.service.js';
import { findLiveArticle, getTagBySlug, listLiveArticles, type ListOptions } from '../articles/articles.service.js';
import { getSectionBySlug } from '../sections/sections.service.js';
import { articleResponseSchema, errorSchema, listArticlesQuerySchema, listArticlesResponseSchema, searchQuerySchema, searchResponseSchema } from './api.schemas.js';
import { searchArticles } from '../search/search.service.js';
import { decodeCursor, encodeCursor, presentArticle, presentArticleSummary } from './api.presenter.js';
import { openApiDocument } from './openapi.js';
import { commentApiRoutes } from './comments-api.js';

interface ListQuery {
  section?: string;
  tag?: string;
  author?: string;
  limit: number;
  cursor?: string;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

const notJson = () =>
  new DomainError({ code: 'unsupported_media_type', status: 415, message: 'Send the request body as JSON, with the header Content-Type: application/json.' });

export async function apiRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const { config } = ctx;

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' || request.method === 'HEAD') {
      void reply.header('access-control-allow-origin', '*');
      if (!reply.hasHeader('cache-control')) void reply.header('cache-control', reply.statusCode === 200 ? 'public, max-age=60' : 'no-store');
    }
    return payload;
  });

  // The schema check lets a number written to read as infinite ("1e400") through as Infinity, past its
  // maximum; no query parameter of the API can be one.
  app.addHook('preHandler', async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    for (const [name, value] of Object.entries(query ?? {})) {
      if (typeof value === 'number' && !Number.isFinite(value)) throw invalid(`The request is not valid: querystring/${name} must be a finite number.`, { [name]: 'Not a finite number.' });
    }
  });

  // The API reads JSON only. Without this, a form or plain-text body reached the schema check and came
  // back as "body must be object", which does not say what to send.
  app.addHook('preValidation', async (request) => {
    if (request.method === 'POST' && !JSON_TYPE.test(request.headers['content-type'] ?? '')) throw notJson();
  });

  await commentApiRoutes(app, ctx);

  app.get('/openapi.json', { config: { pageCache: true } }, async () => openApiDocument(config));

  /** The id of the section a filter names, or 404 not_found. */
  const sectionIdOf = async (slug: string): Promise<string> => {
    const found = await getSectionBySlug(ctx, slug);
    if (!found) throw new DomainError({ code: 'not_found', status: 404, message: `There is no section "${slug}".` });
    return found.id;
  };

  app.get<{ Querystring: ListQuery }>(
    '/v1/articles',
    { config: { pageCache: true }, schema: { querystring: listArticlesQuerySchema, response: { 200: listArticlesResponseSchema, '4xx': errorSchema } } },
    async (request) => {
      const { section, tag, author, limit, cursor } = request.query;
      const filter: ListOptions = { limit: limit + 1, withTaxonomy: true };
      if (section) filter.sectionId = await sectionIdOf(section);
      if (tag) {
        const found = await getTagBySlug(ctx, tag);
        if (!found) throw new DomainError({ code: 'not_found', status: 404, message: `There is no tag "${tag}".` });
        filter.tagId = found.id;
      }
      if (author) {
        const found = await getAuthorBySlug(ctx, author);
        if (!found) throw new DomainError({ code: 'not_found', status: 404, message: `There is no author "${author}".` });
        filter.authorId = found.id;
      }
      if (cursor) {
        const before = decodeCursor(cursor);
        if (!before) throw invalid('The cursor is not valid: pass the next_cursor of a previous page unchanged.', { cursor: 'Not a cursor from this API.' });
        filter.before = before;
      }
      if ([filter.sectionId, filter.tagId, filter.authorId].filter(Boolean).length > 1) {
        throw invalid('Filter by one of section, tag or author at a time.');
      }
      const articles = await listLiveArticles(ctx, filter);
      const page = articles.slice(0, limit);
      const last = page[page.length - 1];
      return {
        articles: page.map((a) => presentArticleSummary(config, a)),
        next_cursor: articles.length > limit && last ? encodeCursor(last) : null,
      };
    },
  );

  app.get<{ Querystring: { q: string; section?: string; page: number } }>(
    '/v1/search',
    { schema: { querystring: searchQuerySchema, response: { 200: searchResponseSchema, '4xx': errorSchema } } },
    async (request) => {
      const { q, section, page } = request.query;
      const sectionId = section ? await sectionIdOf(section) : undefined;
      const results = await searchArticles(ctx, q, page, request.ip, { taxonomy: true, sectionId });
      if (!results.terms) throw invalid('Search with words or numbers: punctuation and symbols alone find nothing.', { q: 'No word to look for.' });
      return { articles: results.articles.map((a) => presentArticleSummary(config, a)), next_page: results.hasMore ? page + 1 : null };
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/v1/articles/:slug',
    { config: { pageCache: true }, schema: { response: { 200: articleResponseSchema, '4xx': errorSchema } } },
    async (request, reply) => {
      const found = await findLiveArticle(ctx, request.params.slug);
      if (found.kind === 'moved') return reply.redirect(`/api/v1/articles/${found.slug}`, 301);
      void reply.header('last-modified', found.article.updatedAt.toUTCString());
      return { article: presentArticle(config, found.article) };
    },
  );
}
