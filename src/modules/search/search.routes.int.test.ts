import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dialectsUnderTest } from '../../db/test-db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import { MAX_SEARCH_PAGES, SEARCH_PAGE_SIZE } from './search.service.js';

const dialects = await dialectsUnderTest();

describe.each(dialects)('the search page on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { pageCache: true, searchRateLimit: { perMinute: 1000, perHour: 10_000 } });
    await seedNewsroom(t.ctx);
    await makeArticle(t.ctx, { title: 'Lighthouse keepers strike', standfirst: 'The lamps stay dark in Valmora.' });
    for (let i = 0; i < SEARCH_PAGE_SIZE + 1; i++) await makeArticle(t.ctx, { title: `Tide table ${i}`, bodyMd: 'High water at noon.' });
  });
  afterAll(() => t.cleanup());

  test('without a search, the page is the form and a hint, linked from every page', async () => {
    const res = await t.app.inject('/search');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<form class="search-form" role="search" method="get" action="/search">');
    expect(res.body).toContain('<label for="search-q">');
    expect(res.body).toContain('Every word counts');
    expect(res.body).toContain('<meta name="robots" content="noindex">');
    expect((await t.app.inject('/')).body).toContain('<a class="masthead-search" href="/search">Search</a>');
  });

  test('a reader finds articles by their words, as cards linking to them', async () => {
    const res = await t.app.inject('/search?q=Lighthouse+VALMORA');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=0, must-revalidate, s-maxage=60');
    expect(res.body).toContain('Results for <strong>Lighthouse VALMORA</strong>');
    expect(res.body).toContain('href="/world/lighthouse-keepers-strike"><mark class="hit">Lighthouse</mark> keepers strike</a>');
    expect(res.body).toContain('The lamps stay dark in <mark class="hit">Valmora</mark>.');
    expect(res.body).toContain('value="Lighthouse VALMORA"');
    expect(res.body).toContain('<title>Lighthouse VALMORA: search | ');
  });

  test('a headline is escaped around the words marked in it', async () => {
    await makeArticle(t.ctx, { title: 'Quay "tolls" <rise> & fall', standfirst: '' });
    const res = await t.app.inject('/search?q=tolls');
    expect(res.body).toContain('Quay &quot;<mark class="hit">tolls</mark>&quot; &lt;rise&gt; &amp; fall</a>');
  });

  test('what a reader typed comes back escaped, and a search of symbols alone says what to type', async () => {
    const res = await t.app.inject(`/search?q=${encodeURIComponent('<script>alert(1)</script> "x"')}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot;');
    expect(res.body).toContain('Nothing matches');
    const symbols = await t.app.inject(`/search?q=${encodeURIComponent('?! --')}`);
    expect(symbols.body).toContain('Search with words or numbers');
  });

  test('results come a page at a time; a page past them, or not a page number, is not found', async () => {
    const first = await t.app.inject('/search?q=tide');
    expect(first.body.match(/class="card-title"/g)).toHaveLength(SEARCH_PAGE_SIZE);
    expect(first.body).toContain('<a rel="next" href="/search?q=tide&amp;page=2">More results');
    const second = await t.app.inject('/search?q=tide&page=2');
    expect(second.body.match(/class="card-title"/g)).toHaveLength(1);
    expect(second.body).toContain('<a rel="prev" href="/search?q=tide">');
    expect((await t.app.inject('/search?q=tide&page=3')).statusCode).toBe(404);
    expect((await t.app.inject('/search?q=tide&page=abc')).statusCode).toBe(404);
    expect((await t.app.inject(`/search?q=tide&page=${MAX_SEARCH_PAGES + 1}`)).statusCode).toBe(404);
    expect((await t.app.inject('/search?q=tide&q=table')).statusCode).toBe(200);
  });

  test('a reader may search one section; the choice stays in the form and in the links to further pages', async () => {
    await makeArticle(t.ctx, { title: 'Lighthouse radar upgraded', sections: ['defense', 'world'] });
    const world = await t.app.inject('/search?q=lighthouse&section=world');
    expect(world.statusCode).toBe(200);
    expect(world.body).toContain('<option value="world" selected>World</option>');
    expect(world.body).toContain('<option value="">All sections</option>');
    expect(world.body).toContain('Results for <strong>lighthouse</strong> in World (<a href="/search?q=lighthouse">all sections</a>)');
    expect(world.body.match(/class="card-title"/g)).toHaveLength(2);
    // An article counts in every section it is listed in, its own first or not.
    const defense = await t.app.inject('/search?q=lighthouse&section=defense');
    expect(defense.body).toContain('lighthouse-radar-upgraded');
    expect(defense.body).not.toContain('lighthouse-keepers-strike');
    const none = await t.app.inject('/search?q=tide&section=defense');
    expect(none.body).toContain('Nothing matches <strong>tide</strong> in Defense. <a href="/search?q=tide">Search all sections</a>, or try fewer words');
    // "All sections" sends an empty value.
    expect((await t.app.inject('/search?q=tide&section=')).body.match(/class="card-title"/g)).toHaveLength(SEARCH_PAGE_SIZE);
    const paged = await t.app.inject('/search?q=tide&section=world');
    expect(paged.body).toContain('<a rel="next" href="/search?q=tide&amp;section=world&amp;page=2">More results');
    expect((await t.app.inject('/search?q=tide&section=world&page=2')).body).toContain('<a rel="prev" href="/search?q=tide&amp;section=world">');
    expect((await t.app.inject('/search?q=tide&section=nowhere')).statusCode).toBe(404);
  });

  test('search pages are not kept in the page cache', async () => {
    const size = t.pageCache!.size;
    for (let i = 0; i < 3; i++) await t.app.inject('/search?q=tide');
    expect(t.pageCache!.size).toBe(size);
  });
});

describe('searching too fast', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { searchRateLimit: { perMinute: 2, perHour: 100 } });
    await seedNewsroom(t.ctx);
  });
  afterAll(() => t.cleanup());

  test('is refused with 429, the time to wait and a page that says so; the empty form does not count', async () => {
    for (let i = 0; i < 3; i++) expect((await t.app.inject('/search')).statusCode).toBe(200);
    expect((await t.app.inject('/search?q=one')).statusCode).toBe(200);
    expect((await t.app.inject('/search?q=two')).statusCode).toBe(200);
    const refused = await t.app.inject('/search?q=three');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body).toContain('You are searching faster than we allow.');
  });
});
