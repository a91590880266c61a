import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import {
  absolutizeLinks,
  atomXml,
  newsLanguage,
  newsSitemap,
  robotsTxt,
  rssXml,
  sitemapIndex,
  sitemapUrlset,
  type FeedEntry,
  type FeedMeta,
} from './feed-xml.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => ['item', 'entry', 'category', 'url', 'sitemap'].includes(name) });

/** Well-formed, and every namespace prefix in use is declared. */
function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const used = new Set([...xml.matchAll(/<\/?([a-z]+):[a-z_]+/gi)].map((m) => m[1]));
  for (const prefix of used) expect(xml, `xmlns:${prefix}`).toContain(`xmlns:${prefix}=`);
  return parser.parse(xml);
}

const meta: FeedMeta = {
  title: 'The Broadsheet',
  description: 'Independent news & analysis.',
  pageUrl: 'https://news.example/',
  rssUrl: 'https://news.example/feed.xml',
  atomUrl: 'https://news.example/atom.xml',
  language: 'en-GB',
  siteUrl: 'https://news.example',
  updated: new Date('2026-11-26T11:59:00Z'),
};

const entry = (over: Partial<FeedEntry> = {}): FeedEntry => ({
  title: 'Harbour talks stall',
  url: 'https://news.example/world/harbour-talks-stall',
  standfirst: 'Negotiators went home.',
  bodyHtml: '<p>Some text. <img src="/static/demo/map.svg" alt="Map"> <a href="/world">World</a> <a href="//cdn.example/x">x</a></p>',
  author: 'Ada Quill',
  published: new Date('2026-11-26T11:59:00Z'),
  updated: new Date('2026-11-26T11:59:30Z'),
  categories: [
    { scheme: 'https://news.example/', term: 'world', name: 'World' },
    { scheme: 'https://news.example/tag/', term: 'harbour', name: 'harbour' },
  ],
  ...over,
});

const hostile = entry({
  title: 'Tom & Jerry <b> ]]> twice ]]>\u0007',
  standfirst: 'Cats & <script>alert(1)</script>',
  bodyHtml: '<p>x ]]> y ]]> z</p>',
  author: 'O\'Brien & <Sons>',
  categories: [{ scheme: 'https://news.example/tag/', term: 'tom-jerry', name: 'Tom & Jerry <b>' }],
});

describe('RSS 2.0', () => {
  test('an item carries the canonical link as a permalink guid, RFC 822 dates, byline, categories and full text', async () => {
    const { rss } = parse(await rssXml(meta, [entry()]));
    const channel = rss.channel;
    expect(channel.title).toBe('The Broadsheet');
    expect(channel.description).toBe('Independent news & analysis.');
    expect(channel.language).toBe('en-GB');
    expect(channel['atom:link']['@href']).toBe('https://news.example/feed.xml');
    expect(channel['atom:link']['@rel']).toBe('self');
    const item = channel.item[0];
    expect(item.link).toBe('https://news.example/world/harbour-talks-stall');
    expect(item.guid['#text']).toBe(item.link);
    expect(item.guid['@isPermaLink']).toBe('true');
    expect(item.pubDate).toBe('Thu, 26 Nov 2026 11:59:00 GMT');
    expect(item['dc:creator']).toBe('Ada Quill');
    expect(item.category.map((c: { '#text': string }) => c['#text'])).toEqual(['World', 'harbour']);
    expect(item.description).toBe('Negotiators went home.');
    expect(item['content:encoded']).toContain('src="https://news.example/static/demo/map.svg"');
    expect(item['content:encoded']).toContain('href="https://news.example/world"');
    expect(item['content:encoded']).toContain('href="//cdn.example/x"');
  });

  test('markup and CDATA terminators in text cannot break out of the document', async () => {
    const xml = await rssXml(meta, [hostile]);
    const item = parse(xml).rss.channel.item[0];
    expect(item.title).toBe('Tom & Jerry <b> ]]\u200B> twice ]]\u200B>');
    expect(item.description).toBe('Cats &amp; &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(item['content:encoded']).toBe('<p>x ]]&gt; y ]]&gt; z</p>');
    expect(item['dc:creator']).toBe("O'Brien & <Sons>");
    expect(xml).not.toContain('<script>');
  });

  test('an empty feed is still a valid channel', async () => {
    expect(parse(await rssXml(meta, [])).rss.channel.title).toBe('The Broadsheet');
  });
});

describe('Atom', () => {
  test('an entry has the canonical URL as id and link, ISO dates, author and categories', async () => {
    const { feed } = parse(await atomXml(meta, [entry()]));
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.id).toBe('https://news.example/atom.xml');
    expect(feed.updated).toBe('2026-11-26T11:59:00.000Z');
    expect(feed.link.find((l: { '@rel': string }) => l['@rel'] === 'self')['@href']).toBe('https://news.example/atom.xml');
    const e = feed.entry[0];
    expect(e.id).toBe('https://news.example/world/harbour-talks-stall');
    expect(e.link['@href']).toBe(e.id);
    expect(e.published).toBe('2026-11-26T11:59:00.000Z');
    expect(e.updated).toBe('2026-11-26T11:59:30.000Z');
    expect(e.author.name).toBe('Ada Quill');
    expect(e.category.map((c: Record<string, string>) => `${c['@scheme']}${c['@term']}`)).toEqual(['https://news.example/world', 'https://news.example/tag/harbour']);
    expect(e.summary['#text']).toBe('Negotiators went home.');
    expect(e.content['@type']).toBe('html');
  });

  test('a title is HTML-escaped, since Atom declares it type="html"', async () => {
    const e = parse(await atomXml(meta, [hostile])).feed.entry[0];
    expect(e.title['@type']).toBe('html');
    expect(e.title['#text']).toBe('Tom &amp; Jerry &lt;b&gt; ]]&gt; twice ]]&gt;');
    expect(e.author.name).toBe("O'Brien & <Sons>");
    expect(e.category[0]['@label']).toBe('Tom & Jerry b>');
  });
});

describe('sitemaps', () => {
  test('a urlset escapes URLs and writes W3C dates', () => {
    const xml = sitemapUrlset([{ loc: 'https://news.example/' }, { loc: 'https://news.example/a?x=1&y=<2>', lastmod: new Date('2026-11-26T11:59:00.123Z') }]);
    const { urlset } = parse(xml);
    expect(urlset['@xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9');
    expect(urlset.url[1]).toEqual({ loc: 'https://news.example/a?x=1&y=<2>', lastmod: '2026-11-26T11:59:00Z' });
    expect(urlset.url[0].lastmod).toBeUndefined();
  });

  test('an index lists sitemap files', () => {
    const { sitemapindex } = parse(sitemapIndex([{ loc: 'https://news.example/sitemaps/pages.xml' }]));
    expect(sitemapindex.sitemap[0].loc).toBe('https://news.example/sitemaps/pages.xml');
  });

  test('the news sitemap names the publication and escapes titles', () => {
    const xml = newsSitemap({ name: 'Tom & Jerry Times', language: 'en-GB' }, [{ loc: 'https://news.example/world/a', title: 'Tom & Jerry <b>', published: new Date('2026-11-26T11:59:00Z') }]);
    expect(xml).toContain('Tom &amp; Jerry &lt;b&gt;');
    const news = parse(xml).urlset.url[0]['news:news'];
    expect(news['news:publication']).toEqual({ 'news:name': 'Tom & Jerry Times', 'news:language': 'en' });
    expect(news['news:publication_date']).toBe('2026-11-26T11:59:00Z');
    expect(news['news:title']).toBe('Tom & Jerry <b>');
  });

  test('an empty news sitemap is a valid, empty urlset', () => {
    expect(parse(newsSitemap({ name: 'X', language: 'en' }, [])).urlset.url).toBeUndefined();
  });

  test.each([
    ['en', 'en'],
    ['en-GB', 'en'],
    ['FR-ca', 'fr'],
    ['zh-TW', 'zh-tw'],
    ['zh-Hant-HK', 'zh-tw'],
    ['zh-Hans', 'zh-cn'],
    ['zh', 'zh-cn'],
  ])('news language of %s is %s', (tag, expected) => {
    expect(newsLanguage(tag)).toBe(expected);
  });
});

describe('robots.txt', () => {
  test('allows everything but the admin, the API and search results, and points at both sitemaps', () => {
    expect(robotsTxt('https://news.example').split('\n')).toEqual([
      'User-agent: *',
      'Allow: /',
      'Disallow: /admin/',
      'Disallow: /api/',
      'Disallow: /search',
      '',
      'Sitemap: https://news.example/sitemap.xml',
      'Sitemap: https://news.example/sitemap-news.xml',
      '',
    ]);
  });

  test('a site under a path keeps its private areas under that path', () => {
    expect(robotsTxt('https://example.org/news')).toContain('Disallow: /news/admin/');
  });
});

test('only root-relative links become absolute', () => {
  expect(absolutizeLinks('<a href="/a">a</a><a href="https://x/">x</a><a href="//y/">y</a>', 'https://n.example')).toBe(
    '<a href="https://n.example/a">a</a><a href="https://x/">x</a><a href="//y/">y</a>',
  );
});
