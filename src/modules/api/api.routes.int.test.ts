import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dialectsUnderTest } from '../../db/test-db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import { saveSection } from '../sections/sections.service.js';

const dialects = await dialectsUnderTest();

describe.each(dialects)('JSON API v1 on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedNewsroom(t.ctx);
    await saveSection(t.ctx, { slug: 'science', name: 'Science' });
    await makeArticle(t.ctx, { title: 'Glacier loses record ice', sections: ['science'], tags: ['climate', 'ice'], imageUrl: '/static/demo/ice.svg', imageAlt: 'Ice' });
    for (let i = 0; i < 6; i++) await makeArticle(t.ctx, { sections: ['world', 'defense'] });
    await makeArticle(t.ctx, { title: 'Unpublished thoughts', status: 'draft', publishedAt: null });
  });
  afterAll(() => t.cleanup());

  test('lists published articles with the documented fields, newest first', async () => {
    const res = await t.app.inject('/api/v1/articles');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body.articles).toHaveLength(7);
    expect(body.next_cursor).toBeNull();
    const glacier = body.articles[0];
    expect(Object.keys(glacier).sort()).toEqual(
      ['author', 'comment_count', 'comments_enabled', 'id', 'image', 'published_at', 'reading_minutes', 'sections', 'slug', 'standfirst', 'tags', 'title', 'type', 'updated_at', 'url'].sort(),
    );
    expect(glacier).toMatchObject({
      slug: 'glacier-loses-record-ice',
      url: `${t.ctx.config.siteUrl}/science/glacier-loses-record-ice`,
      sections: [{ slug: 'science', name: 'Science', url: `${t.ctx.config.siteUrl}/science` }],
      tags: [{ slug: 'climate' }, { slug: 'ice' }],
      author: { slug: 'ada-quill', name: 'Ada Quill' },
      comment_count: 0,
      image: { url: `${t.ctx.config.siteUrl}/static/demo/ice.svg`, alt: 'Ice' },
    });
    expect(body.articles.map((a: { slug: string }) => a.slug)).not.toContain('unpublished-thoughts');
  });

  test('pages through the archive with cursors, without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/articles?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const body = (await t.app.inject(url)).json();
      seen.push(...body.articles.map((a: { id: string }) => a.id));
      cursor = body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  test('filters by section, tag and author', async () => {
    expect((await t.app.inject('/api/v1/articles?section=defense')).json().articles).toHaveLength(6);
    expect((await t.app.inject('/api/v1/articles?tag=climate')).json().articles).toHaveLength(1);
    expect((await t.app.inject('/api/v1/articles?author=ada-quill&limit=100')).json().articles).toHaveLength(7);
    const page = (await t.app.inject('/api/v1/articles?section=defense&limit=4')).json();
    const next = (await t.app.inject(`/api/v1/articles?section=defense&limit=4&cursor=${page.next_cursor}`)).json();
    expect(next.articles).toHaveLength(2);
  });

  test('one article includes its body', async () => {
    const res = await t.app.inject('/api/v1/articles/glacier-loses-record-ice');
    expect(res.statusCode).toBe(200);
    const { article } = res.json();
    expect(article.body_html).toContain('<h2>A heading</h2>');
    expect(article.title).toBe('Glacier loses record ice');
  });

  test.each([
    ['/api/v1/articles/unpublished-thoughts', 404, 'not_found'],
    ['/api/v1/articles/nothing-here', 404, 'not_found'],
    ['/api/v1/articles?section=sport', 404, 'not_found'],
    ['/api/v1/articles?limit=0', 400, 'invalid'],
    ['/api/v1/articles?limit=many', 400, 'invalid'],
    ['/api/v1/articles?cursor=bm9wZQ', 400, 'invalid'],
    ['/api/v1/articles?colour=red', 400, 'invalid'],
    ['/api/v1/nothing', 404, 'not_found'],
  ])('%s answers %i with code %s in the error envelope', async (url, status, code) => {
    const res = await t.app.inject(url);
    expect(res.statusCode).toBe(status);
    const body = res.json();
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  // A number written so that it reads as infinite ("1e400") passed the schema's maximum, and PostgreSQL
  // refused it as a bigint; a comment number past PostgreSQL's integer range did the same.
  test('numbers out of every range are refused with 400 invalid, never an error', async () => {
    const slug = (await t.app.inject('/api/v1/articles?limit=1')).json().articles[0].slug as string;
    for (const url of ['/api/v1/articles?limit=1e400', '/api/v1/articles?limit=Infinity', `/api/v1/articles/${slug}/comments?limit=1e400`, `/api/v1/articles/${slug}/comments?after=1e400`, `/api/v1/articles/${slug}/comments?after=99999999999`]) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('invalid');
    }
  });

  test('the OpenAPI document describes the article endpoints', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const operation of [doc.paths['/v1/articles'].get, doc.paths['/v1/articles/{slug}'].get, doc.paths['/v1/articles/{slug}/comments'].get, doc.paths['/v1/articles/{slug}/comments'].post]) {
      expect(operation.responses['503'].description).toMatch(/^unavailable:/);
    }
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/articles', '/v1/articles/{slug}']));
    expect(doc.paths['/v1/articles'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['section', 'tag', 'author', 'limit', 'cursor']);
    expect(doc.components.schemas.Article.required).toContain('body_html');
    expect(doc.paths['/v1/search'].get.parameters.map((p: { name: string; required: boolean }) => [p.name, p.required])).toEqual([['q', true], ['section', false], ['page', false]]);
    expect(doc.paths['/v1/search'].get.responses['429'].description).toMatch(/^rate_limited/);
    const report = doc.paths['/v1/articles/{slug}/comments/{id}/reports'].post;
    expect(Object.keys(report.responses)).toEqual(['201', '404', '415', '422', '429', '503']);
    expect(report.requestBody.content['application/json'].schema.required).toEqual(['reason']);
  });

  test('search finds published articles by their words, with the same fields as the list, and pages on', async () => {
    const res = await t.app.inject('/api/v1/search?q=GLACIER+rec');
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const body = res.json();
    expect(body.next_page).toBeNull();
    expect(body.articles).toHaveLength(1);
    expect(body.articles[0]).toMatchObject({ slug: 'glacier-loses-record-ice', sections: [{ slug: 'science' }], tags: [{ slug: 'climate' }, { slug: 'ice' }] });
    expect(Object.keys(body.articles[0]).sort()).toEqual(Object.keys((await t.app.inject('/api/v1/articles')).json().articles[0]).sort());
    expect((await t.app.inject('/api/v1/search?q=unpublished+thoughts')).json().articles).toEqual([]);
    // Six articles share the fixture's heading, fewer than a page.
    expect((await t.app.inject('/api/v1/search?q=heading')).json().articles.length).toBeGreaterThanOrEqual(6);
  });

  test('search narrows to one section by its slug; a section that does not exist is not found', async () => {
    expect((await t.app.inject('/api/v1/search?q=glacier&section=science')).json().articles.map((a: { slug: string }) => a.slug)).toEqual(['glacier-loses-record-ice']);
    expect((await t.app.inject('/api/v1/search?q=glacier&section=world')).json().articles).toEqual([]);
    const unknown = await t.app.inject('/api/v1/search?q=glacier&section=nowhere');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toMatchObject({ code: 'not_found', message: 'There is no section "nowhere".' });
  });

  test('a search without words, or a page out of range, is refused with a reason', async () => {
    const missing = await t.app.inject('/api/v1/search');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('invalid');
    const symbols = await t.app.inject(`/api/v1/search?q=${encodeURIComponent('?! --')}`);
    expect(symbols.statusCode).toBe(400);
    expect(symbols.json().error).toMatchObject({ code: 'invalid', fields: { q: 'No word to look for.' } });
    expect((await t.app.inject('/api/v1/search?q=ice&page=21')).statusCode).toBe(400);
    expect((await t.app.inject('/api/v1/search?q=ice&page=0')).statusCode).toBe(400);
  });
});

describe('searching the API too fast', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { searchRateLimit: { perMinute: 1, perHour: 100 } });
    await seedNewsroom(t.ctx);
  });
  afterAll(() => t.cleanup());

  test('is refused with 429, rate_limited and Retry-After', async () => {
    expect((await t.app.inject('/api/v1/search?q=one')).statusCode).toBe(200);
    const refused = await t.app.inject('/api/v1/search?q=two');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });
});
