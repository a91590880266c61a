// Pure builders for what feed readers and crawlers fetch: RSS 2.0 and Atom (with the `feed` package), sitemaps,
// the Google News sitemap and robots.txt. They take plain data with absolute URLs and return text; no HTTP, no SQL.
// The `feed` package (about 4 MB once loaded) loads with the first feed asked for, not at start-up.
import type { Category, Feed, Item } from 'feed';
import { escapeHtml } from '../../shared/escape-html.js';

let feedPackage: Promise<typeof import('feed')> | undefined;

export interface FeedMeta {
  title: string;
  description: string;
  /** The HTML page the feed follows: the home page or a section page. */
  pageUrl: string;
  rssUrl: string;
  atomUrl: string;
  language: string;
  siteUrl: string;
  updated: Date;
}

export interface FeedEntry {
  title: string;
  /** Canonical, absolute; also the guid and the Atom id. */
  url: string;
  /** Plain text. */
  standfirst: string;
  /** Sanitized article HTML. */
  bodyHtml: string;
  author: string;
  published: Date;
  updated: Date;
  /** Sections and tags. scheme + term is the category's page, e.g. https://…/tag/ + harbour. */
  categories: Array<{ scheme: string; term: string; name: string }>;
}

export interface SitemapUrl {
  loc: string;
  lastmod?: Date;
}

export interface NewsUrl {
  loc: string;
  title: string;
  published: Date;
}

// Characters XML 1.0 forbids even when escaped; a pasted headline can carry them, and one makes the whole feed unreadable.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanXmlText(value: string): string {
  return value.replace(NOT_XML, '');
}

/** Escapes text for XML, and for HTML carried inside XML. */
export function escapeXml(value: string): string {
  return escapeHtml(cleanXmlText(value));
}

// `feed` writes titles, summaries and content as CDATA, and its XML writer splits only the first "]]>" in each.
// HTML can say "]]&gt;" instead; plain text gets a zero-width space so the sequence never closes the section.
const htmlCdata = (html: string) => cleanXmlText(html).replaceAll(']]>', ']]&gt;');
const textCdata = (text: string) => cleanXmlText(text).replaceAll(']]>', ']]\u200B>');

/** Feed readers resolve relative links unreliably (RSS has no xml:base), so root-relative URLs become absolute. */
export function absolutizeLinks(html: string, siteUrl: string): string {
  return html.replace(/(\s(?:href|src)=")\/(?!\/)/g, `$1${escapeXml(siteUrl)}/`);
}

async function buildFeed(meta: FeedMeta, entries: FeedEntry[], format: 'rss' | 'atom'): Promise<Feed> {
  feedPackage ??= import('feed');
  const { Feed } = await feedPackage;
  const feed = new Feed({
    id: meta.atomUrl,
    title: cleanXmlText(meta.title),
    description: cleanXmlText(meta.description),
    link: meta.pageUrl,
    language: meta.language,
    updated: meta.updated,
    generator: 'Broadsheet',
    feedLinks: { rss: meta.rssUrl, atom: meta.atomUrl },
  });
  for (const entry of entries) {
    const summary = escapeXml(entry.standfirst);
    const item: Item = {
      // Atom declares the title type="html"; the RSS title is plain text.
      title: format === 'atom' ? escapeXml(entry.title) : textCdata(entry.title),
      link: entry.url,
      date: entry.updated,
      published: entry.published,
      description: summary || undefined,
      // Never empty: RSS only declares the dc: namespace (used by dc:creator) when some item has content.
      content: htmlCdata(absolutizeLinks(entry.bodyHtml, meta.siteUrl)) || summary || escapeXml(entry.title),
      category: entry.categories.map((c): Category =>
        format === 'atom'
          ? // `feed` escapes only "&" and '"' in attributes, so a "<" would break the document: it is dropped from the label.
            { term: c.term, scheme: c.scheme, name: cleanXmlText(c.name).replaceAll('<', '') }
          : { name: cleanXmlText(c.name), domain: c.scheme.replaceAll('&', '&amp;') },
      ),
    };
    // RSS <author> must be an e-mail address; dc:creator is the usual home for a byline.
    if (format === 'atom') item.author = [{ name: cleanXmlText(entry.author) }];
    else item.extensions = [{ name: 'dc:creator', objects: { _text: cleanXmlText(entry.author) } }];
    feed.addItem(item);
  }
  return feed;
}

export async function rssXml(meta: FeedMeta, entries: FeedEntry[]): Promise<string> {
  return (await buildFeed(meta, entries, 'rss')).rss2();
}

export async function atomXml(meta: FeedMeta, entries: FeedEntry[]): Promise<string> {
  return (await buildFeed(meta, entries, 'atom')).atom1();
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9';

const element = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;
/** W3C datetime without milliseconds, as the sitemap protocol's examples write it. */
const w3cDate = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

function urlEntries(tag: 'url' | 'sitemap', urls: SitemapUrl[]): string {
  return urls.map((u) => `<${tag}>${element('loc', u.loc)}${u.lastmod ? element('lastmod', w3cDate(u.lastmod)) : ''}</${tag}>\n`).join('');
}

export function sitemapUrlset(urls: SitemapUrl[]): string {
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}">\n${urlEntries('url', urls)}</urlset>\n`;
}

export function sitemapIndex(sitemaps: SitemapUrl[]): string {
  return `${XML_DECLARATION}<sitemapindex xmlns="${SITEMAP_NS}">\n${urlEntries('sitemap', sitemaps)}</sitemapindex>\n`;
}

/** Google News wants an ISO 639 code, except zh-cn and zh-tw for Chinese. */
export function newsLanguage(tag: string): string {
  const [primary = '', ...rest] = tag.toLowerCase().split('-');
  if (primary !== 'zh') return primary;
  return rest.some((s) => ['hant', 'tw', 'hk', 'mo'].includes(s)) ? 'zh-tw' : 'zh-cn';
}

export function newsSitemap(publication: { name: string; language: string }, items: NewsUrl[]): string {
  const pub = `<news:publication>${element('news:name', publication.name)}${element('news:language', newsLanguage(publication.language))}</news:publication>`;
  const urls = items.map(
    (i) => `<url>${element('loc', i.loc)}<news:news>${pub}${element('news:publication_date', w3cDate(i.published))}${element('news:title', i.title)}</news:news></url>\n`,
  );
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n${urls.join('')}</urlset>\n`;
}

/**
 * The OpenSearch description of the site's search: browsers offer to add the site as a search engine,
 * and search it from the address bar.
 */
export function openSearchXml(siteName: string, siteUrl: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">',
    `  <ShortName>${escapeXml(siteName.slice(0, 16))}</ShortName>`,
    `  <Description>${escapeXml(`Search ${siteName}`)}</Description>`,
    '  <InputEncoding>UTF-8</InputEncoding>',
    `  <Image type="image/svg+xml">${escapeXml(siteUrl)}/static/favicon.svg</Image>`,
    `  <Url type="text/html" method="get" template="${escapeXml(siteUrl)}/search?q={searchTerms}"/>`,
    `  <Url type="application/json" method="get" template="${escapeXml(siteUrl)}/api/v1/search?q={searchTerms}"/>`,
    '</OpenSearchDescription>',
    '',
  ].join('\n');
}

export function robotsTxt(siteUrl: string): string {
  // A site served under a path (https://example.org/news) has its private areas under that path too.
  const base = new URL(siteUrl).pathname.replace(/\/$/, '');
  return [
    'User-agent: *',
    `Allow: ${base}/`,
    `Disallow: ${base}/admin/`,
    `Disallow: ${base}/api/`,
    `Disallow: ${base}/search`,
    '',
    `Sitemap: ${siteUrl}/sitemap.xml`,
    `Sitemap: ${siteUrl}/sitemap-news.xml`,
    '',
  ].join('\n');
}
