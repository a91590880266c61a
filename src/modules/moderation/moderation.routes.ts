// /moderation: the public, append-only record of what moderators did and why.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../http/errors.js';
import { sendPage, type PageDeps } from '../../http/page.js';
import { moderationLog, shownCommentPaths, type LogEntry } from '../comments/comments.service.js';
import { couldBeRowNumber } from '../../shared/ids.js';

const PER_PAGE = 50;
const ACTIONS: Record<string, string> = {
  approve: 'approved', reject: 'rejected', spam: 'marked as spam', delete: 'deleted', ban: 'banned', unban: 'lifted the ban on',
  hold: 'held back', dismiss_reports: "dismissed readers' reports on",
};

function describeActor(actor: string): string {
  if (actor === 'author') return 'The author';
  if (actor === 'readers') return "Readers' reports";
  if (actor.startsWith('cli:')) return 'A moderator';
  return actor;
}

function describeTarget(entry: LogEntry): string {
  if (entry.targetType === 'comment') return `comment #${entry.targetId}`;
  if (entry.targetType === 'email') return `the commenter with e-mail ${entry.targetId}`;
  return `a commenter (client ${entry.targetId.slice(0, 8)}…)`;
}

export async function moderationRoutes(app: FastifyInstance, deps: PageDeps): Promise<void> {
  app.get<{ Querystring: { before?: string } }>('/moderation', { config: { pageCache: true } }, async (request, reply) => {
    const before = request.query.before;
    if (before !== undefined && !(/^[1-9]\d{0,11}$/.test(before) && couldBeRowNumber(Number(before)))) throw notFound();
    const entries = await moderationLog(deps.ctx, PER_PAGE + 1, before ? Number(before) : undefined);
    const shown = entries.slice(0, PER_PAGE);
    // A comment the log speaks of is linked while everyone can read it.
    const commentIds = shown.filter((e) => e.targetType === 'comment').map((e) => Number(e.targetId)).filter(couldBeRowNumber);
    const paths = await shownCommentPaths(deps.ctx, [...new Set(commentIds)]);
    const last = shown[shown.length - 1];
    return sendPage(deps, reply, 'moderation/log', {
      meta: { title: `Moderation log | ${deps.ctx.config.siteName}`, description: 'Every moderation action on reader comments, and why.', path: '/moderation', noindex: before !== undefined },
      data: {
        entries: shown.map((e) => ({
          iso: e.at.toISOString(),
          when: deps.ctx.dates.dateTime(e.at),
          actor: describeActor(e.actor),
          action: ACTIONS[e.action] ?? e.action,
          target: describeTarget(e),
          href: e.targetType === 'comment' ? (paths.get(Number(e.targetId)) ?? null) : null,
          reason: e.reason,
        })),
        older: entries.length > PER_PAGE && last ? `/moderation?before=${last.id}` : null,
      },
    });
  });
}
