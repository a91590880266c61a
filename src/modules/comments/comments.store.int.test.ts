import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestContext, dialectsUnderTest, type TestContext } from '../../db/test-db.js';
import type { CommentStatus } from '../../db/schema.js';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import { countTopLevelBefore, insertComment, listThreadPage, type NewCommentRow } from './comments.store.js';

const dialects = await dialectsUnderTest();

interface Row {
  id: number;
  rootId: number | null;
  status: CommentStatus;
  key: string;
}

/** What a thread page should hold, worked out from every row in plain code. */
function expected(rows: Row[], viewer: string, order: 'oldest' | 'newest', limit: number, offset: number) {
  const visible = (r: Row) => r.status === 'approved' || (r.status === 'pending' && r.key === viewer);
  const shownRoots = rows
    .filter((r) => r.rootId === null && (visible(r) || rows.some((x) => x.rootId === r.id && visible(x))))
    .map((r) => r.id)
    .sort((a, b) => (order === 'oldest' ? a - b : b - a));
  const page = new Set(shownRoots.slice(offset, offset + limit));
  const ids = rows.filter((r) => (r.rootId === null ? page.has(r.id) : page.has(r.rootId) && visible(r))).map((r) => r.id);
  return { total: shownRoots.length, ids: ids.sort((a, b) => a - b), roots: shownRoots };
}

describe.each(dialects)('a page of comment threads on %s', (dialect) => {
  let t: TestContext;
  let articleId: string;
  let otherId: string;
  const rows: Row[] = [];

  beforeAll(async () => {
    t = await createTestContext(dialect);
    await seedNewsroom(t.ctx);
    articleId = (await makeArticle(t.ctx, { title: 'Busy thread' })).id;
    otherId = (await makeArticle(t.ctx, { title: 'Next door' })).id;
    // 40 threads in every state: shown, pending (seen only by their author), taken down with and without
    // visible replies; replies in every state too, and comments on another article interleaved.
    const statuses: CommentStatus[] = ['approved', 'approved', 'pending', 'spam', 'rejected', 'deleted'];
    const at = Date.parse('2026-03-01T10:00:00Z');
    const insert = async (article: string, rootId: number | null, status: CommentStatus, key: string, i: number) => {
      const row: NewCommentRow = {
        article_id: article, parent_id: rootId, root_id: rootId, depth: rootId === null ? 0 : 1, author_name: `Reader ${i}`, email: null,
        body: `Comment ${i}`, status, held_reason: null, commenter_key: key, client_hash: `client-${i}`, body_hash: `hash-${i}`,
        created_at: new Date(at + i * 1000).toISOString(), edited_at: null, updated_at: new Date(at + i * 1000).toISOString(), reviewed_at: null,
      };
      return insertComment(t.ctx.db, row);
    };
    let i = 0;
    for (let thread = 0; thread < 40; thread++) {
      const key = thread % 5 === 0 ? 'key-viewer' : `key-${thread}`;
      const rootStatus = statuses[thread % statuses.length]!;
      const rootId = await insert(articleId, null, rootStatus, key, i++);
      rows.push({ id: rootId, rootId: null, status: rootStatus, key });
      await insert(otherId, null, 'approved', 'key-other', i++);
      for (let reply = 0; reply < thread % 4; reply++) {
        const status = statuses[(thread + reply * 3) % statuses.length]!;
        const replyKey = reply === 1 ? 'key-viewer' : `key-r${i}`;
        rows.push({ id: await insert(articleId, rootId, status, replyKey, i++), rootId, status, key: replyKey });
      }
    }
  });
  afterAll(() => t.cleanup());

  test.each([
    ['oldest', '', 7, 0],
    ['oldest', '', 7, 7],
    ['oldest', '', 7, 28],
    ['newest', '', 7, 0],
    ['newest', '', 7, 14],
    ['oldest', 'key-viewer', 10, 0],
    ['oldest', 'key-viewer', 10, 10],
    ['newest', 'key-viewer', 10, 20],
    ['oldest', '', 50, 0],
  ] as const)('order %s, viewer "%s", %i threads from %i: the shown threads with their visible replies', async (order, viewer, limit, offset) => {
    const page = await listThreadPage(t.ctx.db, dialect, { articleId, order, limit, offset, viewerKey: viewer || null });
    const want = expected(rows, viewer, order, limit, offset);
    expect(page.topLevelTotal).toBe(want.total);
    expect(page.comments.map((c) => c.id).sort((a, b) => a - b)).toEqual(want.ids);
    // Commenter keys are given only for the viewer's own comments.
    for (const c of page.comments) expect(c.commenterKey).toBe(viewer && rows.find((r) => r.id === c.id)!.key === viewer ? viewer : '');
  });

  test('a top-level comment\'s position counts only the threads shown before it', async () => {
    const { roots } = expected(rows, '', 'oldest', 0, 0);
    for (const [position, id] of roots.entries()) expect(await countTopLevelBefore(t.ctx.db, dialect, articleId, id, null)).toBe(position);
  });
});
