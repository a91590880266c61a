// What the comment section templates need: threads as a tree three levels deep, times, states, and the
// form with what the reader typed and the words that broke the link rule marked.
import type { Ctx } from '../../context.js';
import { FRESH_VALUE_MARKER } from '../../http/page-cache.js';
import { isoTime } from '../../shared/format.js';
import type { ArticleSummary } from '../articles/articles.service.js';
import { areCommentsOpen, commentsCloseAt, displayDepth, MAX_BODY_LENGTH, MAX_NAME_LENGTH, toParagraphs } from './comments.policy.js';
import { listThread, mayEdit, type ThreadComment } from './comments.service.js';
import type { LinkMatch } from './link-detection.js';

/** Stands in the page for the signed "form shown at" time; each response gets a fresh one (see page-cache.ts). */
export const FORM_TOKEN_MARKER = FRESH_VALUE_MARKER;

export interface CommentView {
  id: number;
  authorName: string;
  paragraphs: string[][];
  createdIso: string;
  createdText: string;
  edited: boolean;
  pending: boolean;
  /**
   * Not shown to this reader, but kept as a placeholder because published replies hang from it: taken
   * down, or awaiting moderation (someone else's, or a stranger's view of it). Its text never reaches the page.
   */
  placeholder: 'removed' | 'awaiting' | null;
  canEdit: boolean;
  replyToName: string | null;
  depth: number;
  children: CommentView[];
}

export interface FormValues {
  author_name: string;
  email: string;
  body: string;
  parent_id: string;
  remember: boolean;
}

export interface FormState {
  values: FormValues;
  errors: Record<string, string>;
  /** The error summary shown above the form. */
  message: string | null;
  /** The comment text cut into plain and marked parts, when links were found. */
  highlighted: Array<{ text: string; mark: boolean }> | null;
  /**
   * The "form shown at" token the reader sent, for a form that comes back refused, so that the time they
   * already spent on it counts; a form shown afresh gets a new one in each response.
   */
  formToken?: string;
}

export interface CommentSectionView {
  articlePath: string;
  open: boolean;
  closedReason: string | null;
  count: number;
  threads: CommentView[];
  order: 'oldest' | 'newest';
  page: number;
  pages: number;
  olderHref: string | null;
  newerHref: string | null;
  /** On a page past the last one (an old link, say): the way back to the first. */
  firstHref: string | null;
  form: FormState;
  formToken: string;
  maxBody: number;
  maxName: number;
  editMinutes: number;
  notice: string | null;
  /** The comment this reader has just posted, which gets a word of thanks (see renderCommentSection()). */
  postedId: number | null;
}

export function emptyForm(name = ''): FormState {
  return { values: { author_name: name, email: '', body: '', parent_id: '', remember: name !== '' }, errors: {}, message: null, highlighted: null };
}

/** Splits text into plain and marked runs; matches are sorted, non-overlapping offsets into text. */
export function highlight(text: string, matches: ReadonlyArray<Pick<LinkMatch, 'start' | 'end'>>): Array<{ text: string; mark: boolean }> {
  const parts: Array<{ text: string; mark: boolean }> = [];
  let at = 0;
  for (const m of [...matches].sort((a, b) => a.start - b.start)) {
    if (m.start < at) continue;
    if (m.start > at) parts.push({ text: text.slice(at, m.start), mark: false });
    parts.push({ text: text.slice(m.start, m.end), mark: true });
    at = m.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), mark: false });
  return parts;
}

/** Published, or the reader's own awaiting moderation. The thread carries a commenter key only where it is the reader's own (see comments.store.ts). */
function isShownInFull(comment: ThreadComment): boolean {
  return comment.status === 'approved' || (comment.status === 'pending' && comment.commenterKey !== '');
}

function toView(ctx: Ctx, comment: ThreadComment, viewerToken: string | null, names: Map<number, string>): CommentView {
  const shown = isShownInFull(comment);
  return {
    id: comment.id,
    authorName: comment.authorName,
    paragraphs: toParagraphs(comment.body),
    createdIso: isoTime(comment.createdAt),
    createdText: ctx.dates.dateTime(comment.createdAt),
    edited: comment.editedAt !== null,
    pending: shown && comment.status === 'pending',
    placeholder: shown ? null : comment.status === 'pending' ? 'awaiting' : 'removed',
    canEdit: viewerToken !== null && mayEdit(ctx, comment, viewerToken),
    replyToName: comment.depth > displayDepth(comment.depth) && comment.parentId !== null ? names.get(comment.parentId) ?? null : null,
    depth: displayDepth(comment.depth),
    children: [],
  };
}

/** Threads from a flat list: replies deeper than the third level are shown at the third level. */
export function buildThreads(ctx: Ctx, comments: ThreadComment[], viewerToken: string | null, order: 'oldest' | 'newest'): CommentView[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  // "Replying to" names only comments this reader can see: a held comment's name may be why it is held.
  const names = new Map(comments.filter(isShownInFull).map((c) => [c.id, c.authorName]));
  const views = new Map(comments.map((c) => [c.id, toView(ctx, c, viewerToken, names)]));
  const roots: CommentView[] = [];
  for (const c of [...comments].sort((a, b) => a.id - b.id)) {
    const view = views.get(c.id)!;
    if (c.parentId === null || c.rootId === null) {
      roots.push(view);
      continue;
    }
    // Walk up to the ancestor that sits one level above where this reply is shown. A reply whose own
    // parent was taken down hangs from the nearest ancestor still shown, at worst the thread's first comment.
    let parent = byId.get(c.parentId);
    while (parent && displayDepth(parent.depth) >= view.depth) parent = parent.parentId === null ? undefined : byId.get(parent.parentId);
    const parentView = views.get(parent?.id ?? c.rootId);
    if (parentView) parentView.children.push(view);
  }
  return order === 'newest' ? roots.sort((a, b) => b.id - a.id) : roots;
}

export interface SectionOptions {
  order: 'oldest' | 'newest';
  page: number;
  viewerToken: string | null;
  rememberedName: string;
  form?: FormState;
  notice?: string | null;
  postedId?: number;
}

export async function buildCommentSection(ctx: Ctx, article: ArticleSummary, articlePath: string, options: SectionOptions): Promise<CommentSectionView> {
  const now = ctx.clock.now();
  const open = areCommentsOpen(article, now, ctx.config.comments);
  const thread = await listThread(ctx, article, { order: options.order, page: options.page, viewerToken: options.viewerToken });
  const closesAt = commentsCloseAt(article, ctx.config.comments);
  const query = (page: number) => {
    const params = new URLSearchParams();
    if (options.order === 'newest') params.set('corder', 'newest');
    if (page > 1) params.set('cpage', String(page));
    const qs = params.toString();
    return `${articlePath}${qs ? `?${qs}` : ''}#comments`;
  };
  return {
    articlePath,
    open,
    closedReason: open ? null : !article.commentsEnabled ? 'Comments are turned off for this article.' : closesAt ? `Comments closed on ${ctx.dates.dateTime(closesAt)}.` : 'Comments are closed.',
    count: article.commentCount,
    threads: buildThreads(ctx, thread.comments, options.viewerToken, options.order),
    order: options.order,
    page: thread.page,
    pages: thread.pages,
    olderHref: thread.page < thread.pages ? query(thread.page + 1) : null,
    newerHref: thread.page > 1 && thread.page <= thread.pages ? query(thread.page - 1) : null,
    firstHref: thread.page > thread.pages ? query(1) : null,
    form: options.form ?? emptyForm(options.rememberedName),
    formToken: options.form?.formToken ?? FORM_TOKEN_MARKER,
    maxBody: MAX_BODY_LENGTH,
    maxName: MAX_NAME_LENGTH,
    editMinutes: ctx.config.comments.editWindowMinutes,
    // A refusal on a closed article has no form to sit on, so it is shown as a notice.
    notice: options.notice ?? (!open ? options.form?.message ?? null : null),
    postedId: options.postedId ?? null,
  };
}
