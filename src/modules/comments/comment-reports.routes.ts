// Reporting a comment: each published comment has a "Report" link to a page that shows the comment and
// asks why, in a few fixed reasons (no free text, so nothing there can carry a link). The report is
// a plain POST, then a redirect to the same page saying thank you. Enough reports from different
// networks send the comment back to moderation (see reportComment()).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, notFound } from '../../http/errors.js';
import { sendPage, type PageDeps } from '../../http/page.js';
import { sameOriginOnly } from '../../http/same-origin.js';
import { articlePath } from '../articles/articles.service.js';
import { isReportReason, REPORT_REASONS, toParagraphs } from './comments.policy.js';
import { commentIdIn, liveArticleAt, type Params } from './comments.routes.js';
import { commentPath, findComment, reportComment } from './comments.service.js';

type ReportParams = Params & { id: string };

interface ReportState {
  chosen: string;
  error: string | null;
  message: string | null;
}

export async function reportRoutes(app: FastifyInstance, deps: PageDeps): Promise<void> {
  const { ctx } = deps;
  const sameOrigin = sameOriginOnly(ctx.config.siteUrl);

  const reportPage = async (request: FastifyRequest<{ Params: ReportParams; Querystring: { sent?: string } }>, reply: FastifyReply, state: ReportState, status = 200) => {
    const id = commentIdIn(request.params);
    const { article } = await liveArticleAt(request.params, deps);
    const comment = await findComment(ctx, id);
    if (!comment || comment.articleId !== article.id) throw notFound('comment');
    // Only what a stranger can see can be reported or shown. A report that sent the comment for review
    // (this one or another reader's just before) is still thanked, without the comment.
    const visible = comment.status === 'approved';
    const sent = request.query.sent === '1';
    if (!visible && !(sent && comment.status === 'pending')) throw notFound('comment');
    const path = articlePath(article);
    return sendPage(
      deps,
      reply,
      'comments/report',
      {
        current: article.primarySection.slug,
        meta: { title: `Report a comment | ${ctx.config.siteName}`, description: 'Report a comment to the moderators.', path: commentPath(path, id, 'report'), noindex: true },
        data: {
          articlePath: path,
          articleTitle: article.title,
          commentId: id,
          comment: visible ? { authorName: comment.authorName, paragraphs: toParagraphs(comment.body) } : null,
          reasons: REPORT_REASONS,
          sent,
          ...state,
        },
      },
      { status, private: true },
    );
  };

  app.get<{ Params: ReportParams; Querystring: { sent?: string } }>('/:section/:slug/comments/:id/report', async (request, reply) =>
    reportPage(request, reply, { chosen: '', error: null, message: null }),
  );

  app.post<{ Params: ReportParams; Querystring: { sent?: string }; Body: { reason?: unknown } }>(
    '/:section/:slug/comments/:id/report',
    { preHandler: sameOrigin },
    async (request, reply) => {
      const id = commentIdIn(request.params);
      const { article } = await liveArticleAt(request.params, deps);
      const reason = request.body?.reason;
      const chosen = typeof reason === 'string' ? reason : '';
      if (!isReportReason(reason)) {
        return reportPage(request, reply, { chosen, error: 'Please choose what is wrong with this comment.', message: 'Your report was not sent yet.' }, 422);
      }
      const thanks = `${commentPath(articlePath(article), id, 'report')}?sent=1`;
      try {
        await reportComment(ctx, article.id, id, reason, { clientAddress: request.ip });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'rate_limited') {
          if (error.headers) void reply.headers(error.headers);
          return reportPage(request, reply, { chosen, error: null, message: 'You have sent a lot of reports in a short time. Please wait a minute, then send this one again.' }, 429);
        }
        // Other readers' reports sent it for review while this reader was choosing a reason.
        if (error instanceof DomainError && error.code === 'not_found' && (await findComment(ctx, id))?.status === 'pending') return reply.redirect(thanks, 303);
        throw error;
      }
      return reply.redirect(thanks, 303);
    },
  );
}
