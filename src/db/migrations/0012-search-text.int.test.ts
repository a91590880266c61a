import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import { writeSearchDocument } from '../../modules/search/search.index.js';
import { indexText } from '../../modules/search/search-text.js';
import { stemmingFor } from '../../modules/search/stemming.js';
import { bringSearchUpToDate, searchArticles } from '../../modules/search/search.service.js';
import { toTimestamp } from '../../shared/clock.js';
import { migrateUpTo } from '../database.js';
import { createTestContext, dialectsUnderTest, type TestContext } from '../test-db.js';

const dialects = await dialectsUnderTest();

describe.each(dialects)('upgrading search to stems on %s', (dialect) => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext(dialect);
    await seedNewsroom(t.ctx);
  });
  afterAll(() => t.cleanup());

  test('documents written with words as they were are written again with stems as the upgrade indexes', async () => {
    await migrateUpTo(t.ctx.db, '0011-search-order');
    const article = await makeArticle(t.ctx, { title: 'Elections in Kessenich', bodyMd: 'Polling stations opened early.' });
    // As the release before wrote it: folded words, no stems.
    const none = stemmingFor('uk');
    await writeSearchDocument(t.ctx.db, t.ctx.dialect, { articleId: article.id, title: indexText('Elections in Kessenich', none), standfirst: '', body: indexText('Polling stations opened early.', none), orderAt: toTimestamp(article.publishedAt!) });
    await migrateUpTo(t.ctx.db);
    expect((await searchArticles(t.ctx, 'election', 1)).articles).toEqual([]);
    const articles = Number((await t.ctx.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await bringSearchUpToDate(t.ctx)).toBe(articles);
    expect((await searchArticles(t.ctx, 'election', 1)).articles.map((a) => a.slug)).toEqual(['elections-in-kessenich']);
    expect((await searchArticles(t.ctx, 'station poll', 1)).articles.map((a) => a.slug)).toEqual(['elections-in-kessenich']);
    expect(await bringSearchUpToDate(t.ctx)).toBe(0);
  });
});
