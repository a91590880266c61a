// The comment form: a plain POST, then a redirect to the new comment, or the article page again with the
// reader's text, the reasons next to the fields and the offending words marked. The form's script sends
// the same post and gets the comment section alone back, drawn by the same templates, to put in place.
// Also the pages for editing and deleting one's own comment.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, notFound, noteDatabaseUnavailable } from '../../http/errors.js';
import { isDatabaseUnavailable } from '../../db/unavailable.js';
import type { Ctx } from '../../context.js';
import { checkFormToken } from '../../shared/form-token.js';
import { sendPage, type PageDeps } from '../../http/page.js';
import { sameOriginOnly } from '../../http/same-origin.js';
import { articlePath, findLiveArticle, type Article, type ArticleSummary } from '../articles/articles.service.js';
import { renderCommentSection, sendArticlePage } from '../articles/article-page.js';
import { readCommenter, saveCommenter } from './commenter-cookies.js';
import { notEditable } from './comments.errors.js';
import { MAX_BODY_LENGTH, MAX_NAME_LENGTH } from './comments.policy.js';
import { commentPath, deleteOwnComment, editComment, findComment, findCommentShownTo, mayEdit, pageOfComment, postComment, type Comment } from './comments.service.js';
import { emptyForm, highlight, type FormState, type FormValues } from './comments.view.js';

interface CommentFormBody {
  author_name?: string;
  email?: string;
  body?: string;
  parent_id?: string;
  remember?: string;
  form_token?: string;
  website?: string;
}

const formSchema = {
  type: 'object',
  properties: {
    author_name: { type: 'string', maxLength: 1000 },
    email: { type: 'string', maxLength: 1000 },
    body: { type: 'string', maxLength: 20_000 },
    parent_id: { type: 'string', maxLength: 20 },
    remember: { type: 'string', maxLength: 10 },
    form_token: { type: 'string', maxLength: 100 },
    website: { type: 'string', maxLength: 1000 },
  },
} as const;

export type Params = { section: string; slug: string };

function valuesOf(body: CommentFormBody): FormValues {
  return {
    author_name: body.author_name ?? '',
    email: body.email ?? '',
    body: body.body ?? '',
    parent_id: /^\d{1,12}$/.test(body.parent_id ?? '') ? body.parent_id! : '',
    remember: body.remember === '1' || body.remember === 'on',
  };
}

/** The form as the reader sent it, with the error's reasons and marked links. */
export function refusedForm(values: FormValues, error: DomainError): FormState {
  const matches = (error.details?.matches ?? []) as Array<{ start: number; end: number }>;
  return {
    values,
    errors: error.fields ?? { body: error.message },
    message: error.message,
    highlighted: matches.length > 0 ? highlight(values.body, matches) : null,
  };
}

/**
 * The form token a refused post carried, when it is still good: the form comes back with it, so that a
 * reader who fixes one word and sends again at once is not taken for a robot that filled the form too fast.
 */
function keptFormToken(ctx: Ctx, sent: string | undefined): string | undefined {
  const { sessionSecret, comments } = ctx.config;
  return sent && checkFormToken(sent, ctx.clock.now(), sessionSecret, comments.minFillSeconds) === 'ok' ? sent : undefined;
}

/**
 * The form again after a failure that is ours, not the reader's, with everything they typed. A database
 * that does not answer or cannot write (its disk is full) is a 503 with Retry-After and one line in the
 * log; anything else is a bug, logged with its stack, and a 500 with a reference for the log. If even
 * the form cannot be drawn, the original error goes on.
 */
async function formAfterOurFailure<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  what: string,
  values: FormValues,
  draw: (form: FormState, status: number) => Promise<T>,
): Promise<T> {
  const unavailable = isDatabaseUnavailable(error);
  if (unavailable) noteDatabaseUnavailable(request, reply, error, what);
  else request.log.error({ err: error }, `${what} failed`);
  const failure = unavailable
    ? new DomainError({ code: 'unavailable', status: 503, message: 'We cannot save comments at the moment, so yours was not saved. Your text is still here: please try again in a minute.' })
    : new DomainError({
      code: 'internal',
      status: 500,
      message: `Something went wrong on our side and your comment was not saved (ref ${request.id}). Your text is still here: please try again in a moment.`,
    });
  try {
    return await draw(refusedForm(values, failure), failure.status);
  } catch {
    throw error;
  }
}

/**
 * The comment form's script sends this header to have the comment section alone back, to put in place
 * of the one on the page (see public/comments.js); the answer carries it too, so that the script can
 * tell the section from a whole page (an error page, say).
 */
const SECTION_HEADER = 'x-broadsheet-fragment';

function wantsSection(request: FastifyRequest): boolean {
  return request.headers[SECTION_HEADER] === 'comments';
}

function sendSection(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.status(status).headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', [SECTION_HEADER]: 'comments' }).send(html);
}

/** A comment number from the address; anything else is no comment of ours. */
export function commentIdIn(params: { id: string }): number {
  if (!/^\d{1,12}$/.test(params.id)) throw notFound('comment');
  return Number(params.id);
}

export async function liveArticleAt(params: Params, deps: PageDeps): Promise<{ article: Article; related: ArticleSummary[] }> {
  const found = await findLiveArticle(deps.ctx, params.slug);
  if (found.kind !== 'found' || found.article.primarySection.slug !== params.section) throw notFound('article');
  return found;
}

/**
 * Where a comment is seen: the page of comments its thread is on (for this viewer, who may also see
 * their own comments awaiting moderation), at the comment.
 */
async function permalinkOf(ctx: Ctx, article: ArticleSummary, comment: Comment, viewerToken: string | null): Promise<string> {
  return permalinkAt(article, await pageOfComment(ctx, comment, viewerToken), comment.id);
}

function permalinkAt(article: ArticleSummary, page: number, commentId: number): string {
  return `${articlePath(article)}${page > 1 ? `?cpage=${page}` : ''}#comment-${commentId}`;
}

export async function commentRoutes(app: FastifyInstance, deps: PageDeps): Promise<void> {
  const { ctx } = deps;
  const sameOrigin = sameOriginOnly(ctx.config.siteUrl);

  app.post<{ Params: Params; Body: CommentFormBody }>(
    '/:section/:slug/comments',
    { preHandler: sameOrigin, schema: { body: formSchema } },
    async (request, reply) => {
      const { article, related } = await liveArticleAt(request.params, deps);
      const values = valuesOf(request.body ?? {});
      const commenter = readCommenter(request);
      // The form again with what the reader sent and why it was refused: in the article page, or alone for the script.
      const refused = async (form: FormState, status: number) =>
        wantsSection(request)
          ? sendSection(reply, status, await renderCommentSection(deps, { query: {}, commenter }, article, { form }))
          : sendArticlePage(deps, request, reply, article, related, { status, form });
      try {
        const { comment, newToken } = await postComment(
          ctx,
          article,
          { authorName: values.author_name, body: values.body, email: values.email, parentId: values.parent_id ? Number(values.parent_id) : null },
          { token: commenter.token, clientAddress: request.ip },
          { formToken: request.body?.form_token, honeypot: request.body?.website },
        );
        saveCommenter(reply, ctx.config, newToken, values.remember ? { name: comment.authorName } : null);
        const viewer = { token: commenter.token ?? newToken, name: comment.authorName };
        const page = await pageOfComment(ctx, comment, viewer.token);
        const permalink = permalinkAt(article, page, comment.id);
        if (!wantsSection(request)) return reply.redirect(permalink, 303);
        // The page of comments the new one is on, with a fresh form that keeps the name for the next comment.
        const form = emptyForm(comment.authorName);
        form.values.remember = values.remember;
        // The article with the new comment counted, as postComment() counted it (a published one adds one).
        const counted = comment.status === 'approved' ? { ...article, commentCount: article.commentCount + 1 } : article;
        const html = await renderCommentSection(deps, { query: { cpage: String(page) }, commenter: viewer }, counted, { form, postedId: comment.id });
        return sendSection(reply.header('location', permalink), 201, html);
      } catch (error) {
        if (error instanceof DomainError && error.status < 500 && error.status !== 404) {
          if (error.headers) void reply.headers(error.headers);
          return refused({ ...refusedForm(values, error), formToken: keptFormToken(ctx, request.body?.form_token) }, error.status);
        }
        if (error instanceof DomainError) throw error;
        return formAfterOurFailure(request, reply, error, 'posting a comment', values, refused);
      }
    },
  );

  /**
   * The edit page: the form (with what was sent and why it was refused, after a failed edit), or, once the
   * time for changes is over (`closed`), the text the reader sent, to copy.
   */
  const editPage = async (request: FastifyRequest<{ Params: Params & { id: string } }>, reply: FastifyReply, options: { form?: FormState; status?: number; closed?: boolean } = {}) => {
    const { form, status, closed = false } = options;
    const { article } = await liveArticleAt(request.params, deps);
    const comment = await findComment(ctx, Number(request.params.id));
    const { token } = readCommenter(request);
    if (!comment || comment.articleId !== article.id) throw notFound('comment');
    if (!closed && !mayEdit(ctx, comment, token)) {
      throw notEditable(ctx.config.comments.editWindowMinutes);
    }
    const until = new Date(comment.createdAt.getTime() + ctx.config.comments.editWindowMinutes * 60_000);
    const path = articlePath(article);
    const state = form ?? { ...emptyForm(comment.authorName), values: { author_name: comment.authorName, email: '', body: comment.body, parent_id: '', remember: false } };
    return sendPage(
      deps,
      reply,
      'comments/edit',
      {
        current: article.primarySection.slug,
        meta: { title: `Edit your comment | ${ctx.config.siteName}`, description: 'Edit your comment.', path: commentPath(path, comment.id, 'edit'), noindex: true },
        data: { articlePath: path, articleTitle: article.title, commentId: comment.id, form: state, closed, until: { iso: until.toISOString(), text: ctx.dates.dateTime(until) }, maxBody: MAX_BODY_LENGTH, maxName: MAX_NAME_LENGTH, editMinutes: ctx.config.comments.editWindowMinutes, scripts: closed ? [] : ['/static/comments.js'] },
      },
      { status, private: true },
    );
  };

  // The form's address is in the address bar after a refused comment came back without JavaScript; a
  // reader who goes there again (Enter in the address bar, a bookmark) is sent to the article.
  app.get<{ Params: Params }>('/:section/:slug/comments', async (request, reply) => {
    const { article } = await liveArticleAt(request.params, deps);
    return reply.redirect(`${articlePath(article)}#comments`, 303);
  });

  // A comment's own address, for links from elsewhere (the API, the moderators' list): the page of
  // comments it is on. A comment past the first page cannot be reached with #comment-N alone. Only
  // digits: "/api/v1/comments/check" has the same shape and must stay the API's.
  app.get<{ Params: Params & { id: string } }>('/:section/:slug/comments/:id(^\\d+$)', async (request, reply) => {
    const id = commentIdIn(request.params);
    const found = await findLiveArticle(ctx, request.params.slug);
    if (found.kind === 'moved') {
      const moved = await findLiveArticle(ctx, found.slug);
      if (moved.kind === 'found') return reply.redirect(commentPath(articlePath(moved.article), id), 301);
    }
    if (found.kind !== 'found' || found.article.primarySection.slug !== request.params.section) throw notFound('article');
    const { token } = readCommenter(request);
    const comment = await findCommentShownTo(ctx, found.article.id, id, token);
    // Its page changes as comments before it are taken down: never kept by a cache.
    return reply.header('cache-control', 'no-store').redirect(await permalinkOf(ctx, found.article, comment, token), 302);
  });

  app.get<{ Params: Params & { id: string } }>('/:section/:slug/comments/:id/delete', async (request, reply) => {
    const id = commentIdIn(request.params);
    const { article } = await liveArticleAt(request.params, deps);
    return reply.redirect(`${articlePath(article)}#comment-${id}`, 303);
  });

  app.get<{ Params: Params & { id: string } }>('/:section/:slug/comments/:id/edit', async (request, reply) => {
    commentIdIn(request.params);
    return editPage(request, reply);
  });

  app.post<{ Params: Params & { id: string }; Body: CommentFormBody }>(
    '/:section/:slug/comments/:id/edit',
    { preHandler: sameOrigin, schema: { body: formSchema } },
    async (request, reply) => {
      const id = commentIdIn(request.params);
      const { article } = await liveArticleAt(request.params, deps);
      const values = valuesOf(request.body ?? {});
      const { token } = readCommenter(request);
      try {
        const comment = await editComment(ctx, article, id, { authorName: values.author_name, body: values.body }, { token, clientAddress: request.ip });
        return reply.redirect(await permalinkOf(ctx, article, comment, token), 303);
      } catch (error) {
        // Past the time for changes, or changed by a moderator meanwhile: the text the reader sent, to copy.
        if (error instanceof DomainError && (error.code === 'edit_window_over' || error.code === 'comment_changed')) {
          return editPage(request, reply, { form: { values, errors: {}, message: error.message, highlighted: null }, status: error.status, closed: true });
        }
        if (error instanceof DomainError && error.status < 500 && error.status !== 404) {
          if (error.headers) void reply.headers(error.headers);
          return editPage(request, reply, { form: refusedForm(values, error), status: error.status });
        }
        if (error instanceof DomainError) throw error;
        return formAfterOurFailure(request, reply, error, 'editing a comment', values, (form, status) => editPage(request, reply, { form, status }));
      }
    },
  );

  app.post<{ Params: Params & { id: string } }>('/:section/:slug/comments/:id/delete', { preHandler: sameOrigin }, async (request, reply) => {
    const id = commentIdIn(request.params);
    const { article } = await liveArticleAt(request.params, deps);
    const { token } = readCommenter(request);
    await deleteOwnComment(ctx, id, { token, clientAddress: request.ip });
    return reply.redirect(`${articlePath(article)}?deleted=1#comments`, 303);
  });
}
