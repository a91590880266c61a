// Character classes shared by the link normaliser, scanners and judge.
// Everything here is a constant-time check on one UTF-16 code unit: the scanners call these for every
// character of a comment, so a Unicode-property regex per character would dominate the run time.

const DOT = 0x2e;
const AT = 0x40;
const HYPHEN = 0x2d;
const UNDERSCORE = 0x5f;

export function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
}

export function isAsciiAlnum(code: number): boolean {
  return isAsciiDigit(code) || isAsciiLetter(code);
}

export function isHexDigit(code: number): boolean {
  return isAsciiDigit(code) || (code >= 0x61 && code <= 0x66) || (code >= 0x41 && code <= 0x46);
}

/** Whitespace, including the Unicode spaces NFKC leaves alone (line/paragraph separators). */
export function isSpaceCode(code: number): boolean {
  return (
    code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f ||
    code === 0x205f || code === 0x3000
  );
}

export function isLineBreakCode(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/**
 * Letters, digits and combining marks in any script, approximated by Unicode block.
 * Punctuation, symbols, emoji (surrogates) and private-use characters are not word characters.
 * The approximation errs towards "word" inside scripts whose punctuation never builds an address.
 */
export function isWordCode(code: number): boolean {
  if (code < 0x80) return isAsciiAlnum(code);
  if (code < 0xc0) return false;
  if (code <= 0x24f) return code !== 0xd7 && code !== 0xf7;
  if (code <= 0x36f) return true; // IPA, modifier letters, combining diacritics
  if (code <= 0x3ff) return code !== 0x37e && code !== 0x387; // Greek minus its question mark and ano teleia
  if (code <= 0x52f) return code !== 0x482; // Cyrillic
  if (code <= 0x1fff) return true; // Armenian … Greek Extended
  if (code <= 0x2bff) return false; // general punctuation, symbols, arrows, maths, dingbats
  if (code <= 0x2dff) return true; // Glagolitic, Latin Extended-C, Coptic, Georgian, Cyrillic Extended-A
  if (code <= 0x2e7f) return false; // supplemental punctuation
  if (code <= 0x2fff) return true; // CJK radicals
  if (code <= 0x303f) return false; // CJK symbols and punctuation (ideographic full stop among them)
  if (code <= 0xd7ff) return true; // kana, CJK, Yi, Hangul
  if (code <= 0xf8ff) return false; // surrogates and private use
  if (code <= 0xfdff) return true; // compatibility ideographs, Arabic presentation forms
  if (code <= 0xfe6f) return false; // variation selectors, vertical and small forms
  if (code <= 0xfefe) return true;
  if (code >= 0xff10 && code <= 0xff19) return true;
  if (code >= 0xff21 && code <= 0xff3a) return true;
  if (code >= 0xff41 && code <= 0xff5a) return true;
  return code >= 0xff66 && code <= 0xffdc;
}

/** Scripts written without spaces, where an ideographic full stop ends a sentence rather than hiding a dot. */
export function isCjkCode(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x11ff) || (code >= 0x2e80 && code <= 0x9fff) ||
    (code >= 0xa960 && code <= 0xa97f) || (code >= 0xac00 && code <= 0xd7ff) ||
    (code >= 0xd800 && code <= 0xdfff) || (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xff66 && code <= 0xffdc)
  );
}

/** Combining marks, checked by range for the common scripts and by Unicode property elsewhere. */
const MARK = /\p{M}/u;
export function isCombiningMarkCode(code: number): boolean {
  if (code < 0x300) return false;
  if (code <= 0x36f) return true;
  if (code < 0x483) return false;
  if (code <= 0x489) return true;
  if (code < 0x591) return false;
  if (code >= 0xd800 && code <= 0xdfff) return false; // astral marks are rare; treated as their own cluster
  return MARK.test(String.fromCharCode(code));
}

/** Characters a host name is built from: word characters, hyphens and dots. */
export function isHostCode(code: number): boolean {
  return code === DOT || code === HYPHEN || isWordCode(code);
}

/** Characters allowed in the part of an e-mail address before the @. */
export function isLocalPartCode(code: number): boolean {
  return (
    isWordCode(code) || code === DOT || code === HYPHEN || code === UNDERSCORE || code === 0x2b /* + */ ||
    code === 0x25 /* % */
  );
}

export function isUpperCaseLetter(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

// -- a lookup table for the hot loops ------------------------------------------------------------

export const WORD_CHAR = 1;
export const SPACE_CHAR = 2;
export const LINE_BREAK_CHAR = 4;
/** Word characters, '.' and '-'. */
export const HOST_CHAR = 8;
/** Word characters, '-' and '_': what the disguise tokenizer keeps together. */
export const TOKEN_WORD_CHAR = 16;
/** Host characters, '@', '_' and the ideographic full stop: what the look-alike pass looks at. */
export const ADDRESS_RUN_CHAR = 32;
export const ASCII_LETTER_CHAR = 64;
export const ASCII_DIGIT_CHAR = 128;

/**
 * Characters written in place of a dot to hide an address from a filter: the ideographic full stop,
 * bullets, circles and middle dots ("casino•com", "casino⚫com", "casino·com"), a word-separator middle dot, a dot above, the
 * Arabic full stop and the katakana middle dot (which its half-width form folds to). They count as a dot
 * only between letters that are not CJK, and the Arabic full stop only between Latin letters or digits
 * (see link-normalise.ts).
 */
export const DOT_STAND_INS = '\u3002\u00b7\u2022\u2027\u2219\u22c5\u25cf\u26ab\u2b24\u2e31\u02d9\u06d4\u30fb';
const DOT_STAND_IN_CODES = new Set([...DOT_STAND_INS].map((ch) => ch.charCodeAt(0)));

export function isDotStandIn(code: number): boolean {
  return DOT_STAND_IN_CODES.has(code);
}

/**
 * The classes above for every UTF-16 code unit, built once at load (64 KiB). The run scanners below
 * read it per character; other modules call them once per run rather than a predicate per character
 * (a call through an import binding is a property read under Vitest's module runner, which made the
 * per-character loops twice as slow in tests as in production).
 */
export const CHAR_CLASSES: Uint8Array = buildCharClasses();

function buildCharClasses(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (let code = 0; code < table.length; code++) {
    let flags = 0;
    if (isWordCode(code)) flags |= WORD_CHAR | HOST_CHAR | TOKEN_WORD_CHAR | ADDRESS_RUN_CHAR;
    if (isSpaceCode(code)) flags |= SPACE_CHAR;
    if (isLineBreakCode(code)) flags |= LINE_BREAK_CHAR;
    if (code === DOT) flags |= HOST_CHAR | ADDRESS_RUN_CHAR;
    if (code === HYPHEN) flags |= HOST_CHAR | TOKEN_WORD_CHAR | ADDRESS_RUN_CHAR;
    if (code === UNDERSCORE) flags |= TOKEN_WORD_CHAR | ADDRESS_RUN_CHAR;
    if (code === AT || isDotStandIn(code)) flags |= ADDRESS_RUN_CHAR;
    if (isAsciiLetter(code)) flags |= ASCII_LETTER_CHAR;
    if (isAsciiDigit(code)) flags |= ASCII_DIGIT_CHAR;
    table[code] = flags;
  }
  return table;
}

export function charClassOf(code: number): number {
  return CHAR_CLASSES[code] ?? 0;
}

/** First index at or after `from` whose code unit has none of `flags`: the end of a run. */
export function runEnd(text: string, from: number, flags: number): number {
  let k = from;
  while (k < text.length && ((CHAR_CLASSES[text.charCodeAt(k)] as number) & flags) !== 0) k++;
  return k;
}

/** Where a run of code units with `flags` that ends at `end` starts, looking back no further than `limit`. */
export function runStart(text: string, end: number, limit: number, flags: number): number {
  let k = end;
  while (k > limit && ((CHAR_CLASSES[text.charCodeAt(k - 1)] as number) & flags) !== 0) k--;
  return k;
}

/** First index at or after `from` whose code unit has one of `flags` (or the text length). */
export function nextWith(text: string, from: number, flags: number): number {
  let k = from;
  while (k < text.length && ((CHAR_CLASSES[text.charCodeAt(k)] as number) & flags) === 0) k++;
  return k;
}

/** Index just after the last code unit before `end` (and at or after `limit`) that has one of `flags`. */
export function previousWith(text: string, end: number, limit: number, flags: number): number {
  let k = end;
  while (k > limit && ((CHAR_CLASSES[text.charCodeAt(k - 1)] as number) & flags) === 0) k--;
  return k;
}
