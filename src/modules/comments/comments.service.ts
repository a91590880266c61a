// Reader comments: post, edit and delete one's own, list them under an article, check text against the
// link rule, and moderate. Routes (HTML form and JSON API) call these; none of them sees a request.
import { createHash, randomBytes } from 'node:crypto';
import { countAgainstLimit, type Ctx } from '../../context.js';
import type { CommentStatus, ReportReason } from '../../db/schema.js';
import { toTimestamp } from '../../shared/clock.js';
import { clientNetwork } from '../../shared/client-network.js';
import type { ContentChange } from '../../shared/content-events.js';
import { DomainError } from '../../http/errors.js';
import { checkFormToken } from '../../shared/form-token.js';
import type { ArticleSummary } from '../articles/articles.service.js';
import * as store from './comments.store.js';
import type { Comment, CommentOnArticle, LogEntry, ThreadComment } from './comments.store.js';
import {
  commentChanged, commenterBanned, commentNotFound, commentsClosed, duplicateComment, editWindowOver, formExpired, invalidComment,
  invalidParent, invalidTransition, linksNotAllowed, noReports, rateLimited,
} from './comments.errors.js';
import {
  MAX_BODY_LENGTH, MAX_NAME_LENGTH, areCommentsOpen, arrivalStatus, canEditComment, duplicateKey, findHeldWord,
  hasVisibleText, isHeldByReports, isShownTo, isValidEmail, nextStatus, normaliseBody, normaliseName, reportsSummary, reportTotal, type ModerationAction,
  type OwnedComment,
} from './comments.policy.js';
import { describeMatches, detectLinks, type LinkMatch } from './link-detection.js';

export type { Comment, CommentOnArticle, LogEntry, ThreadComment };

const DAY_MS = 86_400_000;

/** Who is commenting: a browser token from a cookie (made on first comment) and the client address. */
export interface Commenter {
  token: string | null;
  clientAddress: string;
}

export interface CommentInput {
  authorName: string;
  body: string;
  email?: string | null;
  parentId?: number | null;
}

export interface FormChecks {
  /** The signed time the form was shown; HTML form only. */
  formToken?: string;
  /** The hidden field people never fill in. */
  honeypot?: string;
}

function hash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

export function newCommenterToken(): string {
  return randomBytes(18).toString('base64url');
}

export function commenterKey(ctx: Ctx, token: string): string {
  return hash(ctx.config.sessionSecret, 'commenter', token);
}

/** A comment's own address under its article's path (/{section}/{article}/comments/{id}), or one of its pages. */
export function commentPath(articlePath: string, id: number, page?: 'edit' | 'report'): string {
  return `${articlePath}/comments/${id}${page ? `/${page}` : ''}`;
}

/**
 * Salted hash of a client's network (its IPv4 address, or the /64 of an IPv6 one; see
 * shared/client-network.ts): enough to rate-limit and ban, useless for finding the person.
 */
export function clientHash(ctx: Ctx, address: string): string {
  return hash(ctx.config.sessionSecret, 'client', clientNetwork(address));
}

export interface LinkVerdict {
  ok: boolean;
  message?: string;
  matches: LinkMatch[];
}

/** The link rule on a text, as the comment form's live check and the API's check endpoint see it. */
export function checkLinks(text: string, field: 'comment' | 'name' = 'comment'): LinkVerdict {
  const matches = detectLinks(text);
  return matches.length === 0 ? { ok: true, matches } : { ok: false, message: describeMatches(matches, field), matches };
}

interface Cleaned {
  authorName: string;
  body: string;
  email: string | null;
}

/** Shape checks and the link rule on every field a reader fills in. Reports all problems together. */
function validate(input: CommentInput): Cleaned {
  const fields: Record<string, string> = {};
  const authorName = normaliseName(input.authorName ?? '');
  const body = normaliseBody(input.body ?? '');
  const email = (input.email ?? '').trim().toLowerCase() || null;
  if (!authorName) fields.author_name = 'Please tell us your name.';
  else if ([...authorName].length > MAX_NAME_LENGTH) fields.author_name = `Please keep your name under ${MAX_NAME_LENGTH} characters.`;
  if (!hasVisibleText(body)) fields.body = 'Please write a comment.';
  else if ([...body].length > MAX_BODY_LENGTH) fields.body = `Please keep your comment under ${MAX_BODY_LENGTH.toLocaleString('en')} characters (it has ${[...body].length.toLocaleString('en')}).`;
  if (email && !isValidEmail(email)) fields.email = 'That does not look like an e-mail address. It is optional: you can leave it empty.';
  if (Object.keys(fields).length > 0) throw invalidComment(fields);

  // Offsets are reported against the text exactly as submitted, so the form can mark it in place.
  const bodyMatches = detectLinks(input.body);
  const nameMatches = detectLinks(input.authorName);
  if (bodyMatches.length > 0 || nameMatches.length > 0) {
    const message = bodyMatches.length > 0 ? describeMatches(bodyMatches) : describeMatches(nameMatches, 'name');
    throw linksNotAllowed({ message, bodyMatches, nameMatches });
  }
  return { authorName, body, email };
}

export interface PostResult {
  comment: Comment;
  /** Set when the commenter had no token yet; the route stores it in a cookie. */
  newToken: string | null;
}

/**
 * The change a comment makes to its article, with the sections the article is listed in when they are
 * known (the page cache then keeps the article pages of other sections; see PageCache.clearAfterComment()).
 */
function commentChange(article: ArticleSummary): ContentChange {
  const sectionIds = article.sections.length > 0 ? article.sections.map((s) => s.id) : undefined;
  return { kind: 'comment', id: article.id, sectionIds };
}

/**
 * Every post is first a check of its text, and counts against CHECK_RATE_LIMIT as the form's live check
 * does: that bounds the work a client can ask of the link rule. Only a post whose text passes counts
 * against COMMENT_RATE_LIMIT (limitPosts()), so a reader fixing a refused comment, or one too long,
 * is not also made to wait; a spammer trying disguises gets no more tries than the check endpoint gives.
 */
function limitChecks(ctx: Ctx, client: string): Promise<void> {
  return countAgainstLimit(ctx, 'check', client, ctx.config.checkRateLimit, rateLimited);
}

function limitPosts(ctx: Ctx, client: string): Promise<void> {
  return countAgainstLimit(ctx, 'comment', client, ctx.config.commentRateLimit, rateLimited);
}

export async function postComment(ctx: Ctx, article: ArticleSummary, input: CommentInput, who: Commenter, form?: FormChecks): Promise<PostResult> {
  const now = ctx.clock.now();
  if (!areCommentsOpen(article, now, ctx.config.comments)) throw commentsClosed();

  const client = clientHash(ctx, who.clientAddress);
  await limitChecks(ctx, client);
  if (form) {
    const formVerdict = checkFormToken(form.formToken, now, ctx.config.sessionSecret, ctx.config.comments.minFillSeconds);
    if (formVerdict !== 'ok') throw formExpired();
  }
  const cleaned = validate(input);
  await limitPosts(ctx, client);
  const token = who.token ?? newCommenterToken();
  const key = commenterKey(ctx, token);
  const identity = { commenterKey: key, clientHash: client, email: cleaned.email };
  if (await store.isBanned(ctx.db, client, cleaned.email)) throw commenterBanned();

  const bodyHash = hash(duplicateKey(cleaned.body));

  let parent: Comment | undefined;
  if (input.parentId) {
    parent = await store.findCommentById(ctx.db, input.parentId);
    if (!parent || parent.articleId !== article.id || !isShownTo(parent, key)) {
      throw invalidParent();
    }
  }

  let { status, heldReason } = arrivalStatus({
    mode: ctx.config.comments.moderation,
    hasApprovedComment: await store.hasApprovedComment(ctx.db, key, cleaned.email),
    heldWord: findHeldWord(`${cleaned.authorName}\n${cleaned.body}`, ctx.config.comments.holdWords),
  });
  // A filled-in honeypot is a robot: keep the comment out of sight and do not tell it so.
  if (form?.honeypot) {
    status = 'spam';
    heldReason = 'honeypot field filled in';
  }

  const stamp = toTimestamp(now);
  const row = {
    article_id: article.id,
    parent_id: parent?.id ?? null,
    root_id: parent ? (parent.rootId ?? parent.id) : null,
    depth: parent ? parent.depth + 1 : 0,
    author_name: cleaned.authorName,
    email: cleaned.email,
    body: cleaned.body,
    status,
    held_reason: heldReason,
    commenter_key: key,
    client_hash: client,
    body_hash: bodyHash,
    created_at: stamp,
    edited_at: null,
    updated_at: stamp,
    reviewed_at: null,
  };
  const id = await ctx.db.transaction().execute(async (trx) => {
    // Checked in the transaction that inserts, so that the same text sent twice at once is stored once.
    await store.lockCommentText(trx, bodyHash);
    if (await store.hasRecentDuplicate(trx, bodyHash, identity, toTimestamp(new Date(now.getTime() - DAY_MS)))) throw duplicateComment();
    const newId = await store.insertComment(trx, row);
    if (status === 'approved') await store.incrementCommentCount(trx, article.id);
    return newId;
  });
  if (status === 'approved') ctx.events.changed(commentChange(article));
  return { comment: store.toComment({ id, ...row }), newToken: who.token ? null : token };
}

async function findOwnComment(ctx: Ctx, id: number, token: string | null): Promise<Comment> {
  const comment = await store.findCommentById(ctx.db, id);
  if (!comment || (comment.status !== 'approved' && comment.status !== 'pending')) throw commentNotFound();
  const key = token ? commenterKey(ctx, token) : null;
  if (!canEditComment(comment, key, ctx.clock.now(), ctx.config.comments)) {
    if (key && comment.commenterKey === key) throw editWindowOver(ctx.config.comments.editWindowMinutes);
    throw commentNotFound();
  }
  return comment;
}

/** Whether the reader holding this token may still edit the comment (for showing the links). */
export function mayEdit(ctx: Ctx, comment: OwnedComment, token: string | null): boolean {
  return canEditComment(comment, token ? commenterKey(ctx, token) : null, ctx.clock.now(), ctx.config.comments);
}

/** An edit goes through every rule again: spammers post a clean comment and edit a link in later. */
export async function editComment(ctx: Ctx, article: ArticleSummary, id: number, input: CommentInput, who: Commenter): Promise<Comment> {
  const now = ctx.clock.now();
  const comment = await findOwnComment(ctx, id, who.token);
  if (comment.articleId !== article.id) throw commentNotFound();
  if (!areCommentsOpen(article, now, ctx.config.comments)) throw commentsClosed();
  const client = clientHash(ctx, who.clientAddress);
  await limitChecks(ctx, client);
  const cleaned = validate({ ...input, email: input.email ?? comment.email });
  await limitPosts(ctx, client);
  if (await store.isBanned(ctx.db, client, cleaned.email)) throw commenterBanned();

  // A held word added by an edit sends an approved comment back to the queue.
  const heldWord = findHeldWord(`${cleaned.authorName}\n${cleaned.body}`, ctx.config.comments.holdWords);
  const status: CommentStatus = heldWord ? 'pending' : comment.status;
  const stamp = toTimestamp(now);
  await ctx.db.transaction().execute(async (trx) => {
    // Written only if a moderator has not acted on the comment since it was read: an edit must not
    // bring back a comment just marked as spam or rejected.
    const written = await store.updateComment(trx, id, {
      author_name: cleaned.authorName,
      body: cleaned.body,
      email: cleaned.email,
      body_hash: hash(duplicateKey(cleaned.body)),
      status,
      held_reason: heldWord ? `contains "${heldWord}"` : comment.heldReason,
      edited_at: stamp,
      updated_at: stamp,
      // No moderator has read the new text.
      reviewed_at: null,
    }, comment.status);
    if (!written) throw commentChanged();
    if (status !== comment.status) await store.refreshCommentCount(trx, comment.articleId);
  });
  if (comment.status === 'approved') ctx.events.changed(commentChange(article));
  return (await store.findCommentById(ctx.db, id))!;
}

export async function deleteOwnComment(ctx: Ctx, id: number, who: Commenter): Promise<Comment> {
  const comment = await findOwnComment(ctx, id, who.token);
  await setStatus(ctx, comment, 'deleted', { actor: 'author', action: 'delete', reason: 'deleted by its author' });
  return comment;
}

/**
 * Moves a comment to `status`, with its entry in the moderation log. With `onlyFromItsStatus`, only if it
 * still has the status it was read with (otherwise commentChanged, and nothing is written).
 */
interface StatusChange {
  /** Written only if the comment still has the status it was read with. */
  onlyFromItsStatus?: boolean;
  heldReason?: string;
  /** A moderator read the comment as it stands and let it stand: its reports are settled, and new ones no longer hold it. */
  reviewed?: boolean;
}

async function setStatus(ctx: Ctx, comment: Comment, status: CommentStatus, log: { actor: string; action: string; reason: string }, change: StatusChange = {}): Promise<void> {
  const stamp = toTimestamp(ctx.clock.now());
  await ctx.db.transaction().execute(async (trx) => {
    const values = {
      status,
      updated_at: stamp,
      ...(change.heldReason === undefined ? {} : { held_reason: change.heldReason }),
      ...(change.reviewed ? { reviewed_at: stamp } : {}),
    };
    const written = await store.updateComment(trx, comment.id, values, change.onlyFromItsStatus ? comment.status : undefined);
    if (!written) throw commentChanged();
    if (status !== comment.status) await store.refreshCommentCount(trx, comment.articleId);
    if (change.reviewed) await store.deleteReports(trx, comment.id);
    await store.appendModerationLog(trx, { actor: log.actor, action: log.action, targetType: 'comment', targetId: String(comment.id), reason: log.reason, at: stamp });
  });
  // Pages change only when a comment comes or goes (dismissing reports leaves it as it was).
  if (status !== comment.status && (comment.status === 'approved' || status === 'approved')) ctx.events.changed({ kind: 'comment', id: comment.articleId });
}

export async function moderateComment(ctx: Ctx, id: number, action: ModerationAction, actor: string, reason = ''): Promise<Comment> {
  const comment = await store.findCommentById(ctx.db, id);
  if (!comment) throw commentNotFound();
  const status = nextStatus(comment.status, action);
  if (!status) throw invalidTransition(comment.status, action);
  // A moderator's action was decided on the comment as read: if its author deleted or edited it into the
  // queue meanwhile, the action is refused rather than undoing what they did. Approving it settles the
  // readers' reports, and later ones are listed for the moderators instead of taking it down.
  await setStatus(ctx, comment, status, { actor, action, reason }, { onlyFromItsStatus: true, reviewed: action === 'approve' });
  return (await store.findCommentById(ctx.db, id))!;
}

export interface ReportResult {
  /** The comment went back to moderation with this report. */
  held: boolean;
}

/**
 * A reader reports a published comment. One report counts per network (a second from the same one is
 * taken as given and changes nothing); once COMMENT_REPORTS_TO_HOLD networks have reported it, the
 * comment goes back to moderation, logged as held by readers with their reasons.
 */
export async function reportComment(ctx: Ctx, articleId: string, commentId: number, reason: ReportReason, who: Pick<Commenter, 'clientAddress'>): Promise<ReportResult> {
  const comment = await store.findCommentById(ctx.db, commentId);
  if (!comment || comment.articleId !== articleId || comment.status !== 'approved') throw commentNotFound();
  const client = clientHash(ctx, who.clientAddress);
  await countAgainstLimit(ctx, 'report', client, ctx.config.commentRateLimit, rateLimited);
  // A banned commenter's reports are taken without a word and not counted: a ban is not a way in to
  // taking others' comments down.
  if (await store.isBanned(ctx.db, client, null)) return { held: false };
  const added = await store.insertReport(ctx.db, { comment_id: commentId, client_hash: client, reason, created_at: toTimestamp(ctx.clock.now()) });
  const counts = await store.countReports(ctx.db, commentId);
  if (!isHeldByReports(comment, reportTotal(counts), ctx.config.comments.reportsToHold, added)) return { held: false };
  const why = reportsSummary(counts);
  try {
    await setStatus(ctx, comment, 'pending', { actor: 'readers', action: 'hold', reason: why }, { onlyFromItsStatus: true, heldReason: why });
  } catch (error) {
    // A moderator acted on it meanwhile: their decision stands.
    if (error instanceof DomainError && error.code === 'comment_changed') return { held: false };
    throw error;
  }
  return { held: true };
}

/**
 * A moderator reads a reported comment and lets it stand: its reports are forgotten, and new ones are
 * listed for the moderators rather than taking it down (see isHeldByReports()).
 */
export async function dismissReports(ctx: Ctx, id: number, actor: string, reason = ''): Promise<Comment> {
  const comment = await store.findCommentById(ctx.db, id);
  if (!comment) throw commentNotFound();
  if (comment.status !== 'approved') throw invalidTransition(comment.status, 'dismiss-reports');
  if (reportTotal(await store.countReports(ctx.db, id)) === 0) throw noReports(id);
  await setStatus(ctx, comment, 'approved', { actor, action: 'dismiss_reports', reason }, { onlyFromItsStatus: true, reviewed: true });
  return (await store.findCommentById(ctx.db, id))!;
}

/** Published comments that readers reported, the most reported first. */
export async function listReportedComments(ctx: Ctx, limit = 50): Promise<store.ReportedComment[]> {
  return store.listReportedComments(ctx.db, limit);
}

export type BanTarget = { email: string } | { clientHash: string } | { commentId: number };

/** Bans a commenter by e-mail or client hash (or those of one of their comments) and hides what they have posted. */
export async function banCommenter(ctx: Ctx, target: BanTarget, actor: string, reason = ''): Promise<{ kind: 'email' | 'client'; value: string; hidden: number }> {
  let kind: 'email' | 'client';
  let value: string;
  if ('commentId' in target) {
    const comment = await store.findCommentById(ctx.db, target.commentId);
    if (!comment) throw commentNotFound();
    kind = comment.email ? 'email' : 'client';
    value = comment.email ?? comment.clientHash;
  } else if ('email' in target) {
    kind = 'email';
    value = target.email.trim().toLowerCase();
    if (!isValidEmail(value)) throw invalidComment({ email: 'That is not an e-mail address.' });
  } else {
    kind = 'client';
    value = target.clientHash.trim();
    if (!/^[0-9a-f]{32}$/.test(value)) throw invalidComment({ client: 'A client hash is 32 hexadecimal characters.' });
  }
  const stamp = toTimestamp(ctx.clock.now());
  const { hidden, articles } = await ctx.db.transaction().execute(async (trx) => {
    await store.insertBan(trx, { kind, value, reason, created_by: actor, created_at: stamp });
    await store.appendModerationLog(trx, { actor, action: 'ban', targetType: kind, targetId: kind === 'email' ? maskEmail(value) : value, reason, at: stamp });
    const visible = await store.listVisibleCommentIdsBy(trx, kind, value);
    for (const c of visible) {
      await store.updateComment(trx, c.id, { status: 'rejected', updated_at: stamp });
      await store.appendModerationLog(trx, { actor, action: 'reject', targetType: 'comment', targetId: String(c.id), reason: 'author banned', at: stamp });
    }
    const touched = [...new Set(visible.map((c) => c.articleId))];
    for (const articleId of touched) await store.refreshCommentCount(trx, articleId);
    return { hidden: visible.length, articles: touched };
  });
  if (articles.length > 0) ctx.events.changed({ kind: 'comment' });
  return { kind, value, hidden };
}

export async function unbanCommenter(ctx: Ctx, kind: 'email' | 'client', value: string, actor: string, reason = ''): Promise<boolean> {
  const normalised = kind === 'email' ? value.trim().toLowerCase() : value.trim();
  return ctx.db.transaction().execute(async (trx) => {
    const removed = await store.deleteBan(trx, kind, normalised);
    if (removed) {
      await store.appendModerationLog(trx, { actor, action: 'unban', targetType: kind, targetId: kind === 'email' ? maskEmail(normalised) : normalised, reason, at: toTimestamp(ctx.clock.now()) });
    }
    return removed;
  });
}

/** The public log shows that an address was banned without printing the address. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}…@${domain.slice(0, 1)}…`;
}

export interface ThreadPage {
  comments: ThreadComment[];
  topLevelTotal: number;
  page: number;
  pages: number;
}

export async function listThread(ctx: Ctx, article: ArticleSummary, options: { order: 'oldest' | 'newest'; page: number; viewerToken: string | null }): Promise<ThreadPage> {
  const perPage = ctx.config.comments.perPage;
  const viewerKey = options.viewerToken ? commenterKey(ctx, options.viewerToken) : null;
  // Most articles have no comments; a stranger then sees nothing, and the count already says so.
  if (article.commentCount === 0 && !viewerKey) return { comments: [], topLevelTotal: 0, page: options.page, pages: 1 };
  const { comments, topLevelTotal } = await store.listThreadPage(ctx.db, ctx.dialect, { articleId: article.id, order: options.order, limit: perPage, offset: (options.page - 1) * perPage, viewerKey });
  return { comments, topLevelTotal, page: options.page, pages: Math.max(1, Math.ceil(topLevelTotal / perPage)) };
}

/** The comments page (oldest first) on which a comment's thread appears, for redirects after posting. */
export async function pageOfComment(ctx: Ctx, comment: Comment, viewerToken: string | null): Promise<number> {
  const viewerKey = viewerToken ? commenterKey(ctx, viewerToken) : null;
  const before = await store.countTopLevelBefore(ctx.db, ctx.dialect, comment.articleId, comment.rootId ?? comment.id, viewerKey);
  return Math.floor(before / ctx.config.comments.perPage) + 1;
}

export async function listApprovedComments(ctx: Ctx, articleId: string, afterId: number, limit: number): Promise<Comment[]> {
  return store.listApprovedComments(ctx.db, articleId, afterId, limit);
}

/** A comment on the article as the reader holding `viewerToken` sees it (see isShownTo()); not found otherwise. */
export async function findCommentShownTo(ctx: Ctx, articleId: string, id: number, viewerToken: string | null): Promise<Comment> {
  const comment = await store.findCommentById(ctx.db, id);
  if (!comment || comment.articleId !== articleId || !isShownTo(comment, viewerToken ? commenterKey(ctx, viewerToken) : null)) throw commentNotFound();
  return comment;
}

export async function findComment(ctx: Ctx, id: number): Promise<Comment | undefined> {
  return store.findCommentById(ctx.db, id);
}

/** Comments for the moderators, newest first; with `articleSlug`, only those on that article (by its current slug). */
export async function listCommentsForModeration(ctx: Ctx, status: CommentStatus | 'all', limit = 50, articleSlug?: string) {
  return store.listCommentsByStatus(ctx.db, status, limit, articleSlug);
}

/** The addresses of those of these comments that everyone can read now, by comment number. */
export async function shownCommentPaths(ctx: Ctx, ids: readonly number[]): Promise<Map<number, string>> {
  const paths = await store.listShownCommentArticlePaths(ctx.db, ids, toTimestamp(ctx.clock.now()));
  return new Map([...paths].map(([id, articlePath]) => [id, commentPath(articlePath, id)]));
}

export async function moderationLog(ctx: Ctx, limit = 50, beforeId?: number): Promise<LogEntry[]> {
  return store.listModerationLog(ctx.db, limit, beforeId);
}
