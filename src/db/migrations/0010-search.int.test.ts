import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import { bringSearchUpToDate, searchArticles } from '../../modules/search/search.service.js';
import { migrateUpTo } from '../database.js';
import { createTestContext, dialectsUnderTest, type TestContext } from '../test-db.js';

const dialects = await dialectsUnderTest();

describe.each(dialects)('upgrading to search on %s', (dialect) => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext(dialect);
    await seedNewsroom(t.ctx);
  });
  afterAll(() => t.cleanup());

  test('articles written before search are found once the upgrade has indexed them', async () => {
    await makeArticle(t.ctx, { title: 'Archive piece on the old quay' });
    await makeArticle(t.ctx, { title: 'Another archive piece' });
    // Back to the schema before search, and up again: the articles have no search documents.
    await migrateUpTo(t.ctx.db, '0009-comment-review');
    await migrateUpTo(t.ctx.db);
    expect((await searchArticles(t.ctx, 'archive', 1)).articles).toEqual([]);
    const started: number[] = [];
    expect(await bringSearchUpToDate(t.ctx, { onStart: (total) => started.push(total) })).toBe(2);
    expect(started).toEqual([2]);
    expect((await searchArticles(t.ctx, 'archive', 1)).articles.map((a) => a.slug).sort()).toEqual(['another-archive-piece', 'archive-piece-on-the-old-quay']);
    expect((await searchArticles(t.ctx, 'quay', 1)).articles.map((a) => a.slug)).toEqual(['archive-piece-on-the-old-quay']);
  });
});
