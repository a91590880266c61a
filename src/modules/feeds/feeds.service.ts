// What goes into the feeds and sitemaps, with the absolute canonical URLs readers and crawlers need.
import type { Config } from '../../config.js';
import type { Ctx } from '../../context.js';
import { mostRecent } from '../../shared/clock.js';
import {
  articlePath,
  countLiveArticles,
  lastChangeOf,
  latestUpdate,
  listLiveArticles,
  listRecentForNewsSitemap,
  listSitemapEntries,
  type ArticleSummary,
} from '../articles/articles.service.js';
import { absoluteUrl } from '../articles/articles.view.js';
import { getSections, type Section } from '../sections/sections.service.js';
import { atomXml, newsSitemap, rssXml, sitemapIndex, sitemapUrlset, type FeedEntry, type SitemapUrl } from './feed-xml.js';
import { findBodiesByIds } from './feeds.store.js';

export const FEED_SIZE = 30;
/** The sitemaps.org limit of URLs in one file. */
export const SITEMAP_PER_FILE = 50_000;
/** Google News reads articles of the last two days, at most 1,000 per sitemap. */
const NEWS_HOURS = 48;
const NEWS_LIMIT = 1000;

export interface XmlDocument {
  body: string;
  /** The latest change (save or publication) of the articles in it, when there are any. */
  lastModified?: Date;
}

export interface SitemapOptions {
  perFile: number;
}

function toFeedEntry(config: Config, article: ArticleSummary, bodyHtml: string): FeedEntry {
  return {
    title: article.title,
    url: absoluteUrl(config, articlePath(article)),
    standfirst: article.standfirst,
    bodyHtml,
    author: article.author.name,
    published: article.publishedAt ?? article.updatedAt,
    updated: lastChangeOf(article),
    categories: [
      ...article.sections.map((s) => ({ scheme: `${config.siteUrl}/`, term: s.slug, name: s.name })),
      ...article.tags.map((t) => ({ scheme: `${config.siteUrl}/tag/`, term: t.slug, name: t.name })),
    ],
  };
}

/** The latest live articles, in full, for the whole site or one section. */
export async function buildFeed(ctx: Ctx, format: 'rss' | 'atom', section?: Section): Promise<XmlDocument> {
  const { config } = ctx;
  const articles = await listLiveArticles(ctx, { limit: FEED_SIZE, sectionId: section?.id, withTaxonomy: true });
  const bodies = await findBodiesByIds(ctx.db, articles.map((a) => a.id));
  const lastModified = mostRecent(articles.map(lastChangeOf));
  const base = section ? `/${section.slug}` : '';
  const meta = {
    title: section ? `${section.name} | ${config.siteName}` : config.siteName,
    description: section ? section.description || `The latest ${section.name} news from ${config.siteName}.` : config.siteDescription,
    pageUrl: absoluteUrl(config, base || '/'),
    rssUrl: absoluteUrl(config, `${base}/feed.xml`),
    atomUrl: absoluteUrl(config, `${base}/atom.xml`),
    language: config.siteLanguage,
    siteUrl: config.siteUrl,
    updated: lastModified ?? ctx.clock.now(),
  };
  const entries = articles.map((a) => toFeedEntry(config, a, bodies.get(a.id) ?? ''));
  return { body: await (format === 'rss' ? rssXml(meta, entries) : atomXml(meta, entries)), lastModified };
}

async function pageUrls(ctx: Ctx, lastModified: Date | undefined): Promise<SitemapUrl[]> {
  const sections = await getSections(ctx);
  return [{ loc: absoluteUrl(ctx.config, '/'), lastmod: lastModified }, ...sections.map((s) => ({ loc: absoluteUrl(ctx.config, `/${s.slug}`) }))];
}

async function articleUrls(ctx: Ctx, offset: number, limit: number): Promise<SitemapUrl[]> {
  const entries = await listSitemapEntries(ctx, offset, limit);
  // An article written ahead and published later last changed when it went live.
  return entries.map((e) => ({ loc: absoluteUrl(ctx.config, `/${e.sectionSlug}/${e.slug}`), lastmod: lastChangeOf(e) }));
}

/**
 * /sitemap.xml: every page in one urlset while it fits in one file, otherwise an index of
 * /sitemaps/pages.xml and /sitemaps/articles-N.xml.
 */
export async function buildSitemap(ctx: Ctx, { perFile }: SitemapOptions = { perFile: SITEMAP_PER_FILE }): Promise<XmlDocument> {
  const [count, lastModified] = await Promise.all([countLiveArticles(ctx), latestUpdate(ctx)]);
  const pages = await pageUrls(ctx, lastModified);
  // The limit counts URLs, so the home and section pages take room too.
  if (count + pages.length <= perFile) {
    return { body: sitemapUrlset([...pages, ...(await articleUrls(ctx, 0, perFile))]), lastModified };
  }
  const files = Math.ceil(count / perFile);
  const parts = ['/sitemaps/pages.xml', ...Array.from({ length: files }, (_, i) => `/sitemaps/articles-${i + 1}.xml`)];
  return { body: sitemapIndex(parts.map((p) => ({ loc: absoluteUrl(ctx.config, p) }))), lastModified };
}

export async function buildPagesSitemap(ctx: Ctx): Promise<XmlDocument> {
  const lastModified = await latestUpdate(ctx);
  return { body: sitemapUrlset(await pageUrls(ctx, lastModified)), lastModified };
}

/** Part `n` (from 1) of the article sitemap, oldest first; undefined past the end. */
export async function buildArticlesSitemap(ctx: Ctx, n: number, { perFile }: SitemapOptions = { perFile: SITEMAP_PER_FILE }): Promise<XmlDocument | undefined> {
  const count = await countLiveArticles(ctx);
  if (!Number.isInteger(n) || n < 1 || n > Math.ceil(count / perFile)) return undefined;
  const urls = await articleUrls(ctx, (n - 1) * perFile, perFile);
  return { body: sitemapUrlset(urls), lastModified: mostRecent(urls.map((u) => u.lastmod)) };
}

export async function buildNewsSitemap(ctx: Ctx): Promise<XmlDocument> {
  const { config } = ctx;
  const articles = await listRecentForNewsSitemap(ctx, NEWS_HOURS, NEWS_LIMIT);
  const items = articles.map((a) => ({ loc: absoluteUrl(config, articlePath(a)), title: a.title, published: a.publishedAt ?? a.updatedAt }));
  return {
    body: newsSitemap({ name: config.siteName, language: config.siteLanguage }, items),
    lastModified: mostRecent(articles.map(lastChangeOf)),
  };
}
