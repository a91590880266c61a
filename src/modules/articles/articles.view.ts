// What templates need to show an article: the domain object plus paths and formatted dates.
import type { Config } from '../../config.js';
import { jsonForScript } from '../../http/views.js';
import { isoTime, type DateFormats } from '../../shared/format.js';
import { readingMinutes } from '../../shared/markdown.js';
import { articlePath, type Article, type ArticleSummary } from './articles.service.js';

const TYPE_LABELS = { news: 'News', analysis: 'Analysis', opinion: 'Opinion' } as const;

export interface ArticleCardView extends ArticleSummary {
  path: string;
  typeLabel: string;
  publishedIso: string;
  publishedText: string;
}

export interface ArticlePageView extends ArticleCardView {
  bodyHtml: string;
  authorBio: string;
  publishedFull: string;
  updatedIso: string;
  updatedFull: string;
  wasUpdated: boolean;
  readingMinutes: number;
}

/**
 * Card and page views are built field by field rather than spread from the article: pages pass both
 * summaries and full articles through here, and spreading objects of several shapes is many times
 * slower than filling one shape.
 */
export function toCardView(article: ArticleSummary, dates: DateFormats): ArticleCardView {
  const published = article.publishedAt ?? article.updatedAt;
  return {
    id: article.id,
    slug: article.slug,
    title: article.title,
    standfirst: article.standfirst,
    type: article.type,
    status: article.status,
    imageUrl: article.imageUrl,
    imageAlt: article.imageAlt,
    wordCount: article.wordCount,
    commentCount: article.commentCount,
    commentsEnabled: article.commentsEnabled,
    isDemo: article.isDemo,
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    author: article.author,
    primarySection: article.primarySection,
    sections: article.sections,
    tags: article.tags,
    path: articlePath(article),
    typeLabel: TYPE_LABELS[article.type],
    publishedIso: isoTime(published),
    publishedText: dates.date(published),
  };
}

export function toPageView(article: Article, dates: DateFormats): ArticlePageView {
  const card = toCardView(article, dates) as ArticlePageView;
  const published = article.publishedAt ?? article.updatedAt;
  card.bodyHtml = article.bodyHtml;
  card.authorBio = article.authorBio;
  card.publishedFull = dates.dateTime(published);
  card.updatedIso = isoTime(article.updatedAt);
  card.updatedFull = dates.dateTime(article.updatedAt);
  // Small fixes right after publication are not worth an "Updated" line.
  card.wasUpdated = article.updatedAt.getTime() - published.getTime() > 10 * 60_000;
  card.readingMinutes = readingMinutes(article.wordCount);
  return card;
}

export function absoluteUrl(config: Pick<Config, 'siteUrl'>, path: string): string {
  return /^https?:\/\//.test(path) ? path : `${config.siteUrl}${path}`;
}

/** schema.org NewsArticle (or AnalysisNewsArticle / OpinionNewsArticle) for search engines. */
export function newsArticleJsonLd(article: Article, config: Config): string {
  const url = absoluteUrl(config, articlePath(article));
  const schemaType = article.type === 'analysis' ? 'AnalysisNewsArticle' : article.type === 'opinion' ? 'OpinionNewsArticle' : 'NewsArticle';
  const image = absoluteUrl(config, article.imageUrl ?? '/static/og-default.png');
  return jsonForScript({
    '@context': 'https://schema.org',
    '@type': schemaType,
    headline: article.title,
    description: article.standfirst || undefined,
    url,
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    datePublished: isoTime(article.publishedAt ?? article.updatedAt),
    dateModified: isoTime(article.updatedAt),
    author: [{ '@type': 'Person', name: article.author.name, url: absoluteUrl(config, `/author/${article.author.slug}`) }],
    publisher: { '@type': 'Organization', name: config.siteName, url: config.siteUrl, logo: { '@type': 'ImageObject', url: absoluteUrl(config, '/static/logo.png') } },
    image: [image],
    articleSection: article.sections.map((s) => s.name),
    keywords: article.tags.map((t) => t.name).join(', ') || undefined,
    wordCount: article.wordCount,
    inLanguage: config.siteLanguage,
    isAccessibleForFree: true,
  });
}

export function breadcrumbJsonLd(config: Config, crumbs: Array<{ name: string; path: string }>): string {
  return jsonForScript({
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: crumbs.map((c, i) => ({ '@type': 'ListItem', position: i + 1, name: c.name, item: absoluteUrl(config, c.path) })),
  });
}
