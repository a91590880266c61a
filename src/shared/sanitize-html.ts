// The one allowlist for HTML we store and later print unescaped.
import sanitize from 'sanitize-html';

const ARTICLE_OPTIONS: sanitize.IOptions = {
  allowedTags: [
    'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'figure', 'figcaption', 'img',
    'ul', 'ol', 'li', 'a', 'strong', 'em', 'b', 'i', 'code', 'pre', 'del', 'sup', 'sub', 'abbr', 'cite',
    'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title', 'width', 'height', 'loading', 'decoding'],
    figure: ['class'],
    abbr: ['title'],
    th: ['scope', 'align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  allowedClasses: { figure: ['quote'] },
  transformTags: {
    // Headings inside an article start at h2: the page's h1 is the headline.
    h1: 'h2',
  },
};

export function sanitizeArticleHtml(html: string): string {
  return sanitize(html, ARTICLE_OPTIONS);
}
