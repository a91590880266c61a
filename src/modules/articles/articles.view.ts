// What templates need to show an article: the domain object plus paths and formatted dates.
import type { Config } from '../../config.js';
import { jsonForScript } from '../../http/views.js';
import type { DateFormats } from '../../shared/format.js';
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

export function toCardView(article: ArticleSummary, dates: DateFormats): ArticleCardView {
  const published = article.publishedAt ?? article.updatedAt;
  return {
    ...article,
    path: articlePath(article),
    typeLabel: TYPE_LABELS[article.type],
    publishedIso: published.toISOString(),
    publishedText: dates.date(published),
  };
}

export function toPageView(article: Article, dates: DateFormats): ArticlePageView {
  const card = toCardView(article, dates);
  const published = article.publishedAt ?? article.updatedAt;
  return {
    ...card,
    bodyHtml: article.bodyHtml,
    authorBio: article.authorBio,
    publishedFull: dates.dateTime(published),
    updatedIso: article.updatedAt.toISOString(),
    updatedFull: dates.dateTime(article.updatedAt),
    // Small fixes right after publication are not worth an "Updated" line.
    wasUpdated: article.updatedAt.getTime() - published.getTime() > 10 * 60_000,
    readingMinutes: readingMinutes(article.wordCount),
  };
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
    datePublished: (article.publishedAt ?? article.updatedAt).toISOString(),
    dateModified: article.updatedAt.toISOString(),
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
