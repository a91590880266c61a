// Every way a comment can be refused, in words a reader understands. Codes are the public API's.
import { DomainError, rateLimitedError } from '../../http/errors.js';
import { countOf, describeWait } from '../../shared/format.js';
import type { LinkMatch } from './link-detection.js';

export const commentsClosed = () =>
  new DomainError({ code: 'comments_closed', status: 403, message: 'Comments are closed on this article.' });

/** A report whose reason is not one of REPORT_REASONS (the JSON API; the form offers only those). */
export const invalidReportReason = (reasons: readonly string[]) =>
  new DomainError({ code: 'invalid', status: 422, message: `Choose what is wrong with the comment: ${reasons.join(', ')}.`, fields: { reason: 'Not one of the reasons listed.' } });

export const commentNotFound = () =>
  new DomainError({ code: 'not_found', status: 404, message: "We couldn't find that comment." });

/** The comment changed between reading it and writing the change (a moderator acted on it meanwhile). */
export const commentChanged = () =>
  new DomainError({
    code: 'comment_changed',
    status: 409,
    message: 'This comment changed while you were working on it (a moderator may have acted on it), so your change was not saved.',
  });

export const invalidComment = (fields: Record<string, string>) =>
  new DomainError({ code: 'invalid', status: 422, message: Object.values(fields).join(' '), fields });

export interface LinkRefusal {
  message: string;
  bodyMatches: LinkMatch[];
  nameMatches: LinkMatch[];
}

export const linksNotAllowed = (refusal: LinkRefusal) =>
  new DomainError({
    code: 'links_not_allowed',
    status: 422,
    message: refusal.message,
    fields: {
      ...(refusal.bodyMatches.length ? { body: 'Please take out the marked part, then post again. Your text is kept.' } : {}),
      ...(refusal.nameMatches.length ? { author_name: 'Please use a name without a web or e-mail address in it.' } : {}),
    },
    details: {
      matches: refusal.bodyMatches.map(({ start, end, text }) => ({ start, end, text })),
      ...(refusal.nameMatches.length ? { name_matches: refusal.nameMatches.map(({ start, end, text }) => ({ start, end, text })) } : {}),
    },
  });

export const duplicateComment = () =>
  new DomainError({
    code: 'duplicate',
    status: 409,
    message: 'You have already posted this comment. If you meant to post it again, please change it a little.',
    fields: { body: 'You have already posted this comment.' },
  });

export const rateLimited = (retryAfterSeconds: number) =>
  rateLimitedError(`You are commenting faster than we allow. Please wait ${describeWait(retryAfterSeconds)} and try again; your text is kept below.`, retryAfterSeconds);

/** The live link check (POST /api/v1/comments/check) over CHECK_RATE_LIMIT. */
export const checksRateLimited = (retryAfterSeconds: number) =>
  rateLimitedError(`Too many checks in a short time. Please wait ${describeWait(retryAfterSeconds)}.`, retryAfterSeconds);

export const commenterBanned = () =>
  new DomainError({ code: 'banned', status: 403, message: 'You can no longer comment on this site.' });

export const formExpired = () =>
  new DomainError({
    code: 'form_expired',
    status: 422,
    message: 'This form has expired or was sent too quickly. Please check your comment and send it again.',
    fields: { body: 'Please send your comment again.' },
  });

export const editWindowOver = (minutes: number) =>
  new DomainError({ code: 'edit_window_over', status: 403, message: `Comments can only be changed in the first ${countOf(minutes, 'minute')} after posting.` });

/** The edit page asked for by someone who may not change the comment (not its author, or too late). */
export const notEditable = (minutes: number) =>
  new DomainError({ code: 'edit_window_over', status: 403, message: `Comments can be changed only by their author, in the first ${countOf(minutes, 'minute')} after posting.` });

export const invalidParent = () =>
  new DomainError({ code: 'invalid', status: 422, message: 'The comment you replied to is not available any more.', fields: { parent_id: 'That comment is not available.' } });

export const invalidTransition = (from: string, action: string) =>
  new DomainError({ code: 'invalid', status: 409, message: `A ${from} comment cannot be changed with "${action}".` });

export const noReports = (id: number) =>
  new DomainError({ code: 'invalid', status: 409, message: `Comment #${id} has no readers' reports to dismiss.` });
