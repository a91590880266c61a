// The page server answers before the framework, so these tests go through a real listening server and
// compare its answers with the framework's own (app.inject() reaches the framework directly).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { dialectsUnderTest } from '../db/test-db.js';
import { createTestApp, type TestApp } from '../test/app.js';
import { makeArticle, seedNewsroom } from '../test/fixtures.js';
import { changeArticleSlug } from '../modules/articles/articles.service.js';
import { postComment } from '../modules/comments/comments.service.js';

const dialects = await dialectsUnderTest();
const FORM_TOKEN = /name="form_token" value="[^"]*"/;

describe.each(dialects)('page server on %s', (dialect) => {
  for (const pageCache of [false, true]) {
    describe(pageCache ? 'with the page cache' : 'without the page cache', () => {
      let t: TestApp;
      let base: string;
      beforeAll(async () => {
        // Two to a page, so World (three articles) has a second page.
        t = await createTestApp(dialect, { pageCache, pageSize: 2 });
        await seedNewsroom(t.ctx);
        const article = await makeArticle(t.ctx, { title: 'Quay reopens', bodyMd: 'The quay at Valmora reopened on Tuesday — to applause.' });
        await makeArticle(t.ctx, { title: 'Older quay news', publishedAt: new Date(t.ctx.clock.now().getTime() - 86_400_000) });
        await makeArticle(t.ctx, { title: 'Tidal survey', sections: ['defense', 'world'] });
        await postComment(t.ctx, article, { authorName: 'Mira', body: 'Good to see it open again.' }, { token: null, clientAddress: '192.0.2.1' });
        await t.app.listen({ port: 0, host: '127.0.0.1' });
        base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      });
      afterAll(() => t.cleanup());

      test('a stranger gets from the page server exactly the page and headers the framework sends', async () => {
        const served = t.pages.served;
        const fast = await fetch(`${base}/world/quay-reopens`);
        expect(t.pages.served).toBe(served + 1);
        const framework = await t.app.inject('/world/quay-reopens');
        expect(fast.status).toBe(200);
        const html = await fast.text();
        // Each response carries its own signed form time; the rest is identical.
        expect(html.replace(FORM_TOKEN, '')).toBe(framework.body.replace(FORM_TOKEN, ''));
        expect(html).toContain('Older quay news');
        for (const header of ['content-type', 'cache-control', 'last-modified', 'etag', 'vary', 'content-security-policy', 'x-frame-options', 'referrer-policy']) {
          expect(fast.headers.get(header), header).toBe(String(framework.headers[header]));
        }
      });

      test('the front page and a section\'s pages come from the page server too, as the framework sends them', async () => {
        for (const path of ['/', '/world', '/defense', '/world?page=2']) {
          const served = t.pages.served;
          const fast = await raw(`${base}${path}`);
          expect(t.pages.served, path).toBe(served + 1);
          const framework = await t.app.inject(path);
          expect(fast.status).toBe(200);
          expect(fast.body.toString('utf8')).toBe(framework.body);
          for (const header of ['content-type', 'cache-control', 'last-modified', 'etag', 'content-security-policy']) {
            expect(fast.headers[header], `${path} ${header}`).toBe(String(framework.headers[header]));
          }
        }
        expect((await raw(`${base}/world?page=2`)).body.toString('utf8')).toContain('Older quay news');
        // A page past the last, a page number written differently and any other query are the framework's.
        const served = t.pages.served;
        expect((await raw(`${base}/world?page=3`)).status).toBe(404);
        expect((await raw(`${base}/world?page=1`)).status).toBe(200);
        expect((await raw(`${base}/world?page=02`)).status).toBe(404);
        expect((await raw(`${base}/world?page=2&x=1`)).status).toBe(200);
        expect((await raw(`${base}/world/quay-reopens?page=2`)).status).toBe(200);
        expect((await raw(`${base}/?page=2`)).status).toBe(200);
        expect((await raw(`${base}/no-such-section`)).status).toBe(404);
        expect(t.pages.served).toBe(served);
      });

      test('compressed for browsers that ask, a 304 for a copy that is still current, headers only for HEAD', async () => {
        const plain = await raw(`${base}/world/quay-reopens`);
        expect(plain.headers['content-encoding']).toBeUndefined();
        // A cached page with a comment form is kept for gzip only (see page-cache.ts); br asks the page server.
        for (const encoding of pageCache ? ['gzip'] : ['br', 'gzip']) {
          const res = await raw(`${base}/world/quay-reopens`, { 'accept-encoding': encoding });
          expect(res.headers['content-encoding']).toBe(encoding);
          const text = (encoding === 'br' ? brotliDecompressSync(res.body) : gunzipSync(res.body)).toString('utf8');
          expect(text.replace(FORM_TOKEN, '')).toBe(plain.body.toString('utf8').replace(FORM_TOKEN, ''));
        }
        const again = await raw(`${base}/world/quay-reopens`, { 'if-none-match': String(plain.headers.etag) });
        expect(again.status).toBe(304);
        expect(again.body.length).toBe(0);
        const head = await raw(`${base}/world/quay-reopens`, {}, 'HEAD');
        expect(head.status).toBe(200);
        expect(head.body.length).toBe(0);
        expect(Number(head.headers['content-length'])).toBe(plain.body.length);
      });

      test('the comment form in each response has a fresh signed time', async () => {
        const one = (await (await fetch(`${base}/world/quay-reopens`)).text()).match(FORM_TOKEN)?.[0];
        expect(one).toMatch(/value="[\w.-]{20,}"/);
        expect(one).not.toContain('__BS_FRESH_VALUE__');
      });

      test('everything else goes on to the framework: not found, moved, other sections, queries, cookies', async () => {
        const served = t.pages.served;
        expect((await fetch(`${base}/world/no-such-story`)).status).toBe(404);
        expect((await fetch(`${base}/nowhere/quay-reopens`, { redirect: 'manual' })).status).toBe(301);
        // Listed in World too, but its address is under its primary section.
        const wrongSection = await fetch(`${base}/world/tidal-survey`, { redirect: 'manual' });
        expect(wrongSection.status).toBe(301);
        expect(wrongSection.headers.get('location')).toBe('/defense/tidal-survey');
        await changeArticleSlug(t.ctx, 'older-quay-news', 'quay-history');
        const moved = await fetch(`${base}/world/older-quay-news`, { redirect: 'manual' });
        expect(moved.status).toBe(301);
        expect(moved.headers.get('location')).toBe('/world/quay-history');
        expect((await fetch(`${base}/world/quay-reopens?corder=newest`)).status).toBe(200);
        const withCookie = await fetch(`${base}/world/quay-reopens`, { headers: { cookie: 'bs_commenter=abcdefghijklmnopqrstuvwxyz' } });
        expect(withCookie.headers.get('cache-control')).toBe('private, no-cache');
        expect((await fetch(`${base}/tag/harbour`)).status).toBe(200);
        expect(t.pages.served).toBe(served);
      });
    });
  }
});

/** A response as sent: status, headers and the body still encoded (fetch() would decode it). */
async function raw(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}
