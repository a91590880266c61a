import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import { bringSearchUpToDate, searchArticles } from '../../modules/search/search.service.js';
import { migrateUpTo } from '../database.js';
import { createTestContext, dialectsUnderTest, type TestContext } from '../test-db.js';

const dialects = await dialectsUnderTest();

describe.each(dialects)('upgrading search to publication order on %s', (dialect) => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext(dialect);
    await seedNewsroom(t.ctx);
  });
  afterAll(() => t.cleanup());

  test('documents written before are written again as the upgrade indexes, and found in the new order', async () => {
    const daysAgo = (days: number) => new Date(t.ctx.clock.now().getTime() - days * 86_400_000);
    await migrateUpTo(t.ctx.db, '0011-search-order');
    await makeArticle(t.ctx, { title: 'Salt marsh survey', publishedAt: daysAgo(300) });
    await makeArticle(t.ctx, { title: 'Salt marsh flooded', publishedAt: daysAgo(3) });
    await makeArticle(t.ctx, { title: 'Birds of the marsh', bodyMd: 'The salt marsh is loud.', publishedAt: daysAgo(1) });
    // Down to the search of the release before, and up again: the documents are gone until indexed.
    await migrateUpTo(t.ctx.db, '0010-search');
    await migrateUpTo(t.ctx.db);
    expect((await searchArticles(t.ctx, 'salt marsh', 1)).articles).toEqual([]);
    expect(await bringSearchUpToDate(t.ctx)).toBeGreaterThanOrEqual(3);
    expect((await searchArticles(t.ctx, 'salt marsh', 1)).articles.map((a) => a.slug)).toEqual(['salt-marsh-flooded', 'salt-marsh-survey', 'birds-of-the-marsh']);
  });
});
