// The list of real top-level domains, from the `tlds` package (IANA's list), built once at load.
// `tlds` ships its internationalised TLDs in Unicode ("рф"), so their punycode forms ("xn--p1ai")
// are added too. `tlds` is a JSON module: createRequire loads it the same way under Node and Vitest
// without needing an import attribute.

import { createRequire } from 'node:module';
import { domainToASCII } from 'node:url';

const require = createRequire(import.meta.url);
const TLD_LIST = require('tlds') as readonly string[];

const TLDS: ReadonlySet<string> = buildTldSet(TLD_LIST);

function buildTldSet(list: readonly string[]): Set<string> {
  const set = new Set<string>();
  for (const tld of list) {
    set.add(tld);
    if (/[^a-z0-9-]/.test(tld)) {
      const ascii = domainToASCII(`x.${tld}`).slice(2);
      if (ascii.length > 0) set.add(ascii);
    }
  }
  return set;
}

/** `label` (any case) is a delegated top-level domain. */
export function isTld(label: string): boolean {
  return TLDS.has(label.toLowerCase());
}

/**
 * Two-letter country codes that are also everyday words in English or in the languages our readers
 * write (it, is, in, me, de, la…). A written-out "dot" or a spaced-out "." before one of these is
 * far more often a sentence than a disguised address.
 */
const EVERYDAY_WORD_CCTLDS = new Set([
  'ad', 'al', 'am', 'as', 'at', 'be', 'by', 'ca', 'cv', 'de', 'do', 'es', 'et', 'id', 'il', 'im', 'in',
  'is', 'it', 'la', 'ma', 'me', 'mo', 'mr', 'ms', 'my', 'na', 'ne', 'no', 'pa', 'pe', 'ph', 'pm', 'ps',
  're', 'sa', 'se', 'so', 'st', 'to', 'us', 'ye',
]);

/** Generic TLDs that are not everyday words, used the same way. */
const DISGUISE_GENERIC_TLDS = new Set([
  'com', 'net', 'org', 'info', 'biz', 'xyz', 'online', 'site', 'edu', 'gov', 'mil', 'mobi', 'onion',
  'рф', 'укр', 'срб', 'орг',
]);

/**
 * After a full stop followed by a space ("example. com") the text usually reads as two sentences,
 * so only the endings nobody starts a sentence with are taken as a disguise.
 */
const SENTENCE_SAFE_TLDS = new Set(['com', 'net', 'org', 'info', 'biz', 'xyz', 'ru', 'ua', 'su', 'рф', 'укр']);

export function isSentenceSafeTld(label: string): boolean {
  return SENTENCE_SAFE_TLDS.has(label.toLowerCase());
}

/**
 * Of those, the endings that are also words once capitalised, as at the start of a sentence: "fell
 * through. Net migration rose", "Info from the ministry…", Portuguese "Com certeza", Spanish "Su
 * coche…". Written so, they start a sentence.
 */
const CAPITALISED_WORD_TLDS = new Set(['net', 'info', 'org', 'biz', 'com', 'su']);

export function isCapitalisedWordTld(label: string): boolean {
  return CAPITALISED_WORD_TLDS.has(label.toLowerCase());
}

/**
 * A label that, written after "dot" or a spaced-out ".", makes the phrase an address:
 * "example dot com", "example . co . uk", but not "a dot in the sky" or "fine . It is".
 */
export function isDisguiseTld(label: string): boolean {
  const lower = label.toLowerCase();
  if (DISGUISE_GENERIC_TLDS.has(lower)) return true;
  return lower.length === 2 && TLDS.has(lower) && !EVERYDAY_WORD_CCTLDS.has(lower);
}

/** TLDs that are also nouns readers put after the word "dot": "dot art", "a dot game". */
const WORDS_AFTER_DOT = new Set([
  'dot', 'art', 'design', 'game', 'games', 'fun', 'love', 'one', 'top', 'plus', 'red', 'blue', 'black', 'pink',
  'gold', 'green', 'dog', 'cat', 'kids', 'life', 'day', 'map', 'ink', 'run', 'win', 'now', 'new', 'here',
  'how', 'you', 'off', 'live', 'show', 'play', 'watch', 'video', 'photo', 'photos', 'pics', 'work', 'works',
]);

/**
 * A label that, after a written-out "dot", makes an address: any real TLD except the everyday words
 * above ("example dot shop", "example dot co dot uk", but not "a dot in the sky").
 */
export function isSpelledDotTld(label: string): boolean {
  const lower = label.toLowerCase();
  if (DISGUISE_GENERIC_TLDS.has(lower)) return true;
  if (!TLDS.has(lower) || WORDS_AFTER_DOT.has(lower)) return false;
  return lower.length > 2 || !EVERYDAY_WORD_CCTLDS.has(lower);
}
