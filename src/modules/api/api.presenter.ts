// The public API's view of articles: an explicit list of fields, so renaming a column never renames the API.
import type { Config } from '../../config.js';
import { readingMinutes } from '../../shared/markdown.js';
import { absoluteUrl } from '../articles/articles.view.js';
import { articlePath, type Article, type ArticleSummary, type Ref } from '../articles/articles.service.js';

function presentRef(config: Config, ref: Ref, base: string) {
  return { slug: ref.slug, name: ref.name, url: absoluteUrl(config, `${base}${ref.slug}`) };
}

export function presentArticleSummary(config: Config, a: ArticleSummary) {
  return {
    id: a.id,
    slug: a.slug,
    title: a.title,
    standfirst: a.standfirst,
    url: absoluteUrl(config, articlePath(a)),
    type: a.type,
    sections: a.sections.map((s) => presentRef(config, s, '/')),
    tags: a.tags.map((t) => presentRef(config, t, '/tag/')),
    author: presentRef(config, a.author, '/author/'),
    published_at: (a.publishedAt ?? a.updatedAt).toISOString(),
    updated_at: a.updatedAt.toISOString(),
    comment_count: a.commentCount,
    comments_enabled: a.commentsEnabled,
    image: a.imageUrl ? { url: absoluteUrl(config, a.imageUrl), alt: a.imageAlt ?? '' } : null,
    reading_minutes: readingMinutes(a.wordCount),
  };
}

export function presentArticle(config: Config, a: Article) {
  return { ...presentArticleSummary(config, a), body_html: a.bodyHtml };
}

/** Cursors are opaque to clients: base64url of the last article's time and id. */
export function encodeCursor(a: Pick<ArticleSummary, 'publishedAt' | 'updatedAt' | 'id'>): string {
  return Buffer.from(`${(a.publishedAt ?? a.updatedAt).toISOString()}|${a.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: string; id: string } | undefined {
  const [at, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || extra !== undefined || Number.isNaN(Date.parse(at)) || !/^art_[0-9a-z]+$/.test(id)) return undefined;
  return { at: new Date(at).toISOString(), id };
}
