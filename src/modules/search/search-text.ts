// The words of an article and of a reader's search, folded the same way for both databases: compatibility
// forms and accents taken off (café → cafe, ﬁ → fi, full-width letters → ASCII), lower case, and split
// into runs of letters and digits, and the runs of scripts written without spaces between words
// (Chinese, Japanese, Thai, …) into their words; then each word is taken to its stem in the site's
// language (see stemming.ts). The databases then only match words: SQLite's FTS5 and PostgreSQL's
// 'simple' text search see the same stems, so a search finds the same articles on either.
import type { Stemming } from './stemming.js';

/** At most this many words of a search are used; a longer search is cut (each word narrows it anyway). */
export const MAX_SEARCH_WORDS = 8;
/** Longer searches are cut to this many characters before they are read. */
export const MAX_SEARCH_CHARACTERS = 200;
/** The last word of a search also finds longer words it begins ("ferr" → ferry, ferries) from this length. */
export const MIN_PREFIX_LENGTH = 3;
/** Words longer than this are not indexed or searched (no language needs them; a pasted blob does). */
const MAX_WORD_LENGTH = 60;

/**
 * The marks taken off once a text is decomposed: the accents of Latin, Greek and Cyrillic letters and
 * the optional vowel signs of Hebrew and Arabic. Marks that are part of a letter elsewhere (Thai and
 * Devanagari vowel signs, the voicing marks of Japanese kana) stay, and are composed again.
 */
// eslint-disable-next-line no-misleading-character-class -- a class of combining marks, on purpose
const ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u064b-\u065f\u0670]+/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
/** Scripts written without spaces between words: a run of them is cut into words by the Unicode word rules. */
const SPACELESS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** ICU's word boundaries, which know the words of Chinese, Japanese and Thai whatever the locale. */
const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

function fold(text: string): string {
  return text.normalize('NFKD').replace(ACCENTS, '').normalize('NFC').toLowerCase();
}

/** The words of a run of letters, digits and marks, with their offsets: itself, or its words when its script has no spaces. */
function wordsOf(run: string, index: number): Array<{ word: string; index: number }> {
  if (!SPACELESS.test(run)) return [{ word: run, index }];
  const words: Array<{ word: string; index: number }> = [];
  for (const part of segmenter.segment(run)) if (part.isWordLike) words.push({ word: part.segment, index: index + part.index });
  return words;
}

/** The words of a text, folded (see above), in order. */
export function searchWords(text: string): string[] {
  const words: string[] = [];
  for (const [run] of fold(text).matchAll(WORD)) {
    // Most runs are one word each: taken as they are, without wordsOf()'s list (a body has hundreds).
    if (!SPACELESS.test(run)) {
      if (run.length <= MAX_WORD_LENGTH) words.push(run);
      continue;
    }
    for (const { word } of wordsOf(run, 0)) if (word.length <= MAX_WORD_LENGTH) words.push(word);
  }
  return words;
}

/**
 * The version of the folding above: raise it whenever a change makes a text's words come out
 * differently, and every site writes its index again once (see searchTextKind()).
 */
const FOLDING_VERSION = 2;

/** How an index is written, as the site records it: this version's folding and the stemming given. */
export function searchTextKind(stemming: Stemming): string {
  return `folding ${FOLDING_VERSION}, stemming ${stemming.name}`;
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
  for (const match of text.matchAll(WORD)) {
    for (const { word: shown, index } of wordsOf(match[0], match.index)) {
      const hit = foldedWords(shown).some((word) => {
        const stem = stemming.stem(word);
        return wanted.has(stem) || (prefix !== null && stem.startsWith(prefix));
      });
      if (!hit) continue;
      if (index > last) parts.push({ text: text.slice(last, index), hit: false });
      parts.push({ text: shown, hit: true });
      last = index + shown.length;
    }
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
