import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dialectsUnderTest } from '../../db/test-db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import { postComment } from '../comments/comments.service.js';
import { previewLink, saveArticle } from './articles.service.js';

const dialects = await dialectsUnderTest();

function jsonLdBlocks(html: string): Array<Record<string, unknown>> {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) => JSON.parse(m[1]!));
}

describe.each(dialects)('public pages on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedNewsroom(t.ctx);
    await makeArticle(t.ctx, {
      title: 'Ferries return to Valmora',
      standfirst: 'The first crossing in a month left at dawn.',
      sections: ['world', 'defense'],
      tags: ['ferries'],
      bodyMd: '## Dawn sailing\n\n' + 'The ferry left the quay. '.repeat(120) + '\n\n> "We are back."\n>\n> — Mira Holt, harbour master\n',
      imageUrl: '/static/demo/harbour.svg',
      imageAlt: 'A ferry at the quay',
    });
    for (let i = 0; i < 5; i++) await makeArticle(t.ctx, { sections: ['world'] });
  });
  afterAll(() => t.cleanup());

  test('an article page shows headline, breadcrumbs, byline, times, reading time and body', async () => {
    const res = await t.app.inject('/world/ferries-return-to-valmora');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body;
    expect(html).toContain('<h1 id="headline">Ferries return to Valmora</h1>');
    expect(html).toMatch(/<nav class="breadcrumbs" aria-label="Breadcrumb">[\s\S]*?href="\/world">World[\s\S]*?href="\/defense">Defense/);
    expect(html).toContain('href="/author/ada-quill" rel="author">Ada Quill</a>');
    expect(html).toMatch(/<time datetime="2026-11-26T11:\d\d:00.000Z"/);
    expect(html).toMatch(/\d+ min read/);
    expect(html).toContain('<figcaption>&mdash; Mira Holt, harbour master</figcaption>');
    expect(html).toContain('href="/tag/ferries" rel="tag"');
    expect(html).toContain('<section class="comments" id="comments"');
    expect(html).toContain('More in World');
  });

  test('the article page carries canonical, social and structured metadata', async () => {
    const html = (await t.app.inject('/world/ferries-return-to-valmora')).body;
    const site = t.ctx.config.siteUrl;
    expect(html).toContain(`<link rel="canonical" href="${site}/world/ferries-return-to-valmora">`);
    expect(html).toContain('<meta property="og:type" content="article">');
    expect(html).toContain(`<meta property="og:image" content="${site}/static/demo/harbour.svg">`);
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">');
    expect(html).toContain('<meta name="description" content="The first crossing in a month left at dawn.">');
    const [article, breadcrumbs] = jsonLdBlocks(html);
    expect(article).toMatchObject({
      '@type': 'NewsArticle',
      headline: 'Ferries return to Valmora',
      author: [{ '@type': 'Person', name: 'Ada Quill' }],
      publisher: { '@type': 'Organization', name: t.ctx.config.siteName },
      image: [`${site}/static/demo/harbour.svg`],
      articleSection: ['World', 'Defense'],
    });
    expect(Date.parse(article!.datePublished as string)).not.toBeNaN();
    expect(Date.parse(article!.dateModified as string)).not.toBeNaN();
    expect(breadcrumbs).toMatchObject({ '@type': 'BreadcrumbList' });
    expect((breadcrumbs!.itemListElement as unknown[]).length).toBe(4);
  });

  test('an article reached through another section or an old slug is redirected to its canonical address', async () => {
    const other = await t.app.inject('/defense/ferries-return-to-valmora');
    expect(other.statusCode).toBe(301);
    expect(other.headers.location).toBe('/world/ferries-return-to-valmora');
    await makeArticle(t.ctx, { title: 'First draft of a headline' });
    await saveArticle(t.ctx, { slug: 'better-headline', title: 'Better headline', bodyMd: 'Text.', sections: ['world'], author: 'ada-quill', publishedAt: new Date('2026-11-25T09:00:00Z') }, 'first-draft-of-a-headline');
    const moved = await t.app.inject('/world/first-draft-of-a-headline');
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/world/better-headline');
  });

  test('the front page shows each article once', async () => {
    const html = (await t.app.inject('/')).body;
    const links = [...html.matchAll(/class="card-title"><a href="([^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(3);
    expect(new Set(links).size).toBe(links.length);
  });

  test('the front page leads with the newest live articles from any section, then each section\'s next', async () => {
    const front = await createTestApp(dialect);
    try {
      await seedNewsroom(front.ctx);
      const at = (minutesAgo: number) => new Date(front.ctx.clock.now().getTime() - minutesAgo * 60_000);
      // Defense has the newest two, World the rest; one article is in both; a draft and a scheduled one are newer still.
      await makeArticle(front.ctx, { title: 'Draft on top', status: 'draft', publishedAt: null });
      await makeArticle(front.ctx, { title: 'Embargoed story', publishedAt: new Date(front.ctx.clock.now().getTime() + 3_600_000) });
      await makeArticle(front.ctx, { title: 'Defense newest', sections: ['defense'], publishedAt: at(1) });
      await makeArticle(front.ctx, { title: 'Both sections', sections: ['world', 'defense'], publishedAt: at(2) });
      for (let i = 3; i <= 12; i++) await makeArticle(front.ctx, { title: `World story ${i}`, sections: ['world'], publishedAt: at(i) });
      const html = (await front.app.inject('/')).body;
      const titles = (part: string) => [...part.matchAll(/class="card-title"><a href="[^"]+">([^<]+)</g)].map((m) => m[1]);
      const lead = html.slice(html.indexOf('class="lead-story"'), html.indexOf('class="top-stories"'));
      const top = html.slice(html.indexOf('class="top-stories"'), html.indexOf('class="section-block"'));
      expect(lead).toContain('Defense newest');
      expect(titles(top)).toEqual(['Both sections', 'World story 3', 'World story 4', 'World story 5']);
      expect(titles(html.slice(html.indexOf('id="block-world"')))).toEqual(['World story 6', 'World story 7', 'World story 8', 'World story 9']);
      expect(html).not.toContain('Draft on top');
      expect(html).not.toContain('Embargoed story');
    } finally {
      await front.cleanup();
    }
  });

  test('home, section, tag and author pages list articles', async () => {
    const home = await t.app.inject('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('class="lead-story"');
    const section = await t.app.inject('/defense');
    expect(section.body).toContain('<h1>Defense</h1>');
    expect(section.body).toContain('Ferries return to Valmora');
    expect(section.body).toContain('href="/defense/feed.xml"');
    expect((await t.app.inject('/tag/ferries')).body).toContain('Ferries return to Valmora');
    expect((await t.app.inject('/author/ada-quill')).body).toContain('Ferries return to Valmora');
  });

  test('section pages are paginated, and a page past the end is not found', async () => {
    const small = await createTestApp(dialect, { pageSize: 2 });
    try {
      await seedNewsroom(small.ctx);
      for (let i = 0; i < 5; i++) await makeArticle(small.ctx);
      const first = await small.app.inject('/world');
      expect(first.body).toContain('href="/world?page=2"');
      const third = await small.app.inject('/world?page=3');
      expect(third.statusCode).toBe(200);
      expect(third.body).toContain('href="/world?page=2"');
      expect(third.body).not.toContain('page=4');
      expect((await small.app.inject('/world?page=4')).statusCode).toBe(404);
      expect((await small.app.inject('/world?page=zero')).statusCode).toBe(404);
    } finally {
      await small.cleanup();
    }
  });

  test('a preview link shows a draft or a scheduled article as readers will see it, to whoever has it, until it expires', async () => {
    await makeArticle(t.ctx, { title: 'Embargoed harbour budget', status: 'draft', publishedAt: null });
    await makeArticle(t.ctx, { title: 'Quay lights repaired', publishedAt: new Date(t.ctx.clock.now().getTime() - 1000) });
    const { path, expires } = await previewLink(t.ctx, 'embargoed-harbour-budget', 2);
    expect(expires.getTime() - t.ctx.clock.now().getTime()).toBe(2 * 3600_000);
    const res = await t.app.inject(path);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1 id="headline">Embargoed harbour budget</h1>');
    expect(res.body).toContain('<p class="preview-note" role="note">Preview of a draft: readers cannot see this article until it is published.</p>');
    // A draft has no publication time; its preview lists what it would if it came out now.
    const related = res.body.slice(res.body.indexOf('class="related"'));
    expect(related).toContain('More in World');
    expect(related).toContain('Quay lights repaired');
    expect(res.body).not.toContain('id="comments"');
    expect(res.body).not.toContain('application/ld+json');
    expect(res.body).toContain('<meta name="robots" content="noindex">');
    expect(res.headers['x-robots-tag']).toBe('noindex');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    // The article itself is still not out.
    expect((await t.app.inject('/world/embargoed-harbour-budget')).statusCode).toBe(404);

    const later = new Date(t.ctx.clock.now().getTime() + 5 * 3600_000);
    await saveArticle(t.ctx, { title: 'Embargoed harbour budget', bodyMd: 'Figures.', sections: ['world'], author: 'ada-quill', status: 'published', publishedAt: later }, 'embargoed-harbour-budget');
    expect((await t.app.inject(path)).body).toMatch(/Preview: this article appears to readers on 26 November 2026 at 1\d:\d\d UTC\./);

    // Another story due before it, not out yet, is not shown among its related articles.
    await makeArticle(t.ctx, { title: 'Second embargoed story', publishedAt: new Date(t.ctx.clock.now().getTime() + 3600_000) });
    expect((await t.app.inject(path)).body).not.toContain('Second embargoed story');

    t.clock.advance(2 * 3600_000);
    const expired = await t.app.inject(path);
    t.clock.advance(-2 * 3600_000);
    expect(expired.statusCode).toBe(404);
    expect(expired.body).toContain('This preview link has expired or is not valid.');
    const altered = await t.app.inject(path.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')));
    expect(altered.statusCode).toBe(404);
    expect((await t.app.inject('/preview/not-a-token')).statusCode).toBe(404);
    await expect(previewLink(t.ctx, 'no-such-article', 2)).rejects.toMatchObject({ code: 'not_found' });
  });

  test('unknown pages get a 404 page that offers search and the latest articles', async () => {
    for (const url of ['/nowhere', '/world/no-such-story', '/tag/none', '/author/nobody']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('Page not found');
      expect(res.body).toContain('<form class="search-form" role="search" method="get" action="/search">');
      expect(res.body).toContain('Latest articles');
      expect(res.body).toContain('<meta name="robots" content="noindex">');
    }
    // The words of a mistyped or old address are offered as a search.
    expect((await t.app.inject('/world/ferries-return-to-valmor')).body).toContain('name="q" type="search" value="ferries return to valmor"');
  });

  test('a failure inside is a 500 page with a reference and no internals', async () => {
    const broken = await createTestApp(dialect);
    try {
      await seedNewsroom(broken.ctx);
      await broken.ctx.db.schema.dropTable('article_tags').execute();
      await broken.ctx.db.schema.dropTable('tags').execute();
      const res = await broken.app.inject('/tag/anything');
      expect(res.statusCode).toBe(500);
      expect(res.body).toMatch(/Something went wrong \(ref [0-9a-z-]+\)/);
      expect(res.body).not.toMatch(/tags|SqliteError|relation|at .*\.js/i);
      const api = await broken.app.inject('/api/v1/articles?tag=x');
      expect(api.statusCode).toBe(500);
      expect(api.json()).toEqual({ error: { code: 'internal', message: expect.stringMatching(/^Something went wrong \(ref [0-9a-z-]+\)\.$/) } });
    } finally {
      await broken.cleanup();
    }
  });

  /** `from` answers 301 to `to`, which is the page itself (for a live page, 200). */
  async function expectSentOn(from: string, to: string, live = true): Promise<void> {
    const res = await t.app.inject(from);
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(to);
    if (live) expect((await t.app.inject(to)).statusCode).toBe(200);
  }

  test('an address typed with capitals is sent on to the page in lower case', async () => {
    await expectSentOn('/World', '/world', false);
    await expectSentOn('/World/Ferries-Return-To-Valmora?cpage=1', '/world/ferries-return-to-valmora?cpage=1');
    expect((await t.app.inject('/World/No-Such-Story')).headers.location).toBe('/world/no-such-story');
    expect((await t.app.inject('/world/no-such-story')).statusCode).toBe(404);
    expect((await t.app.inject('/api/v1/Articles')).statusCode).toBe(404);
  });

  // PostgreSQL refuses a NUL in a query's text; an address cannot make that a server error.
  test('an address that cannot be a slug is not found, never an error', async () => {
    for (const url of ['/world/a%00b', '/tag/a%00b', '/author/a%00b', '/world/ferries%00', '/api/v1/articles/a%00b', '/api/v1/articles/a%00b/comments', '/api/v1/articles?tag=%00', '/api/v1/articles?author=%00x']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(404);
    }
    const post = await t.app.inject({ method: 'POST', url: '/api/v1/articles/a%00b/comments', payload: { author_name: 'A', body: 'Hello' } });
    expect(post.statusCode).toBe(404);
  });

  // The router refuses these before any route runs; they still get this site's answers and headers.
  test('an address with a broken percent escape or an overlong part gets the 404 page, or the API\'s error shape', async () => {
    for (const url of ['/world/%ff%fe', `/world/${'a'.repeat(300)}`, '/tag/%e2%28']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      expect(res.body, url).toContain('Page not found');
      expect(res.body, url).not.toContain('FST_ERR');
      expect(res.headers['content-security-policy'], url).toContain("script-src 'self'");
    }
    const badEscape = await t.app.inject('/api/v1/articles/%ff');
    expect(badEscape.statusCode).toBe(400);
    expect(badEscape.json()).toEqual({ error: { code: 'bad_request', message: expect.any(String) } });
    const overlong = await t.app.inject(`/api/v1/articles/${'a'.repeat(300)}`);
    expect(overlong.statusCode).toBe(414);
    expect(overlong.json()).toEqual({ error: { code: 'too_long', message: expect.any(String) } });
    expect(overlong.body).not.toContain('a'.repeat(100));
    expect(overlong.headers['x-content-type-options']).toBe('nosniff');
  });

  test('a method an address does not answer gets 405 with the methods that would work; OPTIONS names them', async () => {
    const page = await t.app.inject({ method: 'DELETE', url: '/world/ferries-return-to-valmora' });
    expect(page.statusCode).toBe(405);
    expect(page.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('This address answers only GET and HEAD requests.');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const api = await t.app.inject({ method: 'PUT', url: '/api/v1/articles/ferries-return-to-valmora', payload: {} });
    expect(api.statusCode).toBe(405);
    expect(api.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(api.json()).toEqual({ error: { code: 'method_not_allowed', message: 'This address answers only GET and HEAD requests.' } });
    const check = await t.app.inject('/api/v1/comments/check');
    expect(check.statusCode).toBe(405);
    expect(check.headers.allow).toBe('POST, OPTIONS');
    const options = await t.app.inject({ method: 'OPTIONS', url: '/api/v1/articles/ferries-return-to-valmora/comments' });
    expect(options.statusCode).toBe(204);
    expect(options.headers.allow).toBe('GET, HEAD, POST, OPTIONS');
    expect((await t.app.inject({ method: 'POST', url: '/static/comments.js' })).headers.allow).toBe('GET, HEAD, OPTIONS');
    // An address no route answers stays not found, whatever the method.
    for (const method of ['DELETE', 'OPTIONS'] as const) {
      const res = await t.app.inject({ method, url: '/no/such/address/here' });
      expect(res.statusCode, method).toBe(404);
      expect(res.headers.allow, method).toBeUndefined();
    }
  });

  test('an address with a slash at the end is sent on to the page without it', async () => {
    await expectSentOn('/world/', '/world', false);
    await expectSentOn('/world/ferries-return-to-valmora/?cpage=1', '/world/ferries-return-to-valmora?cpage=1');
    expect((await t.app.inject('//evil.example/')).headers.location).toBeUndefined();
    expect((await t.app.inject('/')).statusCode).toBe(200);
    expect((await t.app.inject('/api/v1/articles/')).statusCode).toBe(200);
  });

  test('pages carry security headers and a script-free Content-Security-Policy', async () => {
    const res = await t.app.inject('/');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(res.body).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
  });

  test('pages answer conditional requests with 304 and are compressed on request', async () => {
    const first = await t.app.inject('/world/ferries-return-to-valmora');
    expect(first.headers.etag).toMatch(/^W\/"/);
    expect(first.headers['last-modified']).toBeTruthy();
    expect(first.headers['cache-control']).toBe('public, max-age=0, must-revalidate, s-maxage=30');
    const again = await t.app.inject({ url: '/world/ferries-return-to-valmora', headers: { 'if-none-match': first.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const br = await t.app.inject({ url: '/world/ferries-return-to-valmora', headers: { 'accept-encoding': 'br' } });
    expect(br.headers['content-encoding']).toBe('br');
    const gzip = await t.app.inject({ url: '/', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
  });

  test('a new comment moves Last-Modified on for the article and the front page, so clients asking by date see it', async () => {
    const app = await createTestApp(dialect, { comments: { moderation: 'none' } });
    try {
      await seedNewsroom(app.ctx);
      const article = await makeArticle(app.ctx, { title: 'Quay reopens' });
      const before = await app.app.inject('/world/quay-reopens');
      const front = await app.app.inject('/');
      const since = { 'if-modified-since': before.headers['last-modified'] as string };
      expect((await app.app.inject({ url: '/world/quay-reopens', headers: since })).statusCode).toBe(304);

      app.clock.advance(60_000);
      await postComment(app.ctx, article, { authorName: 'Olha', body: 'Good to hear the quay is open.' }, { token: null, clientAddress: '192.0.2.7' });
      const after = await app.app.inject({ url: '/world/quay-reopens', headers: since });
      expect(after.statusCode).toBe(200);
      expect(after.body).toContain('Good to hear the quay is open.');
      expect(Date.parse(after.headers['last-modified'] as string)).toBeGreaterThan(Date.parse(before.headers['last-modified'] as string));
      const frontAfter = await app.app.inject({ url: '/', headers: { 'if-modified-since': front.headers['last-modified'] as string } });
      expect(frontAfter.statusCode).toBe(200);
    } finally {
      await app.cleanup();
    }
  });

  test('times are shown in the site\'s time zone', async () => {
    const kyiv = await createTestApp(dialect, { siteTimeZone: 'Europe/Kyiv' });
    try {
      await seedNewsroom(kyiv.ctx);
      await makeArticle(kyiv.ctx, { title: 'Evening edition', publishedAt: new Date('2026-11-25T22:30:00Z') });
      const html = (await kyiv.app.inject('/world/evening-edition')).body;
      expect(html).toMatch(/26 November 2026 at 00:30 (EET|GMT\+2)/);
      expect(html).toContain('datetime="2026-11-25T22:30:00.000Z"');
    } finally {
      await kyiv.cleanup();
    }
  });

  test('demo articles say that they are invented; real ones do not', async () => {
    await makeArticle(t.ctx, { title: 'Invented harbour story', isDemo: true });
    expect((await t.app.inject('/world/invented-harbour-story')).body).toContain('Demo article: the places, people and events in it are invented.');
    expect((await t.app.inject('/world/ferries-return-to-valmora')).body).not.toContain('Demo article');
  });

  test('text from the newsroom is escaped in pages', async () => {
    await makeArticle(t.ctx, { title: 'Tom & Jerry <script>alert(1)</script>', standfirst: '"Quotes" <b>bold</b>', slug: 'escaping-test' });
    const html = (await t.app.inject('/world/escaping-test')).body;
    expect(html).toContain('Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&quot;Quotes&quot; &lt;b&gt;bold&lt;/b&gt;');
  });
});
