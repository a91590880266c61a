// Step 1 of the link rule: a normalised copy of the comment in which disguised addresses look like
// plain ones, with a map back to the reader's offsets (see "The link detector" in docs/decisions.md).
//
//   foldCharacters   HTML entities, percent and backslash escapes, NFKC per character cluster, invisible characters dropped
//   foldLookalikes   Cyrillic/Greek letters that imitate Latin ones, inside mixed-script words;
//                    ideographic full stops, bullets and middle dots between non-CJK letters
//   undoDisguises    spelled-out and bracketed dots, "at", slashes, defanged and spaced-out schemes
//
// Each pass reads its input once and does constant work per character, so the whole step is linear.

import {
  isAsciiAlnum, isAsciiLetter, isCjkCode, isCombiningMarkCode, isDotStandIn, isWordCode, runEnd, runStart, ADDRESS_RUN_CHAR, DOT_STAND_INS,
} from './link-char-classes.js';
import { identityMappedText, MappedTextBuilder, type MappedText } from './link-mapped-text.js';
import { undoDisguises } from './link-disguises.js';

export function normaliseForLinkSearch(original: string): MappedText {
  return undoDisguises(foldLookalikes(foldCharacters(original)));
}

// ---------------------------------------------------------------------------------------------
// Pass 1: characters

/**
 * Format characters a reader cannot see. Hidden inside an address they split it for a naive filter
 * while the browser still shows one word.
 */
function isInvisibleCode(code: number): boolean {
  return (
    code === 0xad || code === 0x34f || code === 0x61c || code === 0x115f || code === 0x1160 ||
    code === 0x17b4 || code === 0x17b5 || (code >= 0x180b && code <= 0x180f) ||
    (code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x206f) || code === 0x3164 || (code >= 0xfe00 && code <= 0xfe0f) ||
    code === 0xfeff || code === 0xffa0
  );
}

function isInvisibleCodePoint(codePoint: number): boolean {
  if (codePoint <= 0xffff) return isInvisibleCode(codePoint);
  return (
    (codePoint >= 0x1d173 && codePoint <= 0x1d17a) || (codePoint >= 0xe0000 && codePoint <= 0xe007f) ||
    (codePoint >= 0xe0100 && codePoint <= 0xe01ef)
  );
}

/**
 * NFKC would turn the ellipses into runs of dots; they stay as they are, so an ellipsis never joins two
 * words. The dot above would become a space and a combining mark; it stays a dot stand-in.
 */
const KEEP_AS_IS = new Set(['\u2026', '\u2025', '\u02d9']);

/**
 * Latin letters that fancy-text generators offer and NFKC leaves alone: small capitals ("ᴄᴀꜱɪɴᴏ"; some
 * are IPA letters too, harmless to fold in a pronunciation) and parenthesised letters ("⒞", which NFKC
 * would turn into "(c)"). Both read as the plain letter.
 */
const SMALL_CAPITALS = 'ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ';
const LATIN_LETTER_FORMS: ReadonlyMap<number, string> = new Map([
  ...[...SMALL_CAPITALS].map((ch, i) => [ch.codePointAt(0) ?? 0, 'abcdefghijklmnopqrstuvwyz'[i] as string] as const),
  ...Array.from({ length: 26 }, (_, i) => [0x249c + i, String.fromCharCode(0x61 + i)] as const),
]);

function isSmallCapital(cluster: string): boolean {
  return cluster.length === 1 && SMALL_CAPITALS.includes(cluster);
}

/**
 * Combining marks that decorate a letter rather than spell one: a line over, through or under it
 * (overline, strokes and slashes, low lines, a double macron below) and frames around it (circle,
 * square, diamond, keycap). Generators put one on every letter of an address ("c̶a̶s̶i̶n̶o̶.̶c̶o̶m̶");
 * the orthographies our readers write in do not spell with them.
 */
function isDecorationMark(codePoint: number): boolean {
  return (
    codePoint === 0x305 || (codePoint >= 0x332 && codePoint <= 0x338) || codePoint === 0x35f ||
    (codePoint >= 0x20dd && codePoint <= 0x20e4 && codePoint !== 0x20e1)
  );
}

/** The cluster with letter forms made plain letters and decorations taken off, before NFKC. */
function undecorated(cluster: string): string {
  let plain = '';
  for (const ch of cluster) {
    const codePoint = ch.codePointAt(0) ?? 0;
    if (!isDecorationMark(codePoint)) plain += LATIN_LETTER_FORMS.get(codePoint) ?? ch;
  }
  return plain;
}

const foldCache = new Map<string, string>();
const FOLD_CACHE_LIMIT = 4096;

/**
 * Negative circled and negative squared capital letters (🅐, 🅰): NFKC leaves them as they are, unlike
 * the circled and squared ones, so they are folded here.
 */
function enclosedLetterOf(codePoint: number): string | undefined {
  if (codePoint >= 0x1f150 && codePoint <= 0x1f169) return String.fromCharCode(0x41 + codePoint - 0x1f150);
  if (codePoint >= 0x1f170 && codePoint <= 0x1f189) return String.fromCharCode(0x41 + codePoint - 0x1f170);
  return undefined;
}

/** Regional indicator symbols 🇦…🇿: two side by side are a flag. */
const REGIONAL_A = 0x1f1e6;

function isRegionalIndicatorAt(text: string, at: number): boolean {
  const codePoint = at >= 0 ? text.codePointAt(at) : undefined;
  return codePoint !== undefined && codePoint >= REGIONAL_A && codePoint <= REGIONAL_A + 25;
}

/**
 * A regional indicator with no other right before or after it: not part of a flag ("🇺🇦" stays a flag),
 * but a letter of a fancy-text generator, which puts something invisible or a space between its
 * letters so that they do not join into flags ("🇨\u200b🇦\u200b🇸…"). Read as the letter.
 */
function isLoneRegionalLetter(text: string, at: number): boolean {
  return isRegionalIndicatorAt(text, at) && !isRegionalIndicatorAt(text, at - 2) && !isRegionalIndicatorAt(text, at + 2);
}

/** NFKC of one character cluster with invisible characters removed; cached because text repeats. */
function foldCluster(cluster: string): string {
  const cached = foldCache.get(cluster);
  if (cached !== undefined) return cached;
  let folded = '';
  if (!KEEP_AS_IS.has(cluster)) {
    // With the emoji variation selector, 🅰️ 🅱️ 🅾️ 🅿️ are emoji (blood groups, parking), not letters.
    const emoji = cluster.includes('\ufe0f');
    for (const ch of undecorated(cluster).normalize('NFKC')) {
      const codePoint = ch.codePointAt(0) ?? 0;
      if (!isInvisibleCodePoint(codePoint)) folded += (emoji ? undefined : enclosedLetterOf(codePoint)) ?? ch;
    }
  } else {
    folded = cluster;
  }
  if (foldCache.size >= FOLD_CACHE_LIMIT) foldCache.clear();
  foldCache.set(cluster, folded);
  return folded;
}

/**
 * Characters that may need folding: '&' (entities), '%' and a backslash (escapes) and everything outside ASCII, Latin-1 letters
 * and the Cyrillic block, which NFKC leaves unchanged. Combining marks (U+0300…) are included so a
 * decomposed "e\u0301" is folded with its base letter. Everything between two hits is copied as is.
 */
const NEEDS_FOLDING = /[&%\\\u0080-\u00bf\u0132-\u03ff\u0500-\uffff]/g;

/** Address punctuation written as an address bar escapes it ("example%2Ecom", "deals%40example.com"). */
const PERCENT_ESCAPES: ReadonlyMap<string, string> = new Map([['2e', '.'], ['40', '@']]);

/** The character a percent escape at `start` stands for, when it sits between two word characters. */
function readPercentEscape(text: string, start: number): string | null {
  if (start === 0 || start + 3 >= text.length) return null;
  const value = PERCENT_ESCAPES.get(text.slice(start + 1, start + 3).toLowerCase());
  if (value === undefined || !isWordCode(text.charCodeAt(start - 1)) || !isWordCode(text.charCodeAt(start + 3))) return null;
  return value;
}

/** "example\.com", "deals\@example.com": a dot or an @ escaped with a backslash, between two word characters. */
function readBackslashEscape(text: string, start: number): string | null {
  const escaped = text[start + 1];
  if ((escaped !== '.' && escaped !== '@') || !isWordCode(text.charCodeAt(start - 1)) || !isWordCode(text.charCodeAt(start + 2))) return null;
  return escaped;
}

function clusterEnd(text: string, start: number): number {
  const first = text.codePointAt(start) ?? 0;
  let end = start + (first > 0xffff ? 2 : 1);
  while (end < text.length && isCombiningMarkCode(text.charCodeAt(end))) end++;
  return end;
}

export function foldCharacters(original: string): MappedText {
  NEEDS_FOLDING.lastIndex = 0;
  let hit = NEEDS_FOLDING.exec(original);
  if (hit === null) return identityMappedText(original);
  const out = new MappedTextBuilder(original.length);
  // An invisible character marks the next visible one as disguised: "example\u200B.com" is deliberate.
  let afterInvisible = false;
  let changed = false;
  let copiedTo = 0;
  const copyPlain = (to: number): void => {
    if (to <= copiedTo) return;
    if (afterInvisible) {
      out.push(original[copiedTo] as string, copiedTo, copiedTo + 1, true);
      copiedTo++;
      afterInvisible = false;
    }
    out.copyOriginal(original, copiedTo, to);
    copiedTo = to;
  };

  while (hit !== null) {
    let i = hit.index;
    // A combining mark travels with the letter before it.
    if (i > copiedTo && isCombiningMarkCode(original.charCodeAt(i))) i--;
    copyPlain(i);
    let next = i + 1;
    const code = original.charCodeAt(i);
    const entity = code === 0x26 /* & */ ? readHtmlEntity(original, i) : null;
    const escaped = code === 0x25 /* % */ ? readPercentEscape(original, i) : code === 0x5c /* \ */ ? readBackslashEscape(original, i) : null;
    if (escaped !== null) {
      const length = code === 0x25 ? 3 : 2;
      out.push(escaped, i, i + length, true);
      changed = true;
      next = i + length;
    } else if (code === 0x25 || code === 0x5c) {
      copyPlain(next);
    } else if (entity !== null) {
      const folded = foldCluster(entity.value);
      if (folded.length > 0) out.push(folded, i, entity.end, true);
      else afterInvisible = true;
      changed = true;
      next = entity.end;
    } else if (code === 0x26) {
      next = i + 1;
      copyPlain(next);
    } else if (isLoneRegionalLetter(original, i)) {
      next = i + 2;
      out.push(String.fromCharCode(0x61 + (original.codePointAt(i) as number) - REGIONAL_A), i, next, true);
      afterInvisible = false;
      changed = true;
    } else {
      next = clusterEnd(original, i);
      const cluster = original.slice(i, next);
      const folded = foldCluster(cluster);
      if (folded === cluster && !afterInvisible) {
        out.copyOriginal(original, i, next);
      } else if (folded.length === 0) {
        afterInvisible = true;
        changed = true;
      } else {
        // A small capital is a style, like capitals, not a disguise: a comment written in them is
        // judged as ordinary writing in lower case ("ᴛʜᴇ ᴇɴᴅ.ɪᴛ ᴡᴀꜱ" as "the end.it was").
        out.push(folded, i, next, afterInvisible || !isSmallCapital(cluster));
        afterInvisible = false;
        changed = true;
      }
    }
    copiedTo = next;
    NEEDS_FOLDING.lastIndex = next;
    hit = NEEDS_FOLDING.exec(original);
  }
  copyPlain(original.length);
  return changed ? out.build() : identityMappedText(original);
}

/** The few named entities that can stand for address punctuation, plus the usual escapes. */
const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', '\u00a0'],
  ['period', '.'], ['commat', '@'], ['sol', '/'], ['colon', ':'], ['lpar', '('], ['rpar', ')'],
  ['lsqb', '['], ['rsqb', ']'], ['lbrack', '['], ['rbrack', ']'], ['num', '#'], ['quest', '?'],
  ['equals', '='], ['percnt', '%'], ['lowbar', '_'], ['hyphen', '-'], ['dash', '-'],
]);

/** Reads `&#46;`, `&#x2E;`, `&period;` … at `start`; numeric ones may omit the semicolon, as browsers allow. */
export function readHtmlEntity(text: string, start: number): { value: string; end: number } | null {
  let k = start + 1;
  if (text.charCodeAt(k) === 0x23 /* # */) {
    k++;
    const hex = text[k] === 'x' || text[k] === 'X';
    if (hex) k++;
    const digitsStart = k;
    let value = 0;
    while (k < text.length && k - digitsStart < 7) {
      const digit = hex ? parseInt(text[k] as string, 16) : text.charCodeAt(k) - 0x30;
      if (Number.isNaN(digit) || digit < 0 || digit > (hex ? 15 : 9)) break;
      value = value * (hex ? 16 : 10) + digit;
      k++;
    }
    if (k === digitsStart || value === 0 || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return null;
    if (text.charCodeAt(k) === 0x3b /* ; */) k++;
    return { value: String.fromCodePoint(value), end: k };
  }
  const nameStart = k;
  while (k < text.length && k - nameStart < 8 && isAsciiLetter(text.charCodeAt(k))) k++;
  if (text.charCodeAt(k) !== 0x3b) return null;
  const value = NAMED_ENTITIES.get(text.slice(nameStart, k).toLowerCase());
  return value === undefined ? null : { value, end: k + 1 };
}

// ---------------------------------------------------------------------------------------------
// Pass 2: look-alike letters

/** Cyrillic, Greek and Armenian letters that readers see as Latin ones. */
const LOOKALIKES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // Cyrillic
    а: 'a', е: 'e', ё: 'e', і: 'i', ї: 'i', ј: 'j', к: 'k', о: 'o', р: 'p', с: 'c', у: 'y', х: 'x',
    ѕ: 's', ԁ: 'd', һ: 'h', ԛ: 'q', ԝ: 'w', ӏ: 'l', ү: 'y',
    А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X',
    І: 'I', Ј: 'J', Ѕ: 'S', У: 'Y', Ү: 'Y', Ӏ: 'I',
    // Greek
    α: 'a', ο: 'o', ρ: 'p', ν: 'v', ι: 'i', κ: 'k', υ: 'u', χ: 'x', γ: 'y',
    Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P',
    Τ: 'T', Υ: 'Y', Χ: 'X',
    // Armenian
    օ: 'o', ս: 'u', հ: 'h', ո: 'n', ց: 'g',
    // Cherokee capitals and small letters
    Ꭺ: 'A', Ᏼ: 'B', Ꮯ: 'C', Ꭰ: 'D', Ꭼ: 'E', Ꮐ: 'G', Ᏻ: 'G', Ꮋ: 'H', Ꭵ: 'i', Ꭻ: 'J', Ꮶ: 'K', Ꮮ: 'L', Ꮇ: 'M',
    Ꮲ: 'P', Ꭱ: 'R', Ꮢ: 'R', Ꮥ: 'S', Ꮪ: 'S', Ꭲ: 'T', Ꮩ: 'V', Ꮃ: 'W', Ꮤ: 'W', Ꭹ: 'Y', Ꮍ: 'Y', Ꮓ: 'Z',
    Ꮟ: 'b', Ꮷ: 'd', Ꮒ: 'h', ꮯ: 'c', ꭵ: 'i', ꮁ: 'r', ꮪ: 's', ꮩ: 'v', ꮃ: 'w', ꮓ: 'z',
    // Canadian syllabics, as the "bubble" fancy-text fonts use them
    ᗅ: 'A', ᗩ: 'A', ᗷ: 'B', ᑲ: 'b', ᖯ: 'b', ᑕ: 'C', ᗞ: 'D', ᗪ: 'D', ᑯ: 'd', ᗴ: 'E', ᖴ: 'F', ᕼ: 'H', ᒍ: 'J',
    ᒪ: 'L', ᗰ: 'M', ᑎ: 'N', ᑭ: 'P', ᖇ: 'R', ᑌ: 'U', ᐯ: 'V', ᗯ: 'W', '᙭': 'X', ᕁ: 'x', ᕽ: 'x', '᙮': 'x',
  }),
);

/**
 * The same table indexed by code unit ('' for no twin), for the per-character scan: an array for the
 * Greek, Cyrillic and Armenian blocks, where most look-alikes are, and a map for the rest.
 */
const LOOKALIKE_TABLE_SIZE = 0x600;
const LOOKALIKE_BY_CODE: readonly string[] = (() => {
  const table = new Array<string>(LOOKALIKE_TABLE_SIZE).fill('');
  for (const [lookalike, latin] of LOOKALIKES) if (lookalike.charCodeAt(0) < LOOKALIKE_TABLE_SIZE) table[lookalike.charCodeAt(0)] = latin;
  return table;
})();
const LOOKALIKE_BEYOND_TABLE: ReadonlyMap<number, string> = new Map(
  [...LOOKALIKES].filter(([lookalike]) => lookalike.charCodeAt(0) >= LOOKALIKE_TABLE_SIZE).map(([lookalike, latin]) => [lookalike.charCodeAt(0), latin]),
);

function latinTwinOf(code: number): string {
  return code < LOOKALIKE_TABLE_SIZE ? (LOOKALIKE_BY_CODE[code] as string) : (LOOKALIKE_BEYOND_TABLE.get(code) ?? '');
}

const MIDDLE_DOT = 0xb7;
const ARABIC_FULL_STOP = 0x6d4;
const DOT = 0x2e;
const AT = 0x40;

/** Greek, Cyrillic, Armenian, Cherokee, syllabics and the stand-ins for a dot: without any of them there is nothing to fold. */
const MAY_HAVE_LOOKALIKES = new RegExp(`[\\u0370-\\u058f\\u13a0-\\u13ff\\u1400-\\u167f\\uab70-\\uabbf${DOT_STAND_INS}]`);
const LOOKALIKE_CANDIDATE = new RegExp(MAY_HAVE_LOOKALIKES.source, 'g');

/**
 * Folds look-alike letters to Latin inside words that mix them with Latin letters ("gооgle" with
 * Cyrillic о), or that consist only of look-alikes around a dot or @ ("ѕех.com" is caught either way).
 * Honest Cyrillic and Greek words have letters with no Latin twin, so they are left alone. Also turns
 * an ideographic full stop, a bullet or a middle dot into a dot when it sits between non-CJK letters
 * ("example。com", "casino•com"), but not at the end of a Chinese or Japanese sentence, between the
 * parts of a Chinese name, or in Catalan "l·l" (il·legal). One code unit in, one out, so the offset map is shared.
 */
export function foldLookalikes(input: MappedText): MappedText {
  const text = input.text;
  if (!MAY_HAVE_LOOKALIKES.test(text)) return input;
  // Changes come in text order; the folded text is rebuilt from slices once, at the end.
  const changedAt: number[] = [];
  const replacements: string[] = [];
  let disguised = input.disguised;
  const change = (index: number, replacement: string): void => {
    if (changedAt.length === 0) disguised = new Uint8Array(input.disguised);
    changedAt.push(index);
    replacements.push(replacement);
    disguised[index] = 1;
  };

  // Only runs holding a look-alike or an ideographic full stop can change: the regular expression finds
  // them (far faster than visiting every run), and each such run is judged as a whole.
  let doneTo = 0;
  for (const found of text.matchAll(LOOKALIKE_CANDIDATE)) {
    const at = found.index;
    if (at < doneTo) continue;
    const end = runEnd(text, at, ADDRESS_RUN_CHAR);
    if (end === at) continue;
    const i = runStart(text, at, doneTo, ADDRESS_RUN_CHAR);
    doneTo = end;
    let latin = 0;
    let lookalikes = 0;
    let otherLetters = 0;
    let separators = 0;
    for (let k = i; k < end; k++) {
      const code = text.charCodeAt(k);
      if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) latin++;
      else if (code === DOT || code === AT || isDotStandIn(code)) separators++;
      else if (latinTwinOf(code) !== '') lookalikes++;
      else if (code >= 0x80) otherLetters++;
    }
    const fold = (latin > 0 && lookalikes > 0) ||
      (latin === 0 && otherLetters === 0 && lookalikes > 1 && separators > 0);
    if (fold || separators > 0) {
      for (let k = i; k < end; k++) {
        const code = text.charCodeAt(k);
        const latinTwin = fold ? latinTwinOf(code) : '';
        if (latinTwin !== '') change(k, latinTwin);
        else if (isDotStandIn(code) && isDotBetweenLetters(text, k)) change(k, '.');
      }
    }
  }
  if (changedAt.length === 0) return input;
  let folded = '';
  let from = 0;
  for (let n = 0; n < changedAt.length; n++) {
    const at = changedAt[n] as number;
    folded += text.slice(from, at) + (replacements[n] as string);
    from = at + 1;
  }
  folded += text.slice(from);
  return { text: folded, starts: input.starts, ends: input.ends, disguised };
}

function isDotBetweenLetters(text: string, index: number): boolean {
  const before = text.charCodeAt(index - 1);
  const after = text.charCodeAt(index + 1);
  const code = text.charCodeAt(index);
  if (code === MIDDLE_DOT && (before | 0x20) === 0x6c && (after | 0x20) === 0x6c) return false;
  // Urdu ends sentences with it, and some TLDs are written in Arabic script.
  if (code === ARABIC_FULL_STOP) return isAsciiAlnum(before) && isAsciiAlnum(after);
  return isWordCode(before) && isWordCode(after) && !isCjkCode(before) && !isCjkCode(after);
}
