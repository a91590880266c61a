// Whatever a stranger puts in an address, a query string or a comment's fields, the answer is never a
// server error: each value below once reached PostgreSQL and came back as a 500 (a NUL, a number past
// its integer range, a number that reads as infinite), or is of the same kinds. Runs on both databases.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dialectsUnderTest } from './db/test-db.js';
import { postComment } from './modules/comments/comments.service.js';
import { findLiveSummary } from './modules/articles/articles.service.js';
import { createTestApp, type TestApp } from './test/app.js';
import { makeArticle, seedNewsroom } from './test/fixtures.js';

const dialects = await dialectsUnderTest();

const VALUES = [
  '%00', 'a%00b', '%ff', '%c0%ae', '99999999999', '2147483648', '9007199254740993', '-1', '0', '1.5', '1e400', 'Infinity', 'NaN',
  '%E2%80%AE', 'a'.repeat(300), '..%2f', '%25', '[]', '%7B%7D', 'true', '%F0%9F%92%A9', '%27', '%22', '%3Cscript%3E', '%20',
];

const ADDRESSES = [
  '/X', '/world/X', '/world?page=X', '/tag/X', '/author/X', '/author/ada-quill?page=X',
  '/world/harbour-debate?cpage=X', '/world/harbour-debate?corder=X', '/world/harbour-debate?reply=X',
  '/world/harbour-debate/comments/X/edit', '/moderation?before=X', '/X/feed.xml', '/sitemap-X.xml', '/?X', '/world?X=1',
  '/api/v1/articles?limit=X', '/api/v1/articles?cursor=X', '/api/v1/articles?section=X', '/api/v1/articles?tag=X', '/api/v1/articles?author=X',
  '/api/v1/articles/X', '/api/v1/articles/X/comments', '/api/v1/articles/harbour-debate/comments?limit=X',
  '/api/v1/articles/harbour-debate/comments?after=X', '/api/v1/articles/harbour-debate/comments?X=1',
];

const FIELD_VALUES: unknown[] = [null, 0, -1, 99999999999, 1e308, 'x'.repeat(6000), '\u0000', 'a\u0000b', '\ud800', {}, [], true, '\u202e', 'a'.repeat(70_000)];

describe.each(dialects)('hostile input on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { comments: { moderation: 'none' }, commentRateLimit: { perMinute: 0, perHour: 0 }, checkRateLimit: { perMinute: 0, perHour: 0 } });
    await seedNewsroom(t.ctx);
    await makeArticle(t.ctx, { title: 'Harbour debate' });
    const article = (await findLiveSummary(t.ctx, 'harbour-debate'))!;
    await postComment(t.ctx, article, { authorName: 'Ana', body: 'A first comment.' }, { token: null, clientAddress: '192.0.2.1' });
  });
  afterAll(() => t.cleanup());

  test('no address answers 5xx', async () => {
    const failures: string[] = [];
    for (const address of ADDRESSES) {
      for (const value of VALUES) {
        const url = address.replace('X', value);
        const res = await t.app.inject(url);
        if (res.statusCode >= 500) failures.push(`${res.statusCode} ${url.slice(0, 80)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test('no comment field, sent as JSON or from the form, answers 5xx', async () => {
    const failures: string[] = [];
    for (const field of ['author_name', 'body', 'email', 'parent_id']) {
      for (const value of FIELD_VALUES) {
        const payload = { author_name: 'Fuzz', body: `Testing ${field} ${failures.length} ${Math.random()}`, [field]: value };
        for (const url of ['/api/v1/articles/harbour-debate/comments', '/api/v1/comments/check']) {
          const res = await t.app.inject({ method: 'POST', url, payload, remoteAddress: '198.51.100.9' });
          if (res.statusCode >= 500) failures.push(`${res.statusCode} ${url} ${field}=${JSON.stringify(value).slice(0, 30)}`);
        }
        if (typeof value === 'string' || typeof value === 'number') {
          const form = new URLSearchParams({ author_name: 'Fuzz', body: `Form ${field} ${Math.random()}`, [field]: String(value) });
          const res = await t.app.inject({ method: 'POST', url: '/world/harbour-debate/comments', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString(), remoteAddress: '198.51.100.10' });
          if (res.statusCode >= 500) failures.push(`${res.statusCode} form ${field}=${JSON.stringify(value).slice(0, 30)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
