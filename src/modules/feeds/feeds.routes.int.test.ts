import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dialectsUnderTest } from '../../db/test-db.js';
import { mostRecent } from '../../shared/clock.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import { countLiveArticles, latestUpdate, saveArticle } from '../articles/articles.service.js';
import { buildArticlesSitemap, buildSitemap } from './feeds.service.js';

const dialects = await dialectsUnderTest();
const SITE = 'https://news.example';
const RFC_822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const CANONICAL = /^https:\/\/news\.example\/(world|defense)\/[a-z0-9-]+$/;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => ['item', 'entry', 'category', 'url', 'sitemap'].includes(name),
});

/** Well-formed XML whose namespace prefixes are all declared, parsed. */
function parseXml(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  for (const [, prefix] of xml.matchAll(/<\/?([a-z]+):[a-z_]+/gi)) expect(xml).toContain(`xmlns:${prefix}=`);
  return parser.parse(xml);
}

const selfLink = (links: Array<Record<string, string>>) => links.find((l) => l['@rel'] === 'self')?.['@href'];

describe.each(dialects)('feeds and sitemaps on %s', (dialect) => {
  let t: TestApp;
  let live: number;
  /** The Last-Modified of the feed: the newest article (new articles carry their publication time as updated_at), or the last save if later. */
  let newest: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, { siteUrl: SITE, siteName: 'The Harbour Times', siteLanguage: 'en-GB' });
    await seedNewsroom(t.ctx);
    const now = t.ctx.clock.now().getTime();
    await makeArticle(t.ctx, { title: 'Ferries return to Valmora', sections: ['world', 'defense'], tags: ['ferries'] });
    await makeArticle(t.ctx, { title: 'Frigates leave the strait', sections: ['defense'], tags: ['navy'] });
    await makeArticle(t.ctx, { title: 'Tom & Jerry <b>', standfirst: 'Cats & <i>mice</i>', sections: ['world'] });
    await makeArticle(t.ctx, { title: 'Secret draft', status: 'draft', publishedAt: null });
    await makeArticle(t.ctx, { title: 'Embargoed budget', publishedAt: new Date(now + 3600_000) });
    await makeArticle(t.ctx, { title: 'Old harbour story', publishedAt: new Date(now - 3 * 24 * 3600_000) });
    for (let i = 0; i < 30; i++) await makeArticle(t.ctx, { sections: ['world'] });
    live = await countLiveArticles(t.ctx);
    // Last-Modified is also never earlier than the last save this process saw (see feeds.routes.ts).
    newest = mostRecent([await latestUpdate(t.ctx), t.ctx.events.articlesChangedAt])!.toUTCString();
  });
  afterAll(() => t.cleanup());

  test('the site RSS feed lists the latest 30 live articles with canonical links, RFC 822 dates and full text', async () => {
    const res = await t.app.inject('/feed.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers['last-modified']).toBe(newest);
    const { channel } = parseXml(res.body).rss;
    expect(channel.title).toBe('The Harbour Times');
    expect(channel.language).toBe('en-GB');
    expect(channel['atom:link']['@href']).toBe(`${SITE}/feed.xml`);
    expect(channel.item).toHaveLength(30);
    for (const item of channel.item) {
      expect(item.link).toMatch(CANONICAL);
      expect(item.guid['#text']).toBe(item.link);
      expect(item.pubDate).toMatch(RFC_822);
      expect(item['dc:creator']).toBe('Ada Quill');
      expect(item['content:encoded']).toContain('<h2>A heading</h2>');
    }
    const ferries = channel.item.find((i: { title: string }) => i.title === 'Ferries return to Valmora');
    expect(ferries.link).toBe(`${SITE}/world/ferries-return-to-valmora`);
    expect(ferries.category.map((c: { '#text': string }) => c['#text'])).toEqual(['World', 'Defense', 'ferries']);
    expect(ferries.description).toBe('A short summary.');
  });

  test('the site Atom feed has ids, self link and ISO dates', async () => {
    const res = await t.app.inject('/atom.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const { feed } = parseXml(res.body);
    expect(selfLink(feed.link)).toBe(`${SITE}/atom.xml`);
    expect(feed.updated).toMatch(ISO);
    expect(feed.entry).toHaveLength(30);
    for (const entry of feed.entry) {
      expect(entry.id).toMatch(CANONICAL);
      expect(entry.link['@href']).toBe(entry.id);
      expect(entry.published).toMatch(ISO);
      expect(entry.updated).toMatch(ISO);
      expect(entry.author.name).toBe('Ada Quill');
      expect(entry.content['@type']).toBe('html');
    }
  });

  test.each(['feed.xml', 'atom.xml'])('a section feed (%s) only has that section’s articles', async (file) => {
    const res = await t.app.inject(`/defense/${file}`);
    expect(res.statusCode).toBe(200);
    const doc = parseXml(res.body);
    const items: Array<Record<string, unknown>> = doc.rss?.channel.item ?? doc.feed.entry;
    expect(items.map((i) => (typeof i.title === 'string' ? i.title : (i.title as { '#text': string })['#text']))).toEqual(['Ferries return to Valmora', 'Frigates leave the strait']);
    if (doc.rss) expect(doc.rss.channel['atom:link']['@href']).toBe(`${SITE}/defense/feed.xml`);
    else expect(selfLink(doc.feed.link)).toBe(`${SITE}/defense/atom.xml`);
  });

  test('an unknown section has no feed', async () => {
    expect((await t.app.inject('/nowhere/feed.xml')).statusCode).toBe(404);
    expect((await t.app.inject('/nowhere/atom.xml')).statusCode).toBe(404);
  });

  test('drafts and scheduled articles appear in no feed or sitemap', async () => {
    for (const url of ['/feed.xml', '/atom.xml', '/world/feed.xml', '/sitemap.xml', '/sitemap-news.xml', '/sitemaps/articles-1.xml']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('secret-draft');
      expect(res.body, url).not.toContain('embargoed-budget');
    }
  });

  test('a headline with markup is escaped and every document stays valid', async () => {
    const rss = (await t.app.inject('/feed.xml')).body;
    const atom = (await t.app.inject('/atom.xml')).body;
    const news = (await t.app.inject('/sitemap-news.xml')).body;
    for (const xml of [rss, atom, news]) expect(xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')).not.toMatch(/<b>|<i>/);
    const item = parseXml(rss).rss.channel.item.find((i: { title: string }) => i.title === 'Tom & Jerry <b>');
    expect(item.link).toMatch(CANONICAL);
    expect(item.description).toBe('Cats &amp; &lt;i&gt;mice&lt;/i&gt;');
    expect(atom).toContain('Tom &amp; Jerry &lt;b&gt;');
    expect(parseXml(atom).feed.entry.some((e: { title: { '#text': string } }) => e.title['#text'] === 'Tom &amp; Jerry &lt;b&gt;')).toBe(true);
    expect(news).toContain('<news:title>Tom &amp; Jerry &lt;b&gt;</news:title>');
  });

  test('robots.txt allows crawling except admin and API, and names both sitemaps', async () => {
    const res = await t.app.inject('/robots.txt');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const lines = res.body.split('\n');
    expect(lines).toEqual(expect.arrayContaining(['User-agent: *', 'Allow: /', 'Disallow: /admin/', 'Disallow: /api/', `Sitemap: ${SITE}/sitemap.xml`, `Sitemap: ${SITE}/sitemap-news.xml`]));
  });

  test('the sitemap lists the home page, every section and every live article with its last change', async () => {
    const res = await t.app.inject('/sitemap.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.headers['last-modified']).toBe(newest);
    const { urlset } = parseXml(res.body);
    const locs: string[] = urlset.url.map((u: { loc: string }) => u.loc);
    expect(locs.slice(0, 3)).toEqual([`${SITE}/`, `${SITE}/world`, `${SITE}/defense`]);
    const articles = urlset.url.slice(3);
    expect(articles).toHaveLength(live);
    for (const u of articles) {
      expect(u.loc).toMatch(CANONICAL);
      expect(u.lastmod).toMatch(ISO);
    }
    expect(locs).toContain(`${SITE}/world/old-harbour-story`);
  });

  test('a large archive gets a sitemap index with numbered article files', async () => {
    const perFile = 10;
    const index = parseXml((await buildSitemap(t.ctx, { perFile })).body);
    const files = Math.ceil(live / perFile);
    expect(index.sitemapindex.sitemap.map((s: { loc: string }) => s.loc)).toEqual([
      `${SITE}/sitemaps/pages.xml`,
      ...Array.from({ length: files }, (_, i) => `${SITE}/sitemaps/articles-${i + 1}.xml`),
    ]);
    const first = parseXml((await buildArticlesSitemap(t.ctx, 1, { perFile }))!.body);
    expect(first.urlset.url).toHaveLength(perFile);
    expect(first.urlset.url[0].loc).toBe(`${SITE}/world/old-harbour-story`);
    const last = parseXml((await buildArticlesSitemap(t.ctx, files, { perFile }))!.body);
    expect(last.urlset.url).toHaveLength(live - (files - 1) * perFile);
    expect(await buildArticlesSitemap(t.ctx, files + 1, { perFile })).toBeUndefined();
  });

  test('sitemap parts are served, and numbers out of range are 404s', async () => {
    const pages = await t.app.inject('/sitemaps/pages.xml');
    expect(pages.statusCode).toBe(200);
    expect(parseXml(pages.body).urlset.url.map((u: { loc: string }) => u.loc)).toEqual([`${SITE}/`, `${SITE}/world`, `${SITE}/defense`]);
    expect(parseXml((await t.app.inject('/sitemaps/articles-1.xml')).body).urlset.url).toHaveLength(live);
    for (const n of ['2', '0', '01', 'x', '']) expect((await t.app.inject(`/sitemaps/articles-${n}.xml`)).statusCode, n).toBe(404);
  });

  test('the news sitemap has the last 48 hours only, with publication, date and title', async () => {
    const res = await t.app.inject('/sitemap-news.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const { urlset } = parseXml(res.body);
    expect(urlset['@xmlns:news']).toBe('http://www.google.com/schemas/sitemap-news/0.9');
    const locs = urlset.url.map((u: { loc: string }) => u.loc);
    expect(locs).toHaveLength(live - 1);
    expect(locs).not.toContain(`${SITE}/world/old-harbour-story`);
    const ferries = urlset.url.find((u: { loc: string }) => u.loc === `${SITE}/world/ferries-return-to-valmora`)['news:news'];
    expect(ferries['news:publication']).toEqual({ 'news:name': 'The Harbour Times', 'news:language': 'en' });
    expect(ferries['news:publication_date']).toMatch(ISO);
    expect(ferries['news:title']).toBe('Ferries return to Valmora');
  });

  test('a reader whose copy is current gets 304 Not Modified', async () => {
    const first = await t.app.inject('/feed.xml');
    const again = await t.app.inject({ url: '/feed.xml', headers: { 'if-modified-since': first.headers['last-modified'] as string } });
    expect(again.statusCode).toBe(304);
  });
});

describe.each(dialects)('Last-Modified of the front page and the feed, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedNewsroom(t.ctx);
  });
  afterAll(() => t.cleanup());

  /** The status of a request made with If-Modified-Since from an earlier response. */
  const since = async (url: string, earlier: { headers: Record<string, unknown> }) =>
    (await t.app.inject({ url, headers: { 'if-modified-since': earlier.headers['last-modified'] as string } })).statusCode;

  test('an article going live at its scheduled time, or being taken down, is news to readers asking by date', async () => {
    const start = t.clock.now().getTime();
    await makeArticle(t.ctx, { title: 'Scheduled budget', publishedAt: new Date(start + 30 * 60_000) });
    t.clock.set(new Date(start + 10 * 60_000));
    const taken = await makeArticle(t.ctx, { title: 'Harbour fees rise' });
    const front = await t.app.inject('/');
    const feed = await t.app.inject('/feed.xml');
    expect(await since('/', front)).toBe(304);
    expect(await since('/feed.xml', feed)).toBe(304);

    // The scheduled article goes live without being saved again.
    t.clock.set(new Date(start + 31 * 60_000));
    expect(await since('/', front)).toBe(200);
    const feedNow = await t.app.inject({ url: '/feed.xml', headers: { 'if-modified-since': feed.headers['last-modified'] as string } });
    expect(feedNow.statusCode).toBe(200);
    expect(feedNow.body).toContain('Scheduled budget');

    // Written before it went live, it was last changed when it went live: in the sitemap and the Atom feed.
    const published = new Date(start + 30 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const sitemap = parseXml((await t.app.inject('/sitemap.xml')).body);
    const entry = sitemap.urlset.url.find((u: { loc: string }) => u.loc.endsWith("/scheduled-budget"));
    expect(entry.lastmod).toBe(published);
    const atom = parseXml((await t.app.inject('/atom.xml')).body);
    const atomEntry = atom.feed.entry.find((e: { title: { '#text': string } }) => e.title['#text'] === 'Scheduled budget');
    expect(new Date(atomEntry.updated).toISOString()).toBe(new Date(published).toISOString());

    // An article taken down leaves older times behind; the feed still says it changed.
    const before = await t.app.inject('/feed.xml');
    t.clock.set(new Date(start + 40 * 60_000));
    await saveArticle(t.ctx, { slug: taken.slug, title: taken.title, bodyMd: 'Withdrawn.', sections: ['world'], author: 'ada-quill', status: 'draft' }, taken.slug);
    const after = await t.app.inject({ url: '/feed.xml', headers: { 'if-modified-since': before.headers['last-modified'] as string } });
    expect(after.statusCode).toBe(200);
    expect(after.body).not.toContain('Harbour fees rise');
  });

  test('the OpenSearch description is valid XML that points at the search page and the search API, and every page links to it', async () => {
    const res = await t.app.inject('/opensearch.xml');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/opensearchdescription+xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(res.body).OpenSearchDescription;
    expect(doc['@_xmlns']).toBe('http://a9.com/-/spec/opensearch/1.1/');
    expect(doc.ShortName.length).toBeLessThanOrEqual(16);
    expect(doc.Url.map((u: Record<string, string>) => u['@_template'])).toEqual([`${t.ctx.config.siteUrl}/search?q={searchTerms}`, `${t.ctx.config.siteUrl}/api/v1/search?q={searchTerms}`]);
    expect((await t.app.inject('/')).body).toContain('<link rel="search" type="application/opensearchdescription+xml" title="');
  });
});
