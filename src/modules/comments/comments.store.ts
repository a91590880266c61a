// The only SQL for comments, bans and the moderation log.
import type { CompiledQuery, Selectable } from 'kysely';
import type { DialectName } from '../../db/database.js';
import { dialectOf, jsonRows, parseJsonRows, RawQuery } from '../../db/raw-query.js';
import type { CommentStatus, CommentsTable, Executor, ReportReason } from '../../db/schema.js';
import { perLimit, rowLimit } from '../../db/row-limit.js';
import { couldBeRowNumber } from '../../shared/ids.js';


export interface Comment {
  id: number;
  articleId: string;
  parentId: number | null;
  rootId: number | null;
  depth: number;
  authorName: string;
  email: string | null;
  body: string;
  status: CommentStatus;
  heldReason: string | null;
  commenterKey: string;
  clientHash: string;
  createdAt: Date;
  editedAt: Date | null;
  updatedAt: Date;
  /** When a moderator last approved this text; null if none has since it was written or edited. */
  reviewedAt: Date | null;
}

export function toComment(row: Selectable<CommentsTable>): Comment {
  return {
    id: Number(row.id),
    articleId: row.article_id,
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    rootId: row.root_id === null ? null : Number(row.root_id),
    depth: row.depth,
    authorName: row.author_name,
    email: row.email,
    body: row.body,
    status: row.status,
    heldReason: row.held_reason,
    commenterKey: row.commenter_key,
    clientHash: row.client_hash,
    createdAt: new Date(row.created_at),
    editedAt: row.edited_at ? new Date(row.edited_at) : null,
    updatedAt: new Date(row.updated_at),
    reviewedAt: row.reviewed_at ? new Date(row.reviewed_at) : null,
  };
}

export async function findCommentById(db: Executor, id: number): Promise<Comment | undefined> {
  if (!couldBeRowNumber(id)) return undefined;
  const row = await db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toComment(row);
}

export type NewCommentRow = Omit<CommentsTable, 'id'>;

// The queries of posting a comment are written out once (see db/raw-query.ts): built with the query
// builder they cost more to compile than the database takes to run them, and a busy comment section
// runs them for every post.
const NEW_COMMENT_COLUMNS = [
  'article_id', 'parent_id', 'root_id', 'depth', 'author_name', 'email', 'body', 'status', 'held_reason',
  'commenter_key', 'client_hash', 'body_hash', 'created_at', 'edited_at', 'updated_at', 'reviewed_at',
] as const satisfies ReadonlyArray<keyof NewCommentRow>;

const insertCommentQuery = new RawQuery<{ id: number | string }>(
  () => `insert into comments (${NEW_COMMENT_COLUMNS.join(', ')}) values (${NEW_COMMENT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}) returning id`,
);

export async function insertComment(trx: Executor, row: NewCommentRow): Promise<number> {
  const [inserted] = await insertCommentQuery.execute(trx, dialectOf(trx), NEW_COMMENT_COLUMNS.map((c) => row[c]));
  return Number(inserted!.id);
}

/**
 * Changes a comment; with `onlyIfStatus`, only while it still has the status the change was decided on.
 * Returns whether a row was changed.
 */
export async function updateComment(trx: Executor, id: number, values: Partial<NewCommentRow>, onlyIfStatus?: CommentStatus): Promise<boolean> {
  let update = trx.updateTable('comments').set(values).where('id', '=', id);
  if (onlyIfStatus) update = update.where('status', '=', onlyIfStatus);
  const { numUpdatedRows } = await update.executeTakeFirst();
  return numUpdatedRows > 0n;
}

/** One more approved comment on an article (the common case, without counting them all). */
const incrementCountQuery = new RawQuery(() => 'update articles set comment_count = comment_count + 1 where id = $1');

export async function incrementCommentCount(trx: Executor, articleId: string): Promise<void> {
  await incrementCountQuery.execute(trx, dialectOf(trx), [articleId]);
}

/** Keeps articles.comment_count equal to the number of approved comments. */
export async function refreshCommentCount(trx: Executor, articleId: string): Promise<number> {
  const row = await trx
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', articleId)
    .where('status', '=', 'approved')
    .executeTakeFirstOrThrow();
  const count = Number(row.n);
  await trx.updateTable('articles').set({ comment_count: count }).where('id', '=', articleId).execute();
  return count;
}

export interface Identity {
  commenterKey: string;
  clientHash: string;
  email: string | null;
}

/** Same text ($1) since a moment ($2) from the same browser ($3), address ($4) or e-mail ($5, null for none). */
const recentDuplicateQuery = new RawQuery(
  () => `select 1 as found from comments where body_hash = $1 and created_at >= $2 and status <> 'deleted'
    and (commenter_key = $3 or client_hash = $4 or email = $5) limit 1`,
);

/** $1: a comment text's hash; the lock is PostgreSQL's own, released when the transaction ends. */
const lockTextQuery = new RawQuery(() => `select pg_advisory_xact_lock(hashtextextended($1, 0)) as locked`);

/**
 * Makes the duplicate check and the insert after it one step for a given text (a double click sends the
 * same comment twice at once): on PostgreSQL, a second transaction with the same text waits here until
 * the first ends, then sees its comment. SQLite runs one transaction at a time, so it needs nothing.
 */
export async function lockCommentText(trx: Executor, bodyHash: string): Promise<void> {
  const dialect = dialectOf(trx);
  if (dialect === 'postgres') await lockTextQuery.execute(trx, dialect, [bodyHash]);
}

/** Whether the same person posted the same text since a moment (duplicates). */
export async function hasRecentDuplicate(db: Executor, bodyHash: string, who: Identity, since: string): Promise<boolean> {
  const rows = await recentDuplicateQuery.execute(db, dialectOf(db), [bodyHash, since, who.commenterKey, who.clientHash, who.email || null]);
  return rows.length > 0;
}

const approvedByKeyQuery = new RawQuery(() => `select 1 as found from comments where commenter_key = $1 and status = 'approved' limit 1`);
const approvedByEmailQuery = new RawQuery(() => `select 1 as found from comments where email = $1 and status = 'approved' limit 1`);

/** Whether this browser or e-mail address already has an approved comment. */
export async function hasApprovedComment(db: Executor, commenterKey: string, email: string | null): Promise<boolean> {
  const dialect = dialectOf(db);
  if ((await approvedByKeyQuery.execute(db, dialect, [commenterKey])).length > 0) return true;
  if (!email) return false;
  return (await approvedByEmailQuery.execute(db, dialect, [email])).length > 0;
}

/** A ban of the client ($1) or of the e-mail address ($2, null for none). */
const bannedQuery = new RawQuery(
  () => `select 1 as found from comment_bans where (kind = 'client' and value = $1) or (kind = 'email' and value = $2) limit 1`,
);

export async function isBanned(db: Executor, clientHash: string, email: string | null): Promise<boolean> {
  return (await bannedQuery.execute(db, dialectOf(db), [clientHash, email || null])).length > 0;
}

export interface ThreadQuery {
  articleId: string;
  order: 'oldest' | 'newest';
  limit: number;
  offset: number;
  /** Also include this commenter's own pending comments. */
  viewerKey: string | null;
}

/** What a comment thread shows of each comment (no e-mail, client hash or moderation notes). */
export type ThreadComment = Pick<Comment, 'id' | 'parentId' | 'rootId' | 'depth' | 'authorName' | 'body' | 'status' | 'commenterKey' | 'createdAt' | 'editedAt'>;

type ThreadValues = [number, number | null, number | null, number, string, string, CommentStatus, string, string, string | null];

function toThreadComment(v: ThreadValues): ThreadComment {
  return {
    id: Number(v[0]),
    parentId: v[1] === null ? null : Number(v[1]),
    rootId: v[2] === null ? null : Number(v[2]),
    depth: v[3],
    authorName: v[4],
    body: v[5],
    status: v[6],
    commenterKey: v[7],
    createdAt: new Date(v[8]),
    editedAt: v[9] ? new Date(v[9]) : null,
  };
}

/**
 * The commenter key only where it is the viewer's own ($2): all a thread needs it for is to offer the
 * author "edit or delete", and a stranger's page then carries none of the keys.
 */
const OWN_KEY_SQL = `case when t.commenter_key = $2 then t.commenter_key else '' end`;

/** Shown to everyone: approved; to its author ($2, the viewer's commenter key, '' for none): pending too. */
const visibleSql = (t: string) => `(${t}.status = 'approved' or (${t}.status = 'pending' and ${t}.commenter_key = $2))`;

/**
 * Top-level comments of article $1 that a thread shows (as `c`): the visible ones, and those taken
 * down that still have visible replies (shown as removed).
 */
const SHOWN_ROOT_SQL = `c.article_id = $1 and c.root_id is null and (${visibleSql('c')} or exists (select 1 from comments r where r.article_id = c.article_id and r.root_id = c.id and ${visibleSql('r')}))`;

/** How many top-level comments are shown in all, and the first and last id of a page's. */
interface ThreadRange {
  total: number | string;
  lo: number | string | null;
  hi: number | string | null;
}

/**
 * A page of threads ($1 article, $2 viewer, $3 offset; the limit is written in, see db/row-limit.ts),
 * first as a range of top-level ids: how many top-level comments are shown in all, and the first and
 * last id of the page's. Shown are the visible ones and those taken down that still have visible
 * replies (drawn as removed).
 */
const pageRangeQueries = (['oldest', 'newest'] as const).map((order) =>
  perLimit(
    (limit) =>
      new RawQuery<ThreadRange>(
        () => `select (select count(*) from comments c where ${SHOWN_ROOT_SQL}) as total, min(p.id) as lo, max(p.id) as hi
from (select c.id from comments c where ${SHOWN_ROOT_SQL} order by c.id ${order === 'newest' ? 'desc' : 'asc'} limit ${rowLimit(limit)} offset $3) p`,
      ),
  ),
);

/**
 * Then the comments of those threads ($1 article, $2 viewer, $3 and $4 the first and last top-level
 * id), as JSON rows in no particular order (buildThreads() orders them): one range of
 * comments_thread_order_idx. The page's threads are every shown thread in that range, so what is
 * visible there belongs on the page; so does a top-level comment taken down that has visible replies.
 *
 * Two statements rather than one: with the range as a subquery, SQLite took twice as long.
 */
const threadRowsQuery = new RawQuery<{ rows: string | ThreadValues[] | null }>((dialect) => {
  const columns = ['id', 'parent_id', 'root_id', 'depth', 'author_name', 'body', 'status', 'commenter_key', 'created_at', 'edited_at'];
  return `select ${jsonRows(dialect, columns.map((c) => (c === 'commenter_key' ? OWN_KEY_SQL : `t.${c}`)))} as rows from comments t
where t.article_id = $1 and coalesce(t.root_id, t.id) between $3 and $4
  and (${visibleSql('t')} or (t.root_id is null and exists (select 1 from comments r where r.article_id = t.article_id and r.root_id = t.id and ${visibleSql('r')})))`;
});

/**
 * The two statements of a page of threads as the database runs them, with their values in order: the
 * range, then the rows of the threads in it. listThreadPage() runs them; so does the benchmark's floor
 * server, without the query builder.
 */
export function threadPageStatements(dialect: DialectName, q: ThreadQuery): { range: CompiledQuery<ThreadRange>; rows: (lo: number, hi: number) => CompiledQuery<{ rows: string | ThreadValues[] | null }> } {
  const viewer = q.viewerKey ?? '';
  return {
    range: pageRangeQueries[q.order === 'newest' ? 1 : 0]!(q.limit).compile(dialect, [q.articleId, viewer, q.offset]),
    rows: (lo, hi) => threadRowsQuery.compile(dialect, [q.articleId, viewer, lo, hi]),
  };
}

/** One page of top-level comments with every visible reply in their threads, and the number of top-level comments shown in all. */
export async function listThreadPage(db: Executor, dialect: DialectName, q: ThreadQuery): Promise<{ comments: ThreadComment[]; topLevelTotal: number }> {
  const statements = threadPageStatements(dialect, q);
  const { rows: [range] } = await db.executeQuery(statements.range);
  const topLevelTotal = Number(range?.total ?? 0);
  if (range?.lo === null || range?.lo === undefined) return { comments: [], topLevelTotal };
  const { rows: [row] } = await db.executeQuery(statements.rows(Number(range.lo), Number(range.hi)));
  return { comments: parseJsonRows(row?.rows).map(toThreadComment), topLevelTotal };
}

/** Position of a top-level comment among the visible ones, oldest first (for the page it is on). */
const countBeforeQuery = new RawQuery<{ n: number | string }>(() => `select count(*) as n from comments c where ${SHOWN_ROOT_SQL} and c.id < $3`);

export async function countTopLevelBefore(db: Executor, dialect: DialectName, articleId: string, id: number, viewerKey: string | null): Promise<number> {
  const [row] = await countBeforeQuery.execute(db, dialect, [articleId, viewerKey ?? '', id]);
  return Number(row?.n ?? 0);
}

/** Approved comments of an article in posting order, for the API. */
export async function listApprovedComments(db: Executor, articleId: string, afterId: number, limit: number): Promise<Comment[]> {
  const rows = await db
    .selectFrom('comments')
    .selectAll()
    .where('article_id', '=', articleId)
    .where('status', '=', 'approved')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toComment);
}

/** A comment with the address of its article ("/world/harbour-talks"), for the moderators' lists. */
export type CommentOnArticle = Comment & { articlePath: string };

/** Comments joined to their article and its primary section, with what an article's path is made of. */
function commentsAndArticles(db: Executor) {
  return db
    .selectFrom('comments as c')
    .innerJoin('articles as a', 'a.id', 'c.article_id')
    .innerJoin('sections as s', 's.id', 'a.primary_section_id')
    .select(['a.slug as article_slug', 's.slug as section_slug']);
}

function commentsWithArticles(db: Executor) {
  return commentsAndArticles(db).selectAll('c');
}

function articlePathOf(row: { article_slug: string; section_slug: string }): string {
  return `/${row.section_slug}/${row.article_slug}`;
}

/** Of these comments, those shown to everyone (approved, under a live article), with their article's path. */
export async function listShownCommentArticlePaths(db: Executor, ids: readonly number[], now: string): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await commentsAndArticles(db)
    .select('c.id')
    .where('c.id', 'in', ids)
    .where('c.status', '=', 'approved')
    .where('a.status', '<>', 'draft')
    .where('a.published_at', '<=', now)
    .execute();
  return new Map(rows.map((r) => [Number(r.id), articlePathOf(r)]));
}

function withArticlePath(row: Selectable<CommentsTable> & { article_slug: string; section_slug: string }): CommentOnArticle {
  return { ...toComment(row), articlePath: articlePathOf(row) };
}

export async function listCommentsByStatus(db: Executor, status: CommentStatus | 'all', limit: number, articleSlug?: string): Promise<CommentOnArticle[]> {
  let q = commentsWithArticles(db);
  if (status !== 'all') q = q.where('c.status', '=', status);
  if (articleSlug !== undefined) q = q.where('a.slug', '=', articleSlug);
  const rows = await q.orderBy('c.id', 'desc').limit(limit).execute();
  return rows.map(withArticlePath);
}

/** A reader's report of a comment; false when the same network had already reported it. */
export async function insertReport(trx: Executor, report: { comment_id: number; client_hash: string; reason: ReportReason; created_at: string }): Promise<boolean> {
  const result = await trx
    .insertInto('comment_reports')
    .values(report)
    .onConflict((oc) => oc.columns(['comment_id', 'client_hash']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Forgets a comment's reports (a moderator read it and let it stand). */
export async function deleteReports(trx: Executor, commentId: number): Promise<void> {
  await trx.deleteFrom('comment_reports').where('comment_id', '=', commentId).execute();
}

/** How many networks reported a comment, by reason. */
export async function countReports(db: Executor, commentId: number): Promise<Map<ReportReason, number>> {
  const rows = await db
    .selectFrom('comment_reports')
    .select(['reason', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('comment_id', '=', commentId)
    .groupBy('reason')
    .execute();
  return new Map(rows.map((r) => [r.reason, Number(r.n)]));
}

export interface ReportedComment extends CommentOnArticle {
  /** Networks that reported it, by reason. */
  reports: Map<ReportReason, number>;
  lastReportedAt: Date;
}

/** Published comments with readers' reports, the most reported first (then the most recently reported). */
export async function listReportedComments(db: Executor, limit: number): Promise<ReportedComment[]> {
  const totals = await db
    .selectFrom('comment_reports as r')
    .innerJoin('comments as c', 'c.id', 'r.comment_id')
    .select(['r.comment_id', (eb) => eb.fn.countAll<number | string>().as('n'), (eb) => eb.fn.max('r.created_at').as('last')])
    .where('c.status', '=', 'approved')
    .groupBy('r.comment_id')
    .orderBy('n', 'desc')
    .orderBy('last', 'desc')
    .limit(limit)
    .execute();
  if (totals.length === 0) return [];
  const ids = totals.map((t) => Number(t.comment_id));
  const [comments, byReason] = await Promise.all([
    commentsWithArticles(db).where('c.id', 'in', ids).execute(),
    db.selectFrom('comment_reports').select(['comment_id', 'reason', (eb) => eb.fn.countAll<number | string>().as('n')]).where('comment_id', 'in', ids).groupBy(['comment_id', 'reason']).execute(),
  ]);
  const found = new Map(comments.map((row) => [Number(row.id), row]));
  const reports = new Map<number, Map<ReportReason, number>>();
  for (const r of byReason) {
    const id = Number(r.comment_id);
    reports.set(id, (reports.get(id) ?? new Map()).set(r.reason, Number(r.n)));
  }
  return totals.flatMap((t) => {
    const row = found.get(Number(t.comment_id));
    return row ? [{ ...withArticlePath(row), reports: reports.get(Number(row.id)) ?? new Map(), lastReportedAt: new Date(t.last) }] : [];
  });
}

export async function insertBan(trx: Executor, ban: { kind: 'email' | 'client'; value: string; reason: string; created_by: string; created_at: string }): Promise<boolean> {
  const existing = await trx.selectFrom('comment_bans').select('id').where('kind', '=', ban.kind).where('value', '=', ban.value).executeTakeFirst();
  if (existing) return false;
  await trx.insertInto('comment_bans').values(ban).execute();
  return true;
}

export async function deleteBan(trx: Executor, kind: 'email' | 'client', value: string): Promise<boolean> {
  const result = await trx.deleteFrom('comment_bans').where('kind', '=', kind).where('value', '=', value).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ids of the pending and approved comments of a banned person, to hide them with the ban. */
export async function listVisibleCommentIdsBy(trx: Executor, kind: 'email' | 'client', value: string): Promise<Array<{ id: number; articleId: string }>> {
  const rows = await trx
    .selectFrom('comments')
    .select(['id', 'article_id'])
    .where(kind === 'email' ? 'email' : 'client_hash', '=', value)
    .where('status', 'in', ['pending', 'approved'])
    .execute();
  return rows.map((r) => ({ id: Number(r.id), articleId: r.article_id }));
}

export interface LogEntry {
  id: number;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: string;
  at: Date;
}

export async function appendModerationLog(trx: Executor, entry: Omit<LogEntry, 'id' | 'at'> & { at: string }): Promise<void> {
  await trx
    .insertInto('moderation_log')
    .values({ actor: entry.actor, action: entry.action, target_type: entry.targetType, target_id: entry.targetId, reason: entry.reason, at: entry.at })
    .execute();
}

export async function listModerationLog(db: Executor, limit: number, beforeId?: number): Promise<LogEntry[]> {
  let q = db.selectFrom('moderation_log').selectAll();
  if (beforeId) q = q.where('id', '<', beforeId);
  const rows = await q.orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: Number(r.id), actor: r.actor, action: r.action, targetType: r.target_type, targetId: r.target_id, reason: r.reason, at: new Date(r.at) }));
}

