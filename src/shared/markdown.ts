// Articles' Markdown: rendering (the parser and sanitiser load on first use, see markdown-html.ts),
// typographic punctuation as character references, word counts and reading times.

export interface RenderedMarkdown {
  html: string;
  wordCount: number;
}

let renderer: Promise<typeof import('./markdown-html.js')> | undefined;

/** An article's Markdown as the HTML stored for it, and its word count. */
export async function renderArticleMarkdown(markdown: string): Promise<RenderedMarkdown> {
  renderer ??= import('./markdown-html.js');
  const html = withPunctuationEntities((await renderer).articleHtml(markdown));
  return { html, wordCount: countWords(markdown) };
}

/**
 * Typographic punctuation written as character references. Browsers show the same characters, and the
 * stored HTML of most English articles stays ASCII, which the server turns into bytes three to four
 * times faster than a page with any other character in it (see "ASCII pages" in docs/decisions.md).
 * Letters with accents and text in other scripts are left as they are.
 */
const PUNCTUATION: Record<string, string> = {
  '\u2013': '&ndash;', '\u2014': '&mdash;', '\u2018': '&lsquo;', '\u2019': '&rsquo;', '\u201a': '&sbquo;', '\u201c': '&ldquo;',
  '\u201d': '&rdquo;', '\u201e': '&bdquo;', '\u2026': '&hellip;', '\u2022': '&bull;', '\u2032': '&prime;', '\u2033': '&Prime;',
  '\u2039': '&lsaquo;', '\u203a': '&rsaquo;', '\u20ac': '&euro;', '\u2122': '&trade;', '\u2212': '&minus;', '\u2192': '&rarr;', '\u2190': '&larr;',
};
const PUNCTUATION_CHARS = new RegExp(`[${Object.keys(PUNCTUATION).join('')}]`, 'g');

export function withPunctuationEntities(html: string): string {
  return html.replace(PUNCTUATION_CHARS, (c) => PUNCTUATION[c]!);
}

/**
 * Words of an article's Markdown, for its reading time. Chinese and Japanese are written without spaces,
 * so each of their characters counts as a word, as word processors count them.
 */
export function countWords(text: string): number {
  const plain = text.replace(/!\[[^\]]*\]\([^)]*\)/g, ' ').replace(/[#>*_`[\]()-]+/g, ' ');
  const words = plain.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}](?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}'’.-])*/gu);
  return words ? words.length : 0;
}

/** Minutes to read at 230 words a minute, never less than one. */
export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.round(wordCount / 230));
}
