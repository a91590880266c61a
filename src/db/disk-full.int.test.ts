// When SQLite cannot write (its disk is full), a reader's comment gets "try again in a moment" with its
// text kept, the API a 503, and the database stays as it was. SQLite's page limit stands in for the disk.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { dialectsUnderTest } from './test-db.js';
import { issueFormToken } from '../shared/form-token.js';
import { createTestApp, type TestApp } from '../test/app.js';
import { makeArticle, seedNewsroom } from '../test/fixtures.js';

const dialects = await dialectsUnderTest();
const PATH = '/world/full-disk';

describe.runIf(dialects.includes('sqlite'))('a SQLite database whose disk is full', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp('sqlite', { comments: { moderation: 'none' }, commentRateLimit: { perMinute: 1000, perHour: 10_000 } });
    await seedNewsroom(t.ctx);
    await makeArticle(t.ctx, { title: 'Full disk' });
    // No pages beyond those the file has now: the next write that needs one fails as on a full disk.
    const { rows } = await sql<{ page_count: number }>`pragma page_count`.execute(t.ctx.db);
    await sql.raw(`pragma max_page_count = ${rows[0]!.page_count}`).execute(t.ctx.db);
  });
  afterAll(() => t?.cleanup());

  const commentCount = async () => Number((await sql<{ n: number }>`select count(*) as n from comments`.execute(t.ctx.db)).rows[0]!.n);

  test('the API answers 503 with Retry-After, and nothing is stored', async () => {
    const before = await commentCount();
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/articles/full-disk/comments', payload: { author_name: 'Disk', body: 'A long comment. '.repeat(300) } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.json()).toMatchObject({ error: { code: 'unavailable' } });
    // The message does not blame the connection: the database answered, it could not write.
    expect(res.json().error.message).not.toMatch(/reach/);
    expect(await commentCount()).toBe(before);
  });

  test('the comment form comes back as a 503 page with the reader\'s text kept, and no internals', async () => {
    const token = issueFormToken(new Date(t.ctx.clock.now().getTime() - 60_000), t.ctx.config.sessionSecret);
    const text = 'My words, kept safe. '.repeat(200).trim();
    const res = await t.app.inject({
      method: 'POST',
      url: `${PATH}/comments`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ form_token: token, author_name: 'Disk', body: text }).toString(),
    });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain(text);
    expect(res.body).not.toMatch(/SqliteError|rollback|disk is full/i);
  });
});
