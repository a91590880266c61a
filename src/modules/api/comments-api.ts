// /api/v1 comment endpoints: the same rules as the form (without the form-only honeypot and timing).
import type { FastifyInstance } from 'fastify';
import { countAgainstLimit, type Ctx } from '../../context.js';
import { DomainError } from '../../http/errors.js';
import { sameOriginOnly } from '../../http/same-origin.js';
import { jsonBodyAsSent } from '../../http/json-body.js';
import { MAX_ROW_NUMBER } from '../../shared/ids.js';
import { articlePath, findLiveArticle, findLiveSummary } from '../articles/articles.service.js';
import { absoluteUrl } from '../articles/articles.view.js';
import { readCommenter, saveCommenter } from '../comments/commenter-cookies.js';
import { checksRateLimited, invalidReportReason } from '../comments/comments.errors.js';
import { commentIdIn } from '../comments/comments.routes.js';
import { isReportReason, REPORT_REASONS } from '../comments/comments.policy.js';
import { checkLinks, clientHash, commentPath, listApprovedComments, postComment, reportComment, type Comment } from '../comments/comments.service.js';
import { errorSchema, unavailableResponse } from './api.schemas.js';

export const commentSchema = {
  type: 'object',
  required: ['id', 'parent_id', 'author_name', 'body', 'status', 'created_at', 'edited_at', 'url'],
  properties: {
    id: { type: 'integer' },
    parent_id: { type: ['integer', 'null'] },
    author_name: { type: 'string' },
    body: { type: 'string', description: 'Plain text; paragraphs are separated by blank lines.' },
    status: { type: 'string', enum: ['approved', 'pending'] },
    created_at: { type: 'string', format: 'date-time' },
    edited_at: { type: ['string', 'null'], format: 'date-time' },
    url: { type: 'string', format: 'uri', description: "The comment's address on the site; it leads to the page of the article's comments it is on." },
  },
} as const;

const matchSchema = {
  type: 'object',
  required: ['start', 'end', 'text'],
  properties: {
    start: { type: 'integer', description: 'UTF-16 code-unit offset into the submitted body.' },
    end: { type: 'integer', description: 'Exclusive end offset.' },
    text: { type: 'string' },
  },
} as const;

const postBodySchema = {
  type: 'object',
  required: ['author_name', 'body'],
  additionalProperties: false,
  properties: {
    author_name: { type: 'string', maxLength: 1000 },
    body: { type: 'string', maxLength: 20_000 },
    email: { type: ['string', 'null'], maxLength: 1000 },
    parent_id: { type: ['integer', 'null'], minimum: 1 },
  },
} as const;

const checkBodySchema = {
  type: 'object',
  required: ['body'],
  additionalProperties: false,
  properties: {
    body: { type: 'string', maxLength: 20_000 },
    field: {
      type: 'string',
      enum: ['body', 'author_name'],
      description: 'The form field the text is from, so the message names it ("Names can\'t contain links…"); body when left out.',
    },
  },
} as const;

const reportBodySchema = {
  type: 'object',
  required: ['reason'],
  additionalProperties: false,
  properties: {
    // Any string, so that a wrong one is answered with the reasons there are rather than a schema error.
    reason: { type: 'string', maxLength: 100, description: `What is wrong with the comment: ${REPORT_REASONS.map((r) => r.value).join(', ')}.` },
  },
} as const;

const reportResponseSchema = {
  type: 'object',
  required: ['report'],
  properties: {
    report: { type: 'object', required: ['comment_id', 'reason'], properties: { comment_id: { type: 'integer' }, reason: { type: 'string', enum: REPORT_REASONS.map((r) => r.value) } } },
  },
} as const;

const checkResponseSchema = {
  type: 'object',
  required: ['ok'],
  properties: {
    ok: { type: 'boolean' },
    code: { type: 'string', enum: ['links_not_allowed'] },
    message: { type: 'string' },
    matches: { type: 'array', items: matchSchema },
  },
} as const;

export function presentComment(ctx: Ctx, comment: Comment, path: string) {
  return {
    id: comment.id,
    parent_id: comment.parentId,
    author_name: comment.authorName,
    body: comment.body,
    status: comment.status === 'approved' ? 'approved' : 'pending',
    created_at: comment.createdAt.toISOString(),
    edited_at: comment.editedAt ? comment.editedAt.toISOString() : null,
    // The comment's own address, which leads to the page of comments it is on.
    url: absoluteUrl(ctx.config, commentPath(path, comment.id)),
  };
}

export const commentOpenApiPaths = {
  '/v1/articles/{slug}/comments': {
    get: {
      operationId: 'listComments',
      summary: 'Published comments of an article, oldest first',
      parameters: [
        { name: 'slug', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } },
        { name: 'after', in: 'query', required: false, description: 'Only comments with a greater id (for paging).', schema: { type: 'integer', minimum: 0, maximum: MAX_ROW_NUMBER } },
      ],
      responses: {
        200: { description: 'Comments', content: { 'application/json': { schema: { type: 'object', required: ['comments', 'total'], properties: { comments: { type: 'array', items: { $ref: '#/components/schemas/Comment' } }, total: { type: 'integer' } } } } } },
        404: { description: 'No published article has this slug', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        503: unavailableResponse,
      },
    },
    post: {
      operationId: 'postComment',
      summary: 'Post a comment (the same rules as the comment form)',
      parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: { required: true, content: { 'application/json': { schema: postBodySchema } } },
      responses: {
        201: { description: 'Accepted: published at once (approved) or held for moderation (pending)', content: { 'application/json': { schema: { type: 'object', required: ['comment'], properties: { comment: { $ref: '#/components/schemas/Comment' } } } } } },
        403: { description: 'comments_closed or banned', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        409: { description: 'duplicate: the same text from the same person within a day', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        415: { description: 'unsupported_media_type: the body is not sent as application/json', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        422: { description: 'links_not_allowed (with matches: offsets into the submitted body) or invalid (with fields)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        429: { description: 'rate_limited; see the Retry-After header', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        503: unavailableResponse,
      },
    },
  },
  '/v1/articles/{slug}/comments/{id}/reports': {
    post: {
      operationId: 'reportComment',
      summary: 'Report a published comment to the moderators (the same rules as the report form)',
      description: 'Enough reports from different networks send the comment back to moderation. The answer does not say whether this report did.',
      parameters: [
        { name: 'slug', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: MAX_ROW_NUMBER } },
      ],
      requestBody: { required: true, content: { 'application/json': { schema: reportBodySchema } } },
      responses: {
        201: { description: 'Received', content: { 'application/json': { schema: reportResponseSchema } } },
        404: { description: 'not_found: no published article has this slug, or no published comment under it has this id', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        415: { description: 'unsupported_media_type: the body is not sent as application/json', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        422: { description: 'invalid: the reason is not one of those listed (fields.reason)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        429: { description: 'rate_limited (COMMENT_RATE_LIMIT counts reports too); see the Retry-After header', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        503: unavailableResponse,
      },
    },
  },
  '/v1/comments/check': {
    post: {
      operationId: 'checkComment',
      summary: 'The link-rule verdict on a text, without storing anything',
      requestBody: { required: true, content: { 'application/json': { schema: checkBodySchema } } },
      responses: {
        200: { description: 'ok: true, or ok: false with code links_not_allowed, a message and the matches', content: { 'application/json': { schema: checkResponseSchema } } },
        415: { description: 'unsupported_media_type: the body is not sent as application/json', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        429: { description: 'rate_limited', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    },
  },
};

export const commentOpenApiSchemas = { Comment: commentSchema, LinkMatch: matchSchema };

export async function commentApiRoutes(app: FastifyInstance, ctx: Ctx): Promise<void> {
  const sameOrigin = sameOriginOnly(ctx.config.siteUrl);
  /** The published article a comment or report is sent to, or 404 not_found. */
  const liveSummaryOf = async (slug: string) => {
    const article = await findLiveSummary(ctx, slug);
    if (!article) throw new DomainError({ code: 'not_found', status: 404, message: 'No published article has this slug.' });
    return article;
  };

  app.get<{ Params: { slug: string }; Querystring: { limit: number; after: number } }>(
    '/v1/articles/:slug/comments',
    {
      config: { pageCache: true },
      schema: {
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 }, after: { type: 'integer', minimum: 0, maximum: MAX_ROW_NUMBER, default: 0 } } },
        response: { '4xx': errorSchema },
      },
    },
    async (request, reply) => {
      const found = await findLiveArticle(ctx, request.params.slug);
      if (found.kind === 'moved') return reply.redirect(`/api/v1/articles/${found.slug}/comments`, 301);
      const path = articlePath(found.article);
      const comments = await listApprovedComments(ctx, found.article.id, request.query.after, request.query.limit);
      return { comments: comments.map((c) => presentComment(ctx, c, path)), total: found.article.commentCount };
    },
  );

  app.post<{ Params: { slug: string }; Body: { author_name: string; body: string; email?: string | null; parent_id?: number | null } }>(
    '/v1/articles/:slug/comments',
    { preHandler: sameOrigin, validatorCompiler: jsonBodyAsSent, schema: { body: postBodySchema, response: { 201: { type: 'object', properties: { comment: commentSchema } }, '4xx': errorSchema } } },
    async (request, reply) => {
      const article = await liveSummaryOf(request.params.slug);
      const commenter = readCommenter(request);
      const { author_name, body, email, parent_id } = request.body;
      const { comment, newToken } = await postComment(ctx, article, { authorName: author_name, body, email, parentId: parent_id }, { token: commenter.token, clientAddress: request.ip });
      // A browser posting in place gets the same cookie as after the plain form, so it can edit later.
      saveCommenter(reply, ctx.config, newToken, undefined);
      void reply.header('cache-control', 'no-store');
      return reply.status(201).send({ comment: presentComment(ctx, comment, articlePath(article)) });
    },
  );

  app.post<{ Params: { slug: string; id: string }; Body: { reason: string } }>(
    '/v1/articles/:slug/comments/:id/reports',
    { preHandler: sameOrigin, validatorCompiler: jsonBodyAsSent, schema: { body: reportBodySchema, response: { 201: reportResponseSchema, '4xx': errorSchema } } },
    async (request, reply) => {
      const article = await liveSummaryOf(request.params.slug);
      const id = commentIdIn(request.params);
      const { reason } = request.body;
      if (!isReportReason(reason)) throw invalidReportReason(REPORT_REASONS.map((r) => r.value));
      await reportComment(ctx, article.id, id, reason, { clientAddress: request.ip });
      void reply.header('cache-control', 'no-store');
      return reply.status(201).send({ report: { comment_id: id, reason } });
    },
  );

  app.post<{ Body: { body: string; field?: 'body' | 'author_name' } }>(
    '/v1/comments/check',
    { preHandler: sameOrigin, validatorCompiler: jsonBodyAsSent, schema: { body: checkBodySchema, response: { 200: checkResponseSchema, '4xx': errorSchema } } },
    async (request, reply) => {
      await countAgainstLimit(ctx, 'check', clientHash(ctx, request.ip), ctx.config.checkRateLimit, checksRateLimited);
      void reply.header('cache-control', 'no-store');
      const result = checkLinks(request.body.body, request.body.field === 'author_name' ? 'name' : 'comment');
      if (result.ok) return { ok: true };
      return { ok: false, code: 'links_not_allowed', message: result.message, matches: result.matches.map(({ start, end, text }) => ({ start, end, text })) };
    },
  );
}
