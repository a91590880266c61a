// The rules of the comment section as small pure functions: who may do what, and what state follows.
import type { CommentSettings } from '../../config.js';
import type { CommentStatus, ReportReason } from '../../db/schema.js';
import { foldCharacters, foldLookalikes } from './link-normalise.js';

export const MAX_BODY_LENGTH = 5000;
export const MAX_NAME_LENGTH = 80;
export const MAX_EMAIL_LENGTH = 254;
/** Replies are shown three levels deep; deeper replies are shown at the third level. */
export const MAX_DISPLAY_DEPTH = 2;

export interface ArticleForComments {
  commentsEnabled: boolean;
  publishedAt: Date | null;
}

export function areCommentsOpen(article: ArticleForComments, now: Date, settings: Pick<CommentSettings, 'closeAfterDays'>): boolean {
  if (!article.commentsEnabled || !article.publishedAt) return false;
  if (settings.closeAfterDays === 0) return true;
  return now.getTime() - article.publishedAt.getTime() < settings.closeAfterDays * 86_400_000;
}

/** When comments on an article close by themselves, if they do. */
export function commentsCloseAt(article: ArticleForComments, settings: Pick<CommentSettings, 'closeAfterDays'>): Date | null {
  if (!article.commentsEnabled || !article.publishedAt || settings.closeAfterDays === 0) return null;
  return new Date(article.publishedAt.getTime() + settings.closeAfterDays * 86_400_000);
}

export interface OwnedComment {
  commenterKey: string;
  status: CommentStatus;
  createdAt: Date;
}

export function canEditComment(comment: OwnedComment, commenterKey: string | null, now: Date, settings: Pick<CommentSettings, 'editWindowMinutes'>): boolean {
  if (!commenterKey || comment.commenterKey !== commenterKey) return false;
  if (comment.status !== 'pending' && comment.status !== 'approved') return false;
  return now.getTime() - comment.createdAt.getTime() < settings.editWindowMinutes * 60_000;
}

/** Whether a reader sees a comment: everyone sees a published one; its author alone sees one awaiting moderation. */
export function isShownTo(comment: Pick<OwnedComment, 'commenterKey' | 'status'>, commenterKey: string | null): boolean {
  return comment.status === 'approved' || (comment.status === 'pending' && commenterKey !== null && comment.commenterKey === commenterKey);
}

export interface Arrival {
  mode: CommentSettings['moderation'];
  /** The commenter already has an approved comment (by browser or e-mail). */
  hasApprovedComment: boolean;
  /** A word from the hold list found in the comment, if any. */
  heldWord: string | null;
}

/** The status a new (or edited) comment starts in, and why it is held when it is. */
export function arrivalStatus(arrival: Arrival): { status: CommentStatus; heldReason: string | null } {
  if (arrival.heldWord) return { status: 'pending', heldReason: `contains "${arrival.heldWord}"` };
  if (arrival.mode === 'all') return { status: 'pending', heldReason: 'every comment is reviewed' };
  if (arrival.mode === 'first' && !arrival.hasApprovedComment) return { status: 'pending', heldReason: 'first comment' };
  return { status: 'approved', heldReason: null };
}

export type ModerationAction = 'approve' | 'reject' | 'spam' | 'delete';

const TARGET: Record<ModerationAction, CommentStatus> = { approve: 'approved', reject: 'rejected', spam: 'spam', delete: 'deleted' };

/** The status a moderation action leads to, or null when it makes no sense from the current one. */
export function nextStatus(current: CommentStatus, action: ModerationAction): CommentStatus | null {
  const target = TARGET[action];
  if (current === target) return null;
  if (current === 'deleted' && action !== 'approve') return null;
  return target;
}

/**
 * Whole-word, case-insensitive search for a hold-list word or phrase: in the text as written, and in the
 * text with look-alike letters, invisible characters and full-width forms folded as the link rule folds
 * them, so that "c\u0430sino" (a Cyrillic а) or "ca\u200bsino" is held like "casino"; in each, also with
 * letters spread out one by one written together ("c a s i n o", "C.A.S.I.N.O").
 */
export function findHeldWord(text: string, words: readonly string[]): string | null {
  if (words.length === 0) return null;
  const forms = [text.toLowerCase()];
  if (BEYOND_ASCII.test(text)) forms.push(foldLookalikes(foldCharacters(text)).text.toLowerCase());
  for (const form of forms) {
    const found = findWholeWord(form, words);
    if (found !== null) return found;
    const joined = joinSpreadLetters(form);
    if (joined !== form) {
      const spread = findWholeWord(joined, words);
      if (spread !== null) return spread;
    }
  }
  return null;
}

/** What may stand between letters spread out one by one. */
const SPREAD_SEPARATORS = new Set([' ', '.', '-', '*', '_', '\u00b7']);

/**
 * The text with every run of three or more single letters, one separator apart, written together:
 * "best c a s i n o bonus" → "best casino bonus"; the text itself when there is none. One pass over
 * the text, copying only around the runs it joins.
 */
export function joinSpreadLetters(text: string): string {
  const isLetter = (i: number) => i >= 0 && i < text.length && /\p{L}/u.test(text[i]!);
  let out = '';
  let copiedTo = 0;
  for (let i = 0; i < text.length; i++) {
    // A run starts at a single letter: none before it, a separator after it.
    if (!SPREAD_SEPARATORS.has(text[i + 1] ?? '') || !isLetter(i) || isLetter(i - 1)) continue;
    let end = i;
    let joined = text[i]!;
    while (SPREAD_SEPARATORS.has(text[end + 1] ?? '') && isLetter(end + 2) && !isLetter(end + 3)) {
      joined += text[end + 2];
      end += 2;
    }
    if (joined.length < 3) continue;
    out += text.slice(copiedTo, i) + joined;
    copiedTo = end + 1;
    i = end;
  }
  return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

const BEYOND_ASCII = /[\u0080-\uffff]/;

function findWholeWord(lower: string, words: readonly string[]): string | null {
  for (const word of words) {
    let from = 0;
    for (;;) {
      const at = lower.indexOf(word, from);
      if (at === -1) break;
      const before = at === 0 ? '' : lower[at - 1]!;
      const after = lower[at + word.length] ?? '';
      if (!isWordChar(before) && !isWordChar(after)) return word;
      from = at + 1;
    }
  }
  return null;
}

function isWordChar(ch: string): boolean {
  return ch !== '' && /[\p{L}\p{N}_]/u.test(ch);
}

export function displayDepth(depth: number): number {
  return Math.min(depth, MAX_DISPLAY_DEPTH);
}

/**
 * Characters that take no space and mean nothing to a reader: zero-width space, word joiner, byte-order
 * mark, soft hyphen, direction marks, embeddings, overrides and isolates (an override can make a name
 * read backwards). Zero-width joiner and non-joiner are not among them: Persian, Indic scripts and
 * emoji need them.
 */
const INVISIBLE_CHARS = '\\u00ad\\u180e\\u200b\\u200e\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';
const INVISIBLE = new RegExp(`[${INVISIBLE_CHARS}]`, 'g');
/** Anything but spaces, joiners and the invisible characters above. */
// eslint-disable-next-line no-misleading-character-class -- the zero-width joiner is listed on its own, on purpose
const VISIBLE = new RegExp(`[^\\s\\u200c\\u200d${INVISIBLE_CHARS}]`);

/** A commenter's name as stored: one line, single spaces, nothing invisible. */
export function normaliseName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(INVISIBLE, '').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Whether a text holds anything to read, once spaces and invisible characters are left out. */
export function hasVisibleText(text: string): boolean {
  return VISIBLE.test(text);
}

/**
 * Comment text as stored: line endings unified, invisible control characters removed, outer space
 * trimmed. Direction overrides and embeddings go too: an override shows "moc.elpmaxe" as "example.com",
 * so the text a reader would see is not the text the link rule read. (Paragraphs find their own
 * direction with dir="auto"; isolates and direction marks stay.)
 */
export function normaliseBody(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** For duplicate detection: case, spacing and punctuation at the edges do not make a comment new. */
export function duplicateKey(body: string): string {
  return normaliseBody(body).toLowerCase().replace(/\s+/g, ' ').replace(/^[\s.!?]+|[\s.!?]+$/g, '');
}

/** Paragraphs separated by blank lines, each a list of lines: rendered as <p> with <br>, all escaped. */
export function toParagraphs(body: string): string[][] {
  // Most comments are one paragraph of one line.
  if (!body.includes('\n')) return [[body]];
  return body.split(/\n{2,}/).map((p) => p.split('\n'));
}

export function isValidEmail(email: string): boolean {
  if (email.length > MAX_EMAIL_LENGTH) return false;
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return false;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  return /^[^\s@"(),:;<>[\\\]\u0000-\u001f\u007f]+$/.test(local) && /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(domain) && !domain.includes('..');
}

/** What a reader may report a comment for, in the order the report form offers them. */
export const REPORT_REASONS: ReadonlyArray<{ value: ReportReason; label: string }> = [
  { value: 'abusive', label: 'It is abusive, hateful or threatening' },
  { value: 'spam', label: 'It is spam or advertising' },
  { value: 'off_topic', label: 'It has nothing to do with the article' },
  { value: 'other', label: 'It breaks the house rules in another way' },
];

export function isReportReason(value: unknown): value is ReportReason {
  return REPORT_REASONS.some((reason) => reason.value === value);
}

/**
 * A published comment goes back to moderation once readers on `threshold` different networks have
 * reported it (`0` never). Only a new report can tip it over, and never once a moderator has approved
 * the text as it stands (`reviewedAt`): their decision is not the readers' to undo, and a few networks
 * could otherwise take down any comment they dislike again and again. Those reports wait for a moderator.
 */
export function isHeldByReports(comment: { status: CommentStatus; reviewedAt: Date | null }, reports: number, threshold: number, newReport: boolean): boolean {
  return threshold > 0 && newReport && comment.status === 'approved' && comment.reviewedAt === null && reports >= threshold;
}

/** How many networks reported a comment, from its counts by reason. */
export function reportTotal(counts: ReadonlyMap<ReportReason, number>): number {
  return [...counts.values()].reduce((sum, n) => sum + n, 0);
}

/** "reported by 3 readers (spam 2, abusive 1)": the reason a comment went back to moderation. */
export function reportsSummary(counts: ReadonlyMap<ReportReason, number>): string {
  const total = reportTotal(counts);
  const parts = REPORT_REASONS.filter((r) => (counts.get(r.value) ?? 0) > 0).map((r) => `${r.value.replace('_', ' ')} ${counts.get(r.value)}`);
  return `reported by ${total} reader${total === 1 ? '' : 's'} (${parts.join(', ')})`;
}
