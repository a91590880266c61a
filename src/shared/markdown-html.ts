// Article Markdown → safe HTML (loaded by markdown.ts when an article is first rendered: a server that
// only shows stored articles never loads the Markdown parser or the sanitiser). Two newsroom
// conventions on top of CommonMark:
// - an image alone in its paragraph becomes a <figure>, its title the <figcaption>;
// - a block quote whose last paragraph starts with "— " (or "-- ") becomes a quote with an attribution.
// The result always passes through sanitizeArticleHtml(), so raw HTML in Markdown cannot inject script.
import { Marked, type Tokens } from 'marked';
import { escapeHtml } from './escape-html.js';
import { sanitizeArticleHtml } from './sanitize-html.js';

const ATTRIBUTION = /^(?:—|--|―)\s*/;

const marked = new Marked({
  gfm: true,
  renderer: {
    paragraph(token: Tokens.Paragraph): string | false {
      const only = token.tokens.length === 1 ? token.tokens[0] : undefined;
      if (only?.type !== 'image') return false;
      const image = only as Tokens.Image;
      const caption = image.title ? `<figcaption>${escapeHtml(image.title)}</figcaption>` : '';
      return `<figure><img src="${escapeHtml(image.href)}" alt="${escapeHtml(image.text)}" loading="lazy" decoding="async">${caption}</figure>\n`;
    },
    blockquote(token: Tokens.Blockquote): string | false {
      const last = token.tokens[token.tokens.length - 1];
      if (last?.type !== 'paragraph' || !ATTRIBUTION.test(last.raw) || token.tokens.length < 2) return false;
      const quote = this.parser.parse(token.tokens.slice(0, -1));
      const attribution = this.parser.parseInline((last as Tokens.Paragraph).tokens).replace(ATTRIBUTION, '');
      return `<figure class="quote"><blockquote>\n${quote}</blockquote><figcaption>&mdash; ${attribution}</figcaption></figure>\n`;
    },
  },
});

/** Sanitised HTML for an article's Markdown. */
export function articleHtml(markdown: string): string {
  return sanitizeArticleHtml(marked.parse(markdown, { async: false }));
}
