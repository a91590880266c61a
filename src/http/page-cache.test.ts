import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { fakeExchange } from '../test/http-exchange.js';
import { cacheKeyOf, FRESH_VALUE_MARKER, PageCache, pickEncoding } from './page-cache.js';
import type { PageArticle } from './views.js';

const request = fakeExchange;

const page = Buffer.from('<!doctype html><title>x</title>' + 'news '.repeat(400));
const headers = { 'content-type': 'text/html; charset=utf-8', etag: 'W/"abc"', 'cache-control': 'public, max-age=60' };

/** Offers a page twice, as a second request for it would: the cache keeps pages asked for again. */
function keep(cache: PageCache, key: string, pageHeaders: Record<string, string>, body: Buffer, article?: PageArticle): void {
  cache.store(key, pageHeaders, body, article);
  cache.store(key, pageHeaders, body, article);
}

describe('PageCache', () => {
  test('a stored page is served with its headers; others pass through', () => {
    const cache = new PageCache();
    keep(cache, '/world/a', headers, page);
    const hit = request('/world/a');
    expect(cache.tryServe(hit.req, hit.res)).toBe(true);
    expect(hit.written.status).toBe(200);
    expect(hit.written.body).toEqual(page);
    expect(hit.written.headers?.['content-type']).toBe('text/html; charset=utf-8');
    const miss = request('/world/b');
    expect(cache.tryServe(miss.req, miss.res)).toBe(false);
  });

  test('a matching If-None-Match gets 304 and no body', () => {
    const cache = new PageCache();
    keep(cache, '/', headers, page);
    const r = request('/', { 'if-none-match': 'W/"abc"' });
    expect(cache.tryServe(r.req, r.res)).toBe(true);
    expect(r.written.status).toBe(304);
    expect(r.written.body).toBeUndefined();
  });

  test('pages are compressed for clients that accept it', () => {
    const cache = new PageCache();
    keep(cache, '/', headers, page);
    const r = request('/', { 'accept-encoding': 'gzip, deflate' });
    cache.tryServe(r.req, r.res);
    expect(r.written.headers?.['content-encoding']).toBe('gzip');
    expect(gunzipSync(r.written.body!)).toEqual(page);
  });

  test('requests with a Broadsheet cookie, and POSTs, always reach the application', () => {
    const cache = new PageCache();
    keep(cache, '/', headers, page);
    const withCookie = request('/', { cookie: 'theme=dark; bs_commenter=abc' });
    expect(cache.tryServe(withCookie.req, withCookie.res)).toBe(false);
    const post = request('/', {}, 'POST');
    expect(cache.tryServe(post.req, post.res)).toBe(false);
  });

  test('everything is dropped once the next scheduled publication time passes', () => {
    let now = 1000;
    const cache = new PageCache({ now: () => now });
    keep(cache, '/', headers, page);
    cache.expireAt(new Date(2000));
    const before = request('/');
    expect(cache.tryServe(before.req, before.res)).toBe(true);
    now = 2000;
    const after = request('/');
    expect(cache.tryServe(after.req, after.res)).toBe(false);
    expect(cache.size).toBe(0);
  });

  test('a page with a fresh-value place gets a new value in every response, plain or gzipped', () => {
    let n = 0;
    let now = 0;
    const cache = new PageCache({ freshValue: () => `token-${++n}`, now: () => now });
    const html = '<html>' + 'before '.repeat(300) + `<input value="${FRESH_VALUE_MARKER}">` + ' after'.repeat(300) + '</html>';
    keep(cache, '/a', headers, Buffer.from(html));
    const plain = request('/a');
    cache.tryServe(plain.req, plain.res);
    expect(plain.written.body!.toString()).toBe(html.replace(FRESH_VALUE_MARKER, 'token-1'));
    expect(plain.written.headers?.['content-length']).toBe(plain.written.body!.length);
    now += 1000;
    const zipped = request('/a', { 'accept-encoding': 'gzip, br' });
    cache.tryServe(zipped.req, zipped.res);
    expect(zipped.written.headers?.['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.written.body!).toString()).toBe(html.replace(FRESH_VALUE_MARKER, 'token-2'));
  });

  test('the oldest pages make room when the cache is full', () => {
    const cache = new PageCache({ maxEntries: 2 });
    keep(cache, '/a', headers, page);
    keep(cache, '/b', headers, page);
    keep(cache, '/c', headers, page);
    expect(cache.size).toBe(2);
    const a = request('/a');
    expect(cache.tryServe(a.req, a.res)).toBe(false);
  });

  test('compressed copies count towards the size, and the oldest pages make room for them', () => {
    // Random text hardly compresses, so each compressed copy is about as big as the page.
    const big = Buffer.concat([Buffer.from('<!doctype html>'), randomBytes(8000)]);
    const cache = new PageCache({ maxBytes: big.length * 20 });
    for (let i = 0; i < 18; i++) keep(cache, `/p${i}`, headers, big);
    for (const encoding of ['br', 'gzip']) {
      const r = request('/p0', { 'accept-encoding': encoding });
      cache.tryServe(r.req, r.res);
      expect(r.written.headers?.['content-encoding']).toBe(encoding);
    }
    // 18 pages and two compressed copies fill it: one more page pushes out the oldest, copies and all.
    keep(cache, '/new', headers, big);
    expect(cache.size).toBe(18);
    const first = request('/p0');
    expect(cache.tryServe(first.req, first.res)).toBe(false);
    // What the dropped entries counted is given back: after emptying, twenty pages fit again.
    cache.clear();
    for (let i = 0; i < 20; i++) keep(cache, `/q${i}`, headers, big);
    expect(cache.size).toBe(20);
  });

  test('a page is kept the second time it is asked for, so pages read once do not push out pages read often', () => {
    const cache = new PageCache({ maxEntries: 4 });
    cache.store('/hot', headers, page);
    const first = request('/hot');
    expect(cache.tryServe(first.req, first.res)).toBe(false);
    cache.store('/hot', headers, page);
    const second = request('/hot');
    expect(cache.tryServe(second.req, second.res)).toBe(true);
    // A stream of pages each read once leaves the hot page where it is.
    for (let i = 0; i < 1000; i++) cache.store(`/once/${i}`, headers, page);
    expect(cache.size).toBe(1);
    const again = request('/hot');
    expect(cache.tryServe(again.req, again.res)).toBe(true);
    expect(cache.stored).toBe(1);
    expect(cache.skipped).toBe(1001);
    // Once kept, a page is stored anew (after a change, say) at once.
    cache.store('/hot', headers, Buffer.from('<!doctype html><title>new</title>'));
    const changed = request('/hot');
    cache.tryServe(changed.req, changed.res);
    expect(String(changed.written.body)).toContain('new');
  });

  test('after the cache is emptied, a page it held is kept again on its next request, not its second', () => {
    const cache = new PageCache();
    for (let i = 0; i < 300; i++) keep(cache, `/held/${i}`, headers, page);
    cache.clear();
    expect(cache.size).toBe(0);
    cache.store('/held/7', headers, page);
    const r = request('/held/7');
    expect(cache.tryServe(r.req, r.res)).toBe(true);
    // A page never held still waits for its second request.
    cache.store('/never', headers, page);
    const n = request('/never');
    expect(cache.tryServe(n.req, n.res)).toBe(false);
    // Remembering 300 pages does not forget them at the 256 a fresh cache starts with.
    for (let i = 0; i < 280; i++) cache.store(`/held/${i}`, headers, page);
    expect(cache.size).toBe(280);
  });

  test('a comment empties its article\'s pages, every list, and the article pages of the sections listing it; nothing else', () => {
    const cache = new PageCache();
    keep(cache, '/', headers, page);
    keep(cache, '/world', headers, page);
    keep(cache, '/world/quay', headers, page, { id: 'a1', sectionId: 'world' });
    keep(cache, '/world/quay?corder=newest', headers, page, { id: 'a1', sectionId: 'world' });
    keep(cache, '/world/tides', headers, page, { id: 'a2', sectionId: 'world' });
    keep(cache, '/europe/ferries', headers, page, { id: 'a3', sectionId: 'europe' });
    keep(cache, '/defense/drills', headers, page, { id: 'a4', sectionId: 'defense' });
    // a1 is listed in World and Europe.
    cache.clearAfterComment('a1', ['world', 'europe']);
    const served = (url: string) => {
      const r = request(url);
      return cache.tryServe(r.req, r.res);
    };
    expect(['/', '/world', '/world/quay', '/world/quay?corder=newest', '/world/tides', '/europe/ferries'].filter(served)).toEqual([]);
    expect(served('/defense/drills')).toBe(true);
    expect(cache.size).toBe(1);
    // The pages it dropped are kept again on their next request.
    cache.store('/world/tides', headers, page, { id: 'a2', sectionId: 'world' });
    expect(served('/world/tides')).toBe(true);
  });

  test('"asked for lately" covers about as many pages as the cache holds, at least 256', () => {
    const cache = new PageCache();
    cache.store('/a', headers, page);
    for (let i = 0; i < 254; i++) cache.store(`/filler/${i}`, headers, page);
    cache.store('/a', headers, page);
    expect(cache.size).toBe(1);
    cache.store('/b', headers, page);
    for (let i = 0; i < 300; i++) cache.store(`/more/${i}`, headers, page);
    cache.store('/b', headers, page);
    expect(cache.size).toBe(1);
  });
});

test.each([
  ['gzip, deflate, br', 'br'],
  ['gzip', 'gzip'],
  ['br;q=0, gzip', 'gzip'],
  ['identity', undefined],
  [undefined, undefined],
])('Accept-Encoding %s → %s', (value, expected) => {
  expect(pickEncoding(value)).toBe(expected);
});

describe('the address a page is kept under', () => {
  test.each([
    ['/world/story', '/world/story'],
    ['/world/story?utm_source=x&utm_medium=y&UTM_Campaign=z', '/world/story'],
    ['/world/story?fbclid=IwAR0&gclid=abc', '/world/story'],
    ['/world?page=2&utm_source=newsletter', '/world?page=2'],
    ['/world/story?corder=newest&fbclid=1&cpage=2', '/world/story?corder=newest&cpage=2'],
    ['/world/story?utmost=1', '/world/story?utmost=1'],
    ['/world/story?', '/world/story'],
  ])('%s → %s', (url, key) => {
    expect(cacheKeyOf(url)).toBe(key);
  });
});
