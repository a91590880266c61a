// The words of an article and of a reader's search, folded the same way for both databases: compatibility
// forms and accents taken off (café → cafe, ﬁ → fi, full-width letters → ASCII), lower case, and split
// into runs of letters and digits; then each word is taken to its stem in the site's language (see
// stemming.ts). The databases then only match words: SQLite's FTS5 and PostgreSQL's 'simple' text
// search see the same stems, so a search finds the same articles on either.
import type { Stemming } from './stemming.js';

/** At most this many words of a search are used; a longer search is cut (each word narrows it anyway). */
export const MAX_SEARCH_WORDS = 8;
/** Longer searches are cut to this many characters before they are read. */
export const MAX_SEARCH_CHARACTERS = 200;
/** The last word of a search also finds longer words it begins ("ferr" → ferry, ferries) from this length. */
export const MIN_PREFIX_LENGTH = 3;
/** Words longer than this are not indexed or searched (no language needs them; a pasted blob does). */
const MAX_WORD_LENGTH = 60;

const COMBINING_MARKS = /\p{M}+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text, folded (see above), in order. */
export function searchWords(text: string): string[] {
  const folded = text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
  const words: string[] = [];
  for (const match of folded.matchAll(WORD)) if (match[0].length <= MAX_WORD_LENGTH) words.push(match[0]);
  return words;
}

/** Text as it is indexed: the stems of its folded words, one space between them. */
export function indexText(text: string, stemming: Stemming): string {
  return searchWords(text).map((word) => stemming.stem(word)).join(' ');
}

const TAG = /<[^>]*>/g;
const ENTITY = /&(?:[a-z][a-z0-9]*|#\d+|#x[0-9a-f]+);/gi;

/**
 * The words of an article body as rendered HTML (which the renderer writes, so it is well formed):
 * the tags and their attributes (link addresses, image sources) are not part of what readers read.
 * Entities are dropped rather than decoded: they stand for punctuation here (&mdash;, &amp;, &quot;).
 */
export function bodyText(html: string): string {
  return html.replace(TAG, ' ').replace(ENTITY, ' ');
}

/** A piece of text shown in a search result, marked when it is one of the words searched for. */
export interface TextPart {
  text: string;
  hit: boolean;
}

const SHOWN_WORD = /[\p{L}\p{N}\p{M}]+/gu;
const ASCII_WORD = /^[A-Za-z0-9]+$/;

/** searchWords() of one shown word; a word of ASCII letters and digits only needs its case folded. */
function foldedWords(word: string): string[] {
  return ASCII_WORD.test(word) && word.length <= MAX_WORD_LENGTH ? [word.toLowerCase()] : searchWords(word);
}

/**
 * A headline or standfirst cut into the words that match the search and the text between them, as
 * the reader wrote it: a word matches when its stem is one searched for, or begins with the last word
 * searched for when that finds longer words.
 */
export function highlightParts(text: string, terms: SearchTerms, stemming: Stemming): TextPart[] {
  const wanted = new Set(terms.words);
  const prefix = terms.prefixLast ? terms.words.at(-1)! : null;
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(SHOWN_WORD)) {
    const hit = foldedWords(match[0]).some((word) => {
      const stem = stemming.stem(word);
      return wanted.has(stem) || (prefix !== null && stem.startsWith(prefix));
    });
    if (!hit) continue;
    if (match.index > last) parts.push({ text: text.slice(last, match.index), hit: false });
    parts.push({ text: match[0], hit: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hit: false });
  return parts;
}

/** A reader's search as stems, and whether the last one also finds the stems it begins. */
export interface SearchTerms {
  words: string[];
  prefixLast: boolean;
}

/**
 * The terms of a search as typed, or null when it holds no word to look for. The last word also finds
 * longer words when it has three letters or more and is its own stem: a word cut short as it was typed
 * ("infl" finds inflation), not a word with an ending (a search for "elections" looks for its stem,
 * and finds election, elections and elected, but not electricity).
 */
export function parseSearch(query: string, stemming: Stemming): SearchTerms | null {
  const folded = [...new Set(searchWords(query.slice(0, MAX_SEARCH_CHARACTERS)))].slice(0, MAX_SEARCH_WORDS);
  if (folded.length === 0) return null;
  const words = [...new Set(folded.map((word) => stemming.stem(word)))];
  const last = folded.at(-1)!;
  return { words, prefixLast: last.length >= MIN_PREFIX_LENGTH && stemming.stem(last) === last && words.at(-1) === last };
}

/** The terms as an FTS5 query: every word as a quoted phrase (no operator can be typed in), the last as a prefix. */
export function fts5Query(terms: SearchTerms): string {
  return terms.words.map((word, i) => `"${word}"${terms.prefixLast && i === terms.words.length - 1 ? '*' : ''}`).join(' ');
}

/**
 * The terms as a PostgreSQL tsquery: the words joined by &, the last as a prefix (words are letters and
 * digits only); with `weights` ("A", "AB"), each word only where it has one of them.
 */
export function tsQuery(terms: SearchTerms, weights = ''): string {
  return terms.words.map((word, i) => {
    const prefix = terms.prefixLast && i === terms.words.length - 1 ? '*' : '';
    return prefix || weights ? `${word}:${prefix}${weights}` : word;
  }).join(' & ');
}
