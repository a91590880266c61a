import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import { migrateUpTo } from '../database.js';
import { createTestContext, dialectsUnderTest, type TestContext } from '../test-db.js';

const dialects = await dialectsUnderTest();

describe.each(dialects)('upgrading to reviewed comments on %s', (dialect) => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext(dialect);
    await seedNewsroom(t.ctx);
  });
  afterAll(() => t.cleanup());

  test('a comment a moderator approved before the upgrade counts as reviewed, unless its author edited it since', async () => {
    const article = await makeArticle(t.ctx);
    // Back to the schema before the column existed, with comments written then.
    await migrateUpTo(t.ctx.db, '0008-comment-reports');
    const insert = async (status: 'approved' | 'pending', editedAt: string | null) => {
      // No reviewed_at: the column is not there yet.
      const row = await t.ctx.db
        .insertInto('comments')
        .values({
          article_id: article.id, parent_id: null, root_id: null, depth: 0, author_name: 'Reader', email: null, body: `Before the upgrade, ${status} ${editedAt}`,
          status, held_reason: null, commenter_key: 'key', client_hash: 'client', body_hash: `hash-${Math.random()}`,
          created_at: '2026-11-20T10:00:00.000Z', edited_at: editedAt, updated_at: '2026-11-20T10:00:00.000Z',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    };
    const approved = await insert('approved', null);
    const editedAfter = await insert('approved', '2026-11-20T10:05:00.000Z');
    const publishedAtOnce = await insert('approved', null);
    const approvedThenHeld = await insert('pending', null);
    const log = (id: number, action: string, at: string) =>
      t.ctx.db.insertInto('moderation_log').values({ actor: 'cli:editor', action, target_type: 'comment', target_id: String(id), reason: '', at }).execute();
    await log(approved, 'approve', '2026-11-20T10:01:00.000Z');
    await log(approved, 'approve', '2026-11-20T10:03:00.000Z');
    await log(editedAfter, 'approve', '2026-11-20T10:01:00.000Z');
    await log(approvedThenHeld, 'approve', '2026-11-20T10:01:00.000Z');
    await log(publishedAtOnce, 'ban', '2026-11-20T10:01:00.000Z');

    await migrateUpTo(t.ctx.db);
    const rows = await t.ctx.db.selectFrom('comments').select(['id', 'reviewed_at']).orderBy('id').execute();
    expect(Object.fromEntries(rows.map((r) => [Number(r.id), r.reviewed_at]))).toEqual({
      [approved]: '2026-11-20T10:03:00.000Z',
      [editedAfter]: null,
      [publishedAtOnce]: null,
      [approvedThenHeld]: null,
    });
  });
});
