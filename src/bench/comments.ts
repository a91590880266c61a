// The comment targets' data: one article with a long thread (500 approved comments, inserted directly with
// Kysely in one transaction, shaped as postComment() writes them), the articles a load test may comment on,
// and the JSON bodies it posts. The bodies are honest text, so every post passes the link rule.
import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import { openDb } from '../db/database.js';
import type { CommentsTable } from '../db/schema.js';
import { duplicateKey, normaliseBody } from '../modules/comments/comments.policy.js';
import { toTimestamp } from '../shared/clock.js';
import { personName, PLACES, Random, WORDS } from './words.js';

export interface ThreadOptions {
  /** All comments, top-level and replies. */
  comments?: number;
  replies?: number;
  /** Distinct people commenting; most of them comment more than once. */
  commenters?: number;
  seed?: number;
  now?: Date;
}

export interface SeededThread {
  articleId: string;
  /** /{section}/{slug}: page 1 of the comments, oldest first, is on the article page itself. */
  path: string;
  comments: number;
  topLevel: number;
  /** Replies at depth 1, 2 and 3. */
  repliesByDepth: [number, number, number];
  millis: number;
}

interface Commenter {
  name: string;
  email: string | null;
  commenterKey: string;
  clientHash: string;
}

interface Seeded {
  id: number;
  rootId: number | null;
  depth: number;
  name: string;
}

/** postComment() stores the first 32 hex digits of a SHA-256. */
function hash32(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

const OPENERS = [
  'I think', 'Good piece, but', 'Honestly,', 'Interesting that', 'The real question is whether', 'Fair point about how',
  'As someone who grew up near the', 'Sadly', 'Not convinced that', 'Thanks for explaining why', 'I doubt the', 'Nobody mentions that',
];
const ENDINGS = ['.', '.', '.', '.', '?', '!'];
const ASIDES = [
  'e.g. the last time this came up', 'i.e. before the vote', 'at 9 a.m. on a weekday', 'about 3.5 per cent a year',
  'since 2019', 'by roughly 40%', 'in the U.K. and elsewhere', 'for the 2nd time this year',
];

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function commentWords(random: Random, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(random.chance(0.05) ? random.pick(PLACES) : random.pick(WORDS));
  return out.join(' ');
}

function commentSentence(random: Random): string {
  let text = random.chance(0.4) ? `${random.pick(OPENERS)} ${commentWords(random, random.int(5, 14))}` : capitalize(commentWords(random, random.int(6, 18)));
  if (random.chance(0.2)) text += `, ${random.pick(ASIDES)}`;
  return `${text}${random.pick(ENDINGS)}`;
}

/** 1–4 sentences; a longer comment is sometimes split into two paragraphs. A reply may address its parent. */
export function commentBody(random: Random, replyTo?: string): string {
  const sentences = Array.from({ length: random.int(1, 4) }, () => commentSentence(random));
  if (replyTo && random.chance(0.35)) sentences[0] = `${replyTo.split(' ')[0]}, ${sentences[0]!.charAt(0).toLowerCase()}${sentences[0]!.slice(1)}`;
  if (sentences.length >= 2 && random.chance(0.35)) {
    const cut = random.int(1, sentences.length - 1);
    return normaliseBody(`${sentences.slice(0, cut).join(' ')}\n\n${sentences.slice(cut).join(' ')}`);
  }
  return normaliseBody(sentences.join(' '));
}

function makeCommenters(random: Random, count: number): Commenter[] {
  return Array.from({ length: count }, (_, i) => {
    const name = personName(random);
    return {
      name,
      // Most readers leave the optional e-mail empty.
      email: random.chance(0.3) ? `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${i}@example.net` : null,
      commenterKey: hash32('bench', 'commenter', String(i)),
      clientHash: hash32('bench', 'client', String(i)),
    };
  });
}

/** Which comments are replies: `replies` of the `total`, never the first one (it has nothing to answer). */
function replySlots(random: Random, total: number, replies: number): Set<number> {
  const slots = new Set<number>();
  while (slots.size < Math.min(replies, total - 1)) slots.add(random.int(1, total - 1));
  return slots;
}

/**
 * A parent for a reply: a top-level comment about half the time (depth 1), otherwise a reply (depth 2 or 3).
 * Picked among the latest comments, since people answer what they have just read.
 */
function pickParent(random: Random, seeded: readonly Seeded[]): Seeded {
  const wanted = random.chance(0.5) ? 0 : random.chance(0.65) ? 1 : 2;
  const recent = seeded.slice(-60);
  const fits = recent.filter((c) => c.depth === wanted);
  const fallback = recent.filter((c) => c.depth < 3);
  return random.pick(fits.length > 0 ? fits : fallback.length > 0 ? fallback : seeded);
}

/**
 * Gives the newest published article with comments enabled a thread of `comments` approved comments
 * (`replies` of them replies, depths 1–3) posted between its publication and now, and sets its comment_count.
 * Rows are shaped as postComment() writes them; ids come from the database, one insert at a time, since
 * replies refer to their parent's id.
 */
export async function seedCommentThread(databaseUrl: string, options: ThreadOptions = {}): Promise<SeededThread> {
  const started = performance.now();
  const total = options.comments ?? 500;
  const random = new Random(options.seed ?? 500);
  const now = options.now ?? new Date();
  const { db, close } = await openDb(databaseUrl);
  try {
    const article = await db
      .selectFrom('articles as a')
      .innerJoin('sections as s', 's.id', 'a.primary_section_id')
      .select(['a.id', 'a.slug', 'a.published_at', 's.slug as section_slug'])
      .where('a.status', '=', 'published')
      .where('a.comments_enabled', '=', 1)
      .orderBy('a.published_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!article?.published_at) throw new Error('The data set has no published article with comments enabled to put 500 comments on.');

    const commenters = makeCommenters(random, options.commenters ?? 180);
    const isReply = replySlots(random, total, options.replies ?? 150);
    // Posting times spread from a few minutes after publication to a minute ago, in order.
    const from = new Date(article.published_at).getTime() + 5 * 60_000;
    const span = Math.max(60_000, now.getTime() - 60_000 - from);
    const times = Array.from({ length: total }, () => from + Math.floor(random.next() * span)).sort((a, b) => a - b);

    const seeded: Seeded[] = [];
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < total; i++) {
        const who = random.pick(commenters);
        const parent = isReply.has(i) ? pickParent(random, seeded) : undefined;
        const body = commentBody(random, parent?.name);
        const created = new Date(times[i]!);
        // A few are edited within the 15-minute window.
        const edited = random.chance(0.04) ? new Date(Math.min(created.getTime() + random.int(1, 14) * 60_000, now.getTime())) : null;
        const row: Insertable<CommentsTable> = {
          article_id: article.id,
          parent_id: parent?.id ?? null,
          root_id: parent ? (parent.rootId ?? parent.id) : null,
          depth: parent ? parent.depth + 1 : 0,
          author_name: who.name,
          email: who.email,
          body,
          status: 'approved',
          held_reason: null,
          commenter_key: who.commenterKey,
          client_hash: who.clientHash,
          body_hash: hash32(duplicateKey(body)),
          created_at: toTimestamp(created),
          edited_at: edited ? toTimestamp(edited) : null,
          updated_at: toTimestamp(edited ?? created),
        };
        const { id } = await trx.insertInto('comments').values(row).returning('id').executeTakeFirstOrThrow();
        seeded.push({ id: Number(id), rootId: row.root_id ?? null, depth: row.depth ?? 0, name: who.name });
      }
      await trx.updateTable('articles').set({ comment_count: total }).where('id', '=', article.id).execute();
    });

    const depthCount = (d: number) => seeded.filter((c) => c.depth === d).length;
    return {
      articleId: article.id,
      path: `/${article.section_slug}/${article.slug}`,
      comments: seeded.length,
      topLevel: depthCount(0),
      repliesByDepth: [depthCount(1), depthCount(2), depthCount(3)],
      millis: performance.now() - started,
    };
  } finally {
    await close();
  }
}

/**
 * Slugs of the articles readers can comment on: published, comments enabled, and published within the last
 * `openDays` days (COMMENT_CLOSE_AFTER_DAYS closes the rest), except the articles with ids in `except`.
 * A day is left as margin for the run itself.
 */
export async function listOpenArticleSlugs(databaseUrl: string, openDays: number, except: readonly string[] = [], now = new Date()): Promise<string[]> {
  const { db, close } = await openDb(databaseUrl);
  try {
    let query = db
      .selectFrom('articles')
      .select('slug')
      .where('status', '=', 'published')
      .where('comments_enabled', '=', 1)
      .where('published_at', '>=', toTimestamp(new Date(now.getTime() - (openDays - 1) * 86_400_000)));
    if (except.length > 0) query = query.where('id', 'not in', [...except]);
    const rows = await query.orderBy('published_at', 'desc').execute();
    return rows.map((r) => r.slug);
  } finally {
    await close();
  }
}

/** The highest comment id so far (0 when there are none): rows added later have greater ids. */
export async function lastCommentId(databaseUrl: string): Promise<number> {
  const { db, close } = await openDb(databaseUrl);
  try {
    const row = await db.selectFrom('comments').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
    return Number(row?.id ?? 0);
  } finally {
    await close();
  }
}

/** Ids of the comments added after `afterId`, whatever their status. */
export async function commentIdsAfter(databaseUrl: string, afterId: number): Promise<Set<number>> {
  const { db, close } = await openDb(databaseUrl);
  try {
    const rows = await db.selectFrom('comments').select('id').where('id', '>', afterId).execute();
    return new Set(rows.map((r) => Number(r.id)));
  } finally {
    await close();
  }
}

const TOPICS = [
  'harbour talks', 'budget vote', 'rail strike', 'flood defences', 'new bridge', 'hospital waiting lists', 'port expansion',
  'pension reform', 'fishing quotas', 'school funding', 'energy prices', 'coalition deal', 'museum closure', 'tram fares',
];

export interface CommentPost {
  path: string;
  body: string;
}

/**
 * The n-th JSON body for POST /api/v1/articles/{slug}/comments: a unique, honest sentence (the counter makes
 * it unique, so the duplicate rule never refuses it) and one of a few hundred names.
 */
export function commentPost(n: number, slugs: readonly string[], random: Random): CommentPost {
  const slug = slugs[n % slugs.length]!;
  const topic = TOPICS[n % TOPICS.length]!;
  const second = random.chance(0.5) ? ` ${commentSentence(random)}` : '';
  return {
    path: `/api/v1/articles/${encodeURIComponent(slug)}/comments`,
    body: JSON.stringify({ author_name: personName(random), body: `Comment ${n} from the load test about the ${topic}.${second}` }),
  };
}
