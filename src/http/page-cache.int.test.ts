// The page cache sits in front of the framework, so these tests go through a real listening server.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AddressInfo } from 'node:net';
import { dialectsUnderTest } from '../db/test-db.js';
import { createTestApp, type TestApp } from '../test/app.js';
import { makeArticle, seedNewsroom } from '../test/fixtures.js';
import { findLiveArticle, publishArticle, saveArticle, setArticleComments, unpublishArticle } from '../modules/articles/articles.service.js';
import { postComment } from '../modules/comments/comments.service.js';

const dialects = await dialectsUnderTest();

describe.each(dialects)('page cache on %s', (dialect) => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp(dialect, { pageCache: true, comments: { moderation: 'none' } });
    await seedNewsroom(t.ctx);
    await makeArticle(t.ctx, { title: 'Cached story', bodyMd: 'First version of the text.' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.cleanup());

  test('a page asked for twice is kept: the third reader gets it from the cache, with the same headers', async () => {
    const first = await fetch(`${base}/world/cached-story`);
    const hitsBefore = t.pageCache!.hits;
    await fetch(`${base}/world/cached-story`);
    // Rendered once more and kept, which is not a hit.
    expect(t.pageCache!.hits).toBe(hitsBefore);
    const third = await fetch(`${base}/world/cached-story`);
    expect(t.pageCache!.hits).toBe(hitsBefore + 1);
    expect(await third.text()).toBe(await first.text());
    for (const header of ['content-type', 'etag', 'last-modified', 'content-security-policy', 'cache-control']) {
      expect(third.headers.get(header), header).toBe(first.headers.get(header));
    }
  });

  test('readers arriving with tracking parameters (utm_*, fbclid) get the page the cache holds', async () => {
    await fetch(`${base}/world/cached-story`);
    await fetch(`${base}/world/cached-story`);
    const plain = await (await fetch(`${base}/world/cached-story`)).text();
    const hits = t.pageCache!.hits;
    const shared = await fetch(`${base}/world/cached-story?utm_source=social&utm_medium=post&fbclid=IwAR0abc`);
    expect(shared.status).toBe(200);
    expect(await shared.text()).toBe(plain);
    await fetch(`${base}/world/cached-story?fbclid=IwAR1xyz`);
    expect(t.pageCache!.hits).toBe(hits + 2);
    // A parameter the page reads is part of the address the cache keeps it under.
    const newest = await fetch(`${base}/world/cached-story?corder=newest&utm_source=social`);
    expect(t.pageCache!.hits).toBe(hits + 2);
    expect(newest.status).toBe(200);
  });

  test('editing an article empties the cache, so readers see the new text at once', async () => {
    await fetch(`${base}/world/cached-story`);
    await fetch(`${base}/`);
    await saveArticle(t.ctx, { title: 'Cached story', bodyMd: 'Corrected version of the text.', sections: ['world'], author: 'ada-quill', publishedAt: new Date('2026-11-26T11:00:00Z') }, 'cached-story');
    expect(t.pageCache!.size).toBe(0);
    expect(await (await fetch(`${base}/world/cached-story`)).text()).toContain('Corrected version');
  });

  test('an article taken down, or its comments closed, is not served from the cache a moment longer', async () => {
    await makeArticle(t.ctx, { title: 'Story pulled', sections: ['world'] });
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/world/story-pulled`)).status).toBe(200);
    expect(await (await fetch(`${base}/world`)).text()).toContain('Story pulled');
    await unpublishArticle(t.ctx, 'story-pulled');
    expect((await fetch(`${base}/world/story-pulled`)).status).toBe(404);
    expect(await (await fetch(`${base}/world`)).text()).not.toContain('Story pulled');
    await publishArticle(t.ctx, 'story-pulled');
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/world/story-pulled`)).status).toBe(200);
    await setArticleComments(t.ctx, 'story-pulled', false);
    const closed = await (await fetch(`${base}/world/story-pulled`)).text();
    expect(closed).toContain('class="comments-closed"');
    expect(closed).not.toContain('id="comment-form"');
  });

  test('a new comment refreshes its article, the lists and its sections\' article pages; other pages stay cached', async () => {
    await makeArticle(t.ctx, { title: 'Quay commented', sections: ['world'], publishedAt: new Date('2026-11-26T09:00:00Z') });
    await makeArticle(t.ctx, { title: 'Quay next door', sections: ['world'], publishedAt: new Date('2026-11-26T10:00:00Z') });
    await makeArticle(t.ctx, { title: 'Drills far away', sections: ['defense'], publishedAt: new Date('2026-11-26T10:00:00Z') });
    const paths = ['/world/quay-commented', '/world/quay-next-door', '/defense/drills-far-away', '/', '/world'];
    // Asked for twice, each page is in the cache.
    for (const path of paths) for (let i = 0; i < 2; i++) await fetch(`${base}${path}`);
    const before = new Map(await Promise.all(paths.map(async (p) => [p, await (await fetch(`${base}${p}`)).text()] as const)));
    const found = await findLiveArticle(t.ctx, 'quay-commented');
    if (found.kind !== 'found') throw new Error('not found');
    await postComment(t.ctx, found.article, { authorName: 'Mira', body: 'Finally some good news from the quay.' }, { token: null, clientAddress: '192.0.2.77' });
    // The page cache answers first; a page it no longer holds counts as a miss before it is rendered.
    const misses = t.pageCache!.misses;
    const far = await (await fetch(`${base}/defense/drills-far-away`)).text();
    expect(t.pageCache!.misses).toBe(misses);
    expect(far).toBe(before.get('/defense/drills-far-away'));
    // The commented article, the next one in its section (whose related articles list it, with its
    // count) and the lists are rendered anew.
    const commented = await (await fetch(`${base}/world/quay-commented`)).text();
    expect(commented).toContain('Finally some good news from the quay.');
    const next = await (await fetch(`${base}/world/quay-next-door`)).text();
    expect(next).toMatch(/quay-commented#comments">1 comment</);
    expect(await (await fetch(`${base}/world`)).text()).toMatch(/quay-commented#comments">1 comment</);
    expect(await (await fetch(`${base}/`)).text()).not.toBe(before.get('/'));
    expect(t.pageCache!.misses).toBe(misses + 4);
  });

  test('a scheduled article appears on the front page when its time comes, without any write', async () => {
    await saveArticle(t.ctx, { title: 'Embargo lifts', bodyMd: 'Text.', sections: ['world'], author: 'ada-quill', publishedAt: new Date('2026-11-26T12:30:00Z') });
    await new Promise((r) => setTimeout(r, 20));
    expect(await (await fetch(`${base}/`)).text()).not.toContain('Embargo lifts');
    expect(await (await fetch(`${base}/`)).text()).not.toContain('Embargo lifts');
    t.clock.set('2026-11-26T12:31:00Z');
    expect(await (await fetch(`${base}/`)).text()).toContain('Embargo lifts');
  });

  test('requests with a Broadsheet cookie are never answered from the cache', async () => {
    await fetch(`${base}/world`);
    const hits = t.pageCache!.hits;
    await fetch(`${base}/world`, { headers: { cookie: 'bs_commenter=abc' } });
    expect(t.pageCache!.hits).toBe(hits);
  });

  test('cached pages answer If-None-Match with 304', async () => {
    const first = await fetch(`${base}/defense`);
    const again = await fetch(`${base}/defense`, { headers: { 'if-none-match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  test('errors are not cached', async () => {
    await fetch(`${base}/world/missing`);
    const hits = t.pageCache!.hits;
    const res = await fetch(`${base}/world/missing`);
    expect(res.status).toBe(404);
    expect(t.pageCache!.hits).toBe(hits);
  });
});
