// Pass 3 of the normaliser: undo the disguises readers use to slip an address past a filter.
//
//   example dot com, example [dot] com, example(.)com, example . com   → example.com
//   example punkt de, example kropka pl, example точка ру, example dt com → example.de, .pl, .ru, .com
//   example ・ com, casino • com                                       → example.com, casino.com
//   name at example dot com, name(at)example.com                       → name@example.com
//   casinoDOTcom, wwwDOTexampleDOTcom, example-dot-com, casinodotcom   → casino.com, www.example.com
//   visit casino dotcom                                                → visit casino.com
//   example.com slash news                                             → example.com/news
//   hxxps[:]//, h**p://, h t t p s : / /                               → https://
//   w w w . example . com, e x a m p l e . c o m                       → www.example.com, example.com
//   www,example,com, www example com                                   → www.example.com
//   example,com, example ,com                                          → example.com
//   example.c0m, example.n3t, example.1nf0                             → example.com, .net, .info
//
// The text is split into word / space / punctuation tokens and every rule looks at a bounded number
// of tokens around the current one, so the pass is linear in the length of the comment. Rules are
// deliberately narrow: a bare "dot" or a spaced-out "." only becomes a dot before a label that is a
// top-level domain but not an everyday word, so "a small dot in the sky" and "I agree . It is" stay
// as written. Whatever a rule produces is still judged later like any other candidate.

import {
  charClassOf, isAsciiAlnum, isDotStandIn, isWordCode, previousWith, runEnd, LINE_BREAK_CHAR, SPACE_CHAR, TOKEN_WORD_CHAR,
} from './link-char-classes.js';
import { MappedTextBuilder, type MappedText } from './link-mapped-text.js';
import { isCapitalisedWordTld, isDisguiseTld, isSentenceSafeTld, isSpelledDotTld } from './link-tlds.js';
import { isPointingWord, isWordAfterCom } from './link-words.js';

const HYPHEN = 0x2d;
const UNDERSCORE = 0x5f;

const WORD = 1;
const SPACE = 2; // spaces and tabs within a line
const BREAK = 3; // whitespace that contains a line break: no rule joins across it
const PUNCT = 4;

interface Tokens {
  readonly kind: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly count: number;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

// Token buffers are reused between calls (the pass is synchronous), sparing a comment's worth of
// allocation per call.
let kindBuffer = new Uint8Array(1024);
let startBuffer = new Int32Array(1024);
let endBuffer = new Int32Array(1024);

function tokenize(text: string): Tokens {
  if (kindBuffer.length < text.length + 1) {
    const capacity = Math.max(text.length + 1, kindBuffer.length * 2);
    kindBuffer = new Uint8Array(capacity);
    startBuffer = new Int32Array(capacity);
    endBuffer = new Int32Array(capacity);
  }
  const kind = kindBuffer;
  const start = startBuffer;
  const end = endBuffer;
  let count = 0;
  let i = 0;
  while (i < text.length) {
    const flags = charClassOf(text.charCodeAt(i));
    let j = i + 1;
    let tokenKind = PUNCT;
    if ((flags & TOKEN_WORD_CHAR) !== 0) {
      tokenKind = WORD;
      j = runEnd(text, j, TOKEN_WORD_CHAR);
    } else if ((flags & SPACE_CHAR) !== 0) {
      j = runEnd(text, j, SPACE_CHAR);
      tokenKind = previousWith(text, j, i, LINE_BREAK_CHAR) > i ? BREAK : SPACE;
    } else if (isHighSurrogate(text.charCodeAt(i)) && j < text.length) {
      j++; // keep a surrogate pair together
    }
    kind[count] = tokenKind;
    start[count] = i;
    end[count] = j;
    count++;
    i = j;
  }
  return { kind, start, end, count };
}

/** Words that stand for a separator when written out. */
const SPELLED_BARE: ReadonlyMap<string, string> = new Map([
  ['dot', '.'], ['d0t', '.'], ['dt', '.'], ['punkt', '.'], ['kropka', '.'], ['точка', '.'], ['крапка', '.'],
  ['点', '.'], ['點', '.'], ['at', '@'], ['slash', '/'],
]);
/**
 * Country endings a spelled-out dot in the country's own language comes before, although the ending is
 * also an everyday word elsewhere ("de" in French): "example punkt de". Only the word as spammers write
 * it, in lower case; the German noun is always written "Punkt".
 */
const NATIONAL_SPELLED_DOTS: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['punkt', new Set(['de', 'at', 'ch'])],
]);
/** Common endings written in Cyrillic after "точка" or "крапка": "example точка ру". */
const CYRILLIC_ENDINGS: ReadonlyMap<string, string> = new Map([
  // Not "ком" or "нет": everyday words ("ком в горле", "нет").
  ['ру', 'ru'], ['юа', 'ua'], ['орг', 'org'], ['инфо', 'info'], ['інфо', 'info'],
]);
const CYRILLIC_DOTS = new Set(['точка', 'крапка']);
/** What a spelled-out separator can start with: its first letter, or the hyphen or underscore of "-dot-". */
const SPELLED_BARE_FIRST_LETTERS = new Set([...SPELLED_BARE.keys()].flatMap((word) => [word[0], word[0]?.toUpperCase()]).concat(['-', '_']));
/** Characters set on both sides of a spelled-out separator in place of the spaces: "/dot/", "~dot~", "- dot -", "| dot |". */
function isWrapperCode(code: number): boolean {
  return code === 0x2d /* - */ || code === 0x5f /* _ */ || code === 0x7e /* ~ */ || code === 0x2f /* / */ || code === 0x7c /* | */;
}
/** Quotes or asterisks around a spelled-out word: `"dot"`, `*dot*`, `«точка»`. */
const QUOTES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '*': '*', '“': '”', '‘': '’', '«': '»', '„': '“' };
/** Inside brackets the intent is unambiguous, so a few more spellings are accepted. */
const SPELLED_IN_BRACKETS: ReadonlyMap<string, string> = new Map([
  ...SPELLED_BARE, ['point', '.'], ['punto', '.'], ['colon', ':'], ['собака', '@'],
  ['равлик', '@'], ['et', '@'],
]);
const BRACKETED_PUNCTUATION = new Set(['.', '@', ':', '/', '://', '//']);
const CLOSERS: Readonly<Record<string, string>> = { '[': ']', '(': ')', '{': '}', '<': '>' };

/** Words after which "dot" is the everyday noun: "the dot com bubble", "a polka dot net curtain". */
const DOT_STOPWORDS = new Set([
  'dot', 'the', 'a', 'an', 'this', 'that', 'these', 'those', 'his', 'her', 'its', 'their', 'our', 'my', 'your',
  'of', 'in', 'on', 'at', 'to', 'for', 'from', 'with', 'by', 'and', 'or', 'but', 'as', 'like', 'is', 'was',
  'first', 'early', 'late', 'old', 'big', 'whole', 'entire', 'original', 'any', 'every', 'no', 'another',
  'some', 'one', 'polka', 'red', 'blue', 'green', 'black', 'white', 'tiny', 'small', 'little', 'single',
  'bright', 'yellow', 'orange', 'purple', 'grey', 'gray', 'dark', 'light', 'each', 'final', 'last', 'next',
  'same', 'own', 'middle', 'central',
  'der', 'die', 'das', 'ein', 'eine', 'einen', 'einem', 'le', 'la', 'les', 'un', 'une', 'des', 'du',
]);
/** Words after "dot com" that show the phrase is about the era, not an address. */
const DOT_COM_CONTEXT = new Set([
  'bubble', 'boom', 'bust', 'crash', 'era', 'age', 'days', 'years', 'company', 'companies', 'firm',
  'firms', 'startup', 'startups', 'mania', 'millionaire', 'millionaires', 'billionaire', 'stocks',
  'shares', 'frenzy', 'revolution', 'collapse', 'world', 'business', 'businesses', 'economy', 'gold', 'rush',
  // "a senior dot net developer"
  'developer', 'developers', 'programmer', 'programmers', 'framework', 'core', 'stack', 'code', 'platform',
  'app', 'apps', 'job', 'jobs', 'team', 'project', 'projects',
]);
/** Words before "at" that make it the preposition, so "look at example.com" reports only the address. */
const AT_STOPWORDS = new Set([
  'look', 'looks', 'looked', 'looking', 'arrive', 'arrived', 'was', 'is', 'are', 'were', 'be', 'been',
  'me', 'us', 'them', 'him', 'her', 'it', 'you', 'here', 'there', 'meet', 'met', 'work', 'works', 'worked',
  'working', 'stay', 'stayed', 'live', 'lives', 'lived', 'born', 'only', 'even', 'just', 'up', 'down', 'out',
  'aim', 'aimed', 'good', 'bad', 'great', 'better', 'best', 'laugh', 'laughed', 'stare', 'stared', 'point',
  'pointed', 'available', 'published', 'posted', 'found', 'read', 'this', 'that', 'not', 'all', 'or', 'and',
  'but', 'both', 'sit', 'sat', 'home', 'site', 'website', 'page', 'story', 'article', 'right', 'left', 'once',
  'least', 'most', 'hit', 'shot', 'fired', 'angry', 'mad', 'upset', 'targeted', 'struck', 'held', 'killed',
  'died', 'landed', 'stopped', 'visit', 'email', 'mail', 'write', 'contact', 'reach',
  // what an advertisement says is to be had there ("odds at casino dot com"), seldom a mailbox
  'details', 'more', 'map', 'maps', 'odds', 'deal', 'deals', 'price', 'prices', 'offer', 'offers', 'tickets',
  'photos', 'pictures', 'pics', 'video', 'videos', 'results', 'everything', 'anything', 'nothing',
  'something', 'stuff', 'free', 'cheap', 'online', 'listed', 'hosted', 'sold', 'buy', 'bought', 'shop',
  'shopping', 'discount', 'discounts', 'bonus', 'bonuses', 'play', 'bet', 'bets', 'win', 'cheaper',
]);

/**
 * Mailboxes a newsroom, shop or office has, which people give as "info at example dot org". Words that
 * often stand before "at" as a preposition ("the news at", "jobs at", "the team at") are left out.
 */
const ROLE_MAILBOXES = new Set([
  'info', 'contact', 'contacts', 'sales', 'support', 'admin', 'office', 'hello', 'press', 'newsdesk', 'helpdesk',
  'enquiries', 'inquiries', 'webmaster', 'postmaster', 'billing', 'feedback', 'reception', 'noreply', 'abuse', 'hr',
]);

/** "Details", "Ivan": an upper-case letter followed by lower-case ones (not "INFO", not "iPhone"). */
function isCapitalised(word: string): boolean {
  const first = word.charAt(0);
  const rest = word.slice(1);
  return first !== first.toLowerCase() && rest !== '' && rest === rest.toLowerCase() && rest !== rest.toUpperCase();
}

interface DisguiseCore {
  readonly value: string;
  /** `standIn`: a bullet, middle dot or ideographic stop set apart from the words by a space. */
  readonly form: 'bracket' | 'spelled' | 'plain' | 'standIn';
  /** Token index just after the disguise. */
  readonly next: number;
  /** The spelled-out word as written ("dot", "punkt"), for `spelled`. */
  readonly word?: string;
  /** Set between two like characters ("/dot/", "- dot -"), which stand for the spaces around it. */
  readonly wrapped?: boolean;
}

export function undoDisguises(input: MappedText): MappedText {
  return new DisguiseRewriter(input).run();
}

/** Around a dot written out inside a word (see tryDotInsideWord): the name before it; the TLD, in one case. */
const LOWER_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;
const ONE_CASE_WORD = /^(?:[a-z]{2,}|[A-Z]{2,})$/;
/**
 * Endings a comma may stand before for the dot ("example,com"): none is a word after a comma. Not "рф"
 * and "укр", which Ukrainian and Russian readers write as words for the countries ("там,рф знову").
 */
const COMMA_ENDINGS = new Set(['com', 'ru', 'xyz', 'biz']);
/** "pre-dot-com", "post-dot-com": prefixes, not names. */
const DOT_PREFIXES = new Set([
  'pre', 'post', 'anti', 'non', 'mid', 'late', 'early', 'ex', 'neo', 'pro', 'semi', 'sub', 'super', 'ultra',
  'proto', 'quasi', 'after', 'over',
]);

class DisguiseRewriter {
  private readonly text: string;
  private readonly tokens: Tokens;
  private readonly out: MappedTextBuilder;

  constructor(private readonly input: MappedText) {
    this.text = input.text;
    this.tokens = tokenize(input.text);
    this.out = new MappedTextBuilder(input.text.length);
  }

  run(): MappedText {
    let i = 0;
    while (i < this.tokens.count) {
      const next =
        this.tryScheme(i) ?? this.tryJoiner(i) ?? this.trySpacedLetters(i) ?? this.tryDigitTld(i) ?? this.tryDotInsideWord(i) ?? this.tryWwwSeparators(i) ??
        (this.tokens.kind[i] === SPACE ? this.tryDotcomWord(i) : null);
      if (next !== null) {
        i = next;
        continue;
      }
      this.copyTokens(i, i + 1);
      i++;
    }
    return this.out.build();
  }

  // -- token helpers ---------------------------------------------------------------------------

  private kindOf(index: number): number {
    return index >= 0 && index < this.tokens.count ? (this.tokens.kind[index] as number) : 0;
  }

  private textOf(index: number): string {
    return this.text.slice(this.tokens.start[index], this.tokens.end[index]);
  }

  private lowerWordOf(index: number, maxLength = 12): string | null {
    if (this.kindOf(index) !== WORD) return null;
    const length = (this.tokens.end[index] as number) - (this.tokens.start[index] as number);
    return length <= maxLength ? this.textOf(index).toLowerCase() : null;
  }

  private punctOf(index: number): string | null {
    return this.kindOf(index) === PUNCT ? this.textOf(index) : null;
  }

  private hasDigit(index: number): boolean {
    for (let k = this.tokens.start[index] as number; k < (this.tokens.end[index] as number); k++) {
      const code = this.text.charCodeAt(k);
      if (code >= 0x30 && code <= 0x39) return true;
    }
    return false;
  }

  private tokenLength(index: number): number {
    return (this.tokens.end[index] as number) - (this.tokens.start[index] as number);
  }

  private copyTokens(from: number, to: number): void {
    if (to <= from) return;
    this.out.copy(this.input, this.tokens.start[from] as number, this.tokens.end[to - 1] as number);
  }

  private replaceTokens(value: string, from: number, to: number): void {
    this.out.replace(value, this.input, this.tokens.start[from] as number, this.tokens.end[to - 1] as number, true);
  }

  // -- rule: digits for the letters of a common top-level domain ---------------------------------

  /**
   * "casino.c0m", "deals.1nf0": the label after a dot, with digits standing for letters of a common TLD.
   * The dot may be one a rule above has just written ("casino dot c0m").
   */
  private tryDigitTld(i: number): number | null {
    // The cheap tests first: most words are longer than a TLD, or have no digit.
    if (this.kindOf(i) !== WORD || this.tokenLength(i) < 2 || this.tokenLength(i) > 6 || !this.hasDigit(i)) return null;
    const word = this.lowerWordOf(i, 6);
    const tld = word === null ? null : undigitedTld(word);
    if (tld === null) return null;
    const tail = this.out.tail;
    if (!tail.endsWith('.') || !isWordCode(tail.charCodeAt(tail.length - 2))) return null;
    this.replaceTokens(tld, i, i + 1);
    return i + 1;
  }

  // -- rule: a dot written out inside a word ------------------------------------------------------

  /**
   * "casinoDOTcom", "dealsDOTCOM", "wwwDOTexampleDOTcom": "DOT" in capitals between lower-case names and
   * before a common top-level domain; the case change does the work of a space ("ANTIDOTE" has no
   * lower-case name). And "example-dot-com", "example_dot_com": hyphens or underscores for the spaces,
   * unless the name is a prefix ("pre-dot-com") or a word about the era follows ("post-dot-com crash").
   */
  private tryDotInsideWord(i: number): number | null {
    if (this.kindOf(i) !== WORD || this.tokenLength(i) < 7 || this.tokenLength(i) > 64) return null;
    const word = this.textOf(i);
    const found = capitalDotsIn(word) ?? runTogetherDotIn(word) ?? chineseDotIn(word) ?? this.writtenDotIn(word, i);
    if (found === null) return null;
    const from = this.tokens.start[i] as number;
    let copied = from;
    for (const at of found.dots) {
      this.out.copy(this.input, copied, from + at);
      this.out.replace('.', this.input, from + at, from + at + found.length, true);
      copied = from + at + found.length;
    }
    this.out.copy(this.input, copied, from + word.length);
    return i + 1;
  }

  /** "example-dot-com", "example_dot_com": where the last "-dot-" is, or null (see tryDotInsideWord). */
  private writtenDotIn(word: string, i: number): { dots: number[]; length: number } | null {
    // Most long words have no hyphen or underscore: they are not copied in lower case to find out.
    if (!word.includes('-') && !word.includes('_')) return null;
    const lower = word.toLowerCase();
    const at = Math.max(lower.lastIndexOf('-dot-'), lower.lastIndexOf('_dot_'));
    if (at < 1 || !NAME.test(word.slice(0, at)) || DOT_PREFIXES.has(word.slice(0, at).toLowerCase()) || this.isDotComPhrase(i)) return null;
    return isWrittenTld(word.slice(at + 5)) ? { dots: [at], length: 5 } : null;
  }

  // -- rule: "dotcom" written as a word after a name ----------------------------------------------

  /**
   * "visit casino dotcom", "at casino DOTCOM tonight": the word "dotcom" (in one case) after a name that a
   * word pointing to an address names, and not before a word about the era ("Pets dotcom era"). Without
   * the pointing word it is the noun of "the early dotcom days" or "fled dotcom stocks". `i` is the space
   * before "dotcom"; the space and the word become ".com".
   */
  private tryDotcomWord(i: number): number | null {
    if (this.tokenLength(i) !== 1 || this.kindOf(i + 1) !== WORD || this.tokenLength(i + 1) !== 6) return null;
    const written = this.textOf(i + 1);
    if (written !== 'dotcom' && written !== 'DOTCOM') return null;
    const name = this.kindOf(i - 1) === WORD ? this.textOf(i - 1) : '';
    if (name.length < 2 || !NAME.test(name) || DOT_STOPWORDS.has(name.toLowerCase())) return null;
    if (this.kindOf(i - 2) !== SPACE || this.kindOf(i - 3) !== WORD || !isPointingWord(this.textOf(i - 3)) || this.isDotComPhrase(i + 1)) return null;
    this.replaceTokens('.com', i, i + 2);
    return i + 2;
  }

  // -- rule: commas or spaces for the dots after www ------------------------------------------

  /**
   * "www,example,com": "www" and names joined by commas with no space, ending in a top-level domain that
   * is not an everyday word. A sentence puts a space after its commas ("the www, as it was called").
   * "www casino com": the same with single spaces, where no name is a word such as "and" or "in" and the
   * ending is written in one case ("the www and com craze" is prose).
   */
  private tryWwwSeparators(i: number): number | null {
    // Three-letter words are common: the first letter is looked at before any text is copied.
    if (this.kindOf(i) !== WORD || this.tokenLength(i) !== 3 || (this.text.charCodeAt(this.tokens.start[i] as number) | 0x20) !== 0x77 /* w */) return null;
    if (this.lowerWordOf(i) !== 'www' || this.kindOf(i - 1) === WORD) return null;
    const spaced = this.kindOf(i + 1) === SPACE;
    const isSeparator = (k: number): boolean => (spaced ? this.kindOf(k) === SPACE && this.tokenLength(k) === 1 : this.punctOf(k) === ',');
    const isName = (k: number): boolean =>
      this.kindOf(k) === WORD && NAME.test(this.textOf(k)) && !(spaced && DOT_STOPWORDS.has(this.lowerWordOf(k) ?? ''));
    const isEnding = (k: number): boolean => isDisguiseTld(this.textOf(k)) && (!spaced || ONE_CASE_WORD.test(this.textOf(k)));
    // The run may go on past the address ("www casino com now"): it ends at its last ending.
    let last = -1;
    for (let k = i; k - i < (spaced ? 8 : 16) && isSeparator(k + 1) && isName(k + 2); k += 2) {
      if (k + 2 - i >= 4 && isEnding(k + 2)) last = k + 2;
    }
    if (last < 0) return null;
    for (let k = i; k <= last; k++) {
      if (this.kindOf(k) === WORD) this.copyTokens(k, k + 1);
      else this.replaceTokens('.', k, k + 1);
    }
    return last + 1;
  }

  // -- rule: defanged or spaced-out scheme -------------------------------------------------------

  private tryScheme(i: number): number | null {
    if (this.kindOf(i) !== WORD) return null;
    const from = this.tokens.start[i] as number;
    const first = this.text.charCodeAt(from) | 0x20;
    if (first !== 0x68 /* h */ && first !== 0x66 /* f */) return null;
    const match = matchSchemeAt(this.text, from);
    if (match === null) return null;
    let j = i;
    while (j < this.tokens.count && (this.tokens.end[j] as number) < match.end) j++;
    if (this.tokens.end[j] !== match.end) return null;
    this.out.replace(match.value, this.input, from, match.end, match.disguised);
    let next = j + 1;
    // "hxxps[:]// example.com": the space after a disguised scheme is part of the disguise.
    if (match.disguised && this.kindOf(next) === SPACE && this.kindOf(next + 1) === WORD) next++;
    return next;
  }

  // -- rule: a separator written out, bracketed or surrounded by spaces --------------------------

  private tryJoiner(i: number): number | null {
    if (this.kindOf(i - 1) !== WORD) return null;
    if (this.punctOf(i) === ',') {
      if (!this.acceptsComma(i - 1, i + 1)) return null;
      this.replaceTokens('.', i, i + 1);
      return i + 1;
    }
    // "quickcash ,com": the space put before the comma instead of after it, as no sentence does.
    if (this.kindOf(i) === SPACE && this.tokenLength(i) === 1 && this.punctOf(i + 1) === ',') {
      if (!this.acceptsComma(i - 1, i + 2)) return null;
      this.replaceTokens('.', i, i + 2);
      return i + 2;
    }
    let j = i;
    const leadingSpace = this.kindOf(j) === SPACE;
    if (leadingSpace) j++;
    const core = this.readDisguiseCore(j);
    if (core === null) return null;
    let k = core.next;
    const trailingSpace = this.kindOf(k) === SPACE;
    if (trailingSpace) k++;
    if (this.kindOf(k) !== WORD) return null;
    if (core.form === 'spelled' && core.wrapped !== true && !(leadingSpace && trailingSpace)) return null;
    // Without a space a plain dot hides nothing, and a stand-in was judged between its letters already.
    if ((core.form === 'plain' || core.form === 'standIn') && !leadingSpace && !trailingSpace) return null;
    if (!this.acceptsJoin(core, i - 1, k, leadingSpace)) return null;
    this.replaceTokens(core.value, i, k);
    // "example точка ру": the ending in Latin letters, as the address would have it.
    const cyrillicDot = core.word !== undefined && CYRILLIC_DOTS.has(core.word.toLowerCase());
    const latinEnding = cyrillicDot ? CYRILLIC_ENDINGS.get(this.lowerWordOf(k) ?? '') : undefined;
    if (latinEnding === undefined) return k;
    this.replaceTokens(latinEnding, k, k + 1);
    return k + 1;
  }

  private readDisguiseCore(j: number): DisguiseCore | null {
    const kind = this.kindOf(j);
    if ((kind === WORD || kind === PUNCT) && this.tokenLength(j) === 1) {
      const code = this.text.charCodeAt(this.tokens.start[j] as number);
      // A stand-in is punctuation, or a letter of the CJK blocks it sits in (the katakana middle dot).
      if (isDotStandIn(code)) return { value: '.', form: 'standIn', next: j + 1 };
      if (isWrapperCode(code)) {
        const wrapped = this.readWrapped(j, code);
        if (wrapped !== null) return wrapped;
      }
    }
    const punct = this.punctOf(j);
    if (punct !== null) {
      const closer = CLOSERS[punct];
      if (closer !== undefined) return this.readBracketed(j, closer);
      const quote = QUOTES[punct];
      if (quote !== undefined) return this.readQuoted(j, quote);
      if (punct === '.' || punct === '@') return { value: punct, form: 'plain', next: j + 1 };
      return null;
    }
    if (this.kindOf(j) !== WORD || this.tokenLength(j) > 8) return null;
    if (this.isSpreadDotAt(j)) return { value: '.', form: 'spelled', next: j + 5, word: 'dot' };
    if (!SPELLED_BARE_FIRST_LETTERS.has(this.text[this.tokens.start[j] as number] ?? '')) return null;
    const written = this.textOf(j);
    // "-dot-", "_dot_": the word inside.
    const word = written.length > 2 && (written[0] === '-' || written[0] === '_') && written.endsWith(written[0]) ? written.slice(1, -1) : written;
    const value = word.length > 6 ? undefined : SPELLED_BARE.get(word.toLowerCase());
    return value === undefined ? null : { value, form: 'spelled', next: j + 1, word };
  }

  /**
   * "casino d o t com": "dot" spread out, three letters of one case with one space between each. What
   * follows is judged as after "dot" (acceptsJoin): "d o t s" leaves an "s", which is no ending.
   */
  private isSpreadDotAt(j: number): boolean {
    if (this.kindOf(j + 2) !== WORD || this.kindOf(j + 4) !== WORD) return false;
    if (this.tokenLength(j) !== 1 || this.tokenLength(j + 2) !== 1 || this.tokenLength(j + 4) !== 1) return false;
    const letters = this.textOf(j) + this.textOf(j + 2) + this.textOf(j + 4);
    if (letters !== 'dot' && letters !== 'DOT') return false;
    return this.kindOf(j + 1) === SPACE && this.tokenLength(j + 1) === 1 && this.kindOf(j + 3) === SPACE && this.tokenLength(j + 3) === 1;
  }

  /**
   * "/dot/", "~dot~", "- dot -", "| dot |": a spelled-out dot or "at" between two like characters, with
   * at most a space inside each, judged like one with spaces around it. Not "slash": "/slash/" is no address.
   */
  private readWrapped(opener: number, wrapper: number): DisguiseCore | null {
    let q = opener + 1;
    if (this.kindOf(q) === SPACE && this.tokenLength(q) === 1) q++;
    const word = this.kindOf(q) === WORD && this.tokenLength(q) <= 6 ? this.textOf(q) : '';
    const value = SPELLED_BARE.get(word.toLowerCase());
    if (value === undefined || value === '/') return null;
    q++;
    if (this.kindOf(q) === SPACE && this.tokenLength(q) === 1) q++;
    if (this.kindOf(q) === 0 || this.tokenLength(q) !== 1 || this.text.charCodeAt(this.tokens.start[q] as number) !== wrapper) return null;
    return { value, form: 'spelled', next: q + 1, word, wrapped: true };
  }

  /** `"dot"`, `*dot*`, `«точка»`: a spelled-out separator in quotes, judged like one without them. */
  private readQuoted(opener: number, closer: string): DisguiseCore | null {
    const word = this.kindOf(opener + 1) === WORD && this.tokenLength(opener + 1) <= 6 ? this.textOf(opener + 1) : '';
    const value = SPELLED_BARE.get(word.toLowerCase());
    if (value === undefined || this.punctOf(opener + 2) !== closer) return null;
    return { value, form: 'spelled', next: opener + 3, word };
  }

  private readBracketed(opener: number, closer: string): DisguiseCore | null {
    let q = opener + 1;
    if (this.kindOf(q) === SPACE) q++;
    let value: string | undefined;
    const word = this.lowerWordOf(q, 6);
    if (word !== null) {
      value = SPELLED_IN_BRACKETS.get(word);
      q++;
    } else {
      let punctuation = '';
      while (punctuation.length < 3 && this.kindOf(q) === PUNCT && ':/.@'.includes(this.textOf(q))) {
        punctuation += this.textOf(q);
        q++;
      }
      value = BRACKETED_PUNCTUATION.has(punctuation) ? punctuation : undefined;
    }
    if (value === undefined) return null;
    if (this.kindOf(q) === SPACE) q++;
    if (this.punctOf(q) !== closer) return null;
    return { value, form: 'bracket', next: q + 1 };
  }

  private acceptsJoin(core: DisguiseCore, left: number, right: number, leadingSpace: boolean): boolean {
    if (core.form === 'bracket' && core.value !== '/') return true;
    const leftWord = this.lowerWordOf(left, 40);
    const rightWord = this.spreadWordAt(right) ?? this.lowerWordOf(right, 40) ?? '';
    switch (core.value) {
      case '.':
        // "192 dot 168 dot 1 dot 1": an IP address spelled out; the judge still wants four octets.
        if (isDigits(leftWord ?? '') && isDigits(rightWord)) return true;
        if (core.form !== 'bracket' && (leftWord === null || DOT_STOPWORDS.has(leftWord))) return false;
        if (undigitedTld(rightWord) !== null) return true; // "casino dot c0m": nobody writes that honestly
        if (core.form === 'standIn') {
          // "casino • com", but not a list or a menu ("Sport · Net zero", "about • info • contact"), nor the
          // end of a Chinese sentence before a Latin word.
          return NAME.test(this.textOf(left)) && isSentenceSafeTld(rightWord) && rightWord !== 'info' && ONE_CASE_WORD.test(this.textOf(right));
        }
        if (core.form === 'spelled') {
          if (this.isDotComPhrase(right)) return false;
          const written = core.word ?? '';
          // "dt" is a dot only before the endings nobody writes as a word ("example dt com", not "dx dt over").
          if (written.toLowerCase() === 'dt') return isSentenceSafeTld(rightWord);
          if (NATIONAL_SPELLED_DOTS.get(written)?.has(rightWord) === true) return true;
          if (CYRILLIC_DOTS.has(written.toLowerCase()) && CYRILLIC_ENDINGS.has(rightWord)) return true;
          if (isSpelledDotTld(rightWord) || this.atFollows(right)) return true;
        }
        if (core.form === 'plain' && !leadingSpace) {
          // "example. com" looks like every sentence end, so it takes a TLD nobody starts a sentence with,
          // and not one written as a word that starts the next sentence ("fell through. Net migration…").
          if (isCapitalisedWordTld(rightWord) && isCapitalised(this.textOf(right))) return this.dotAndTldFollow(right);
          return isSentenceSafeTld(rightWord) || this.dotAndTldFollow(right);
        }
        return (
          isDisguiseTld(rightWord) || this.out.tail.toLowerCase().endsWith('www') ||
          this.dotAndTldFollow(right)
        );
      case '@':
        if (leftWord === null || !isLocalPartWord(leftWord) || AT_STOPWORDS.has(leftWord) || !this.dotFollows(right)) return false;
        // A spelled-out "at" is the preposition far more often than a disguised "@" ("figures at
        // example dot org", "Details at …"), and the words before it are as many as the names a mailbox
        // could have. So it takes the word before it only when that word reads as a mailbox name;
        // otherwise only the address is reported, which is the part that has to go either way.
        return core.form !== 'spelled' || this.isMailboxName(left, core.next - 1);
      case '/':
        return this.out.tailHasDot;
      default:
        return false;
    }
  }

  /**
   * The word before a spelled-out "at" is a mailbox name: "INFO AT", "ivan AT" (the capitals are the
   * disguise), a role mailbox ("info at", "press at"), or a name with a dot, digit, underscore or plus
   * ("first.last at", "jane dot doe at", "ivan85 at"). Not "figures at", "Details at", nor "ivan at".
   */
  private isMailboxName(word: number, at: number): boolean {
    if (this.textOf(at) === 'AT') return !isCapitalised(this.textOf(word));
    if (ROLE_MAILBOXES.has(this.lowerWordOf(word, 40) ?? '')) return true;
    return /[.\d_+]/.test(this.out.tail);
  }

  /**
   * "example,com", "casino,ru": a comma for the dot, with no space on either side, before an ending that
   * is no word after a comma ("gross,net", "name,org" and Spanish "tarde,su" are). "com" is Portuguese
   * for "with" ("Obrigado,com certeza", "Recife,com amigos"), so there only with nothing after it or after
   * a word that points to an address ("visit example,com today").
   */
  private acceptsComma(left: number, right: number): boolean {
    if (this.kindOf(right) !== WORD) return false;
    const name = this.textOf(left);
    const ending = this.textOf(right);
    const lower = ending.toLowerCase();
    if (!COMMA_ENDINGS.has(lower) || (ending !== lower && ending !== ending.toUpperCase())) return false;
    // Four letters at least: lists of three-letter codes ("eng,ru,ukr") are written without spaces too.
    if (name.length < 4 || !NAME.test(name) || isDigits(name) || DOT_STOPWORDS.has(name.toLowerCase())) return false;
    if (lower !== 'com') return true;
    const next = this.kindOf(right + 1) === SPACE ? this.lowerWordOf(right + 2, 20) : null;
    if (next !== null) return !isWordAfterCom(next) && this.kindOf(left - 1) === SPACE && isPointingWord(this.textOf(left - 2));
    return this.kindOf(right + 1) !== WORD;
  }

  /** "dot com bubble": "com" followed by a word about the era. */
  private isDotComPhrase(right: number): boolean {
    if (this.kindOf(right + 1) !== SPACE) return false;
    const after = this.lowerWordOf(right + 2, 16);
    return after !== null && DOT_COM_CONTEXT.has(after);
  }

  /** The label after the separator is followed by a real or disguised dot: "example at mail dot com". */
  private dotFollows(word: number): boolean {
    const next = word + 1;
    if (this.punctOf(next) === '.' && this.kindOf(next + 1) === WORD) return true;
    const core = this.readDisguiseCore(this.kindOf(next) === SPACE ? next + 1 : next);
    return core !== null && core.value === '.';
  }

  /** "john dot smith at example dot com": the label is followed by an @, so the dot is in a local part. */
  private atFollows(word: number): boolean {
    const next = word + 1;
    if (this.punctOf(next) === '@' && this.kindOf(next + 1) === WORD) return true;
    const core = this.readDisguiseCore(this.kindOf(next) === SPACE ? next + 1 : next);
    return core !== null && core.value === '@';
  }

  /** "example . co . uk": the next label is followed by another separator and a top-level domain. */
  private dotAndTldFollow(word: number): boolean {
    let k = word + 1;
    let spaced = false;
    if (this.kindOf(k) === SPACE) {
      spaced = true;
      k++;
    }
    const core = this.readDisguiseCore(k);
    if (core === null || core.value !== '.') return false;
    k = core.next;
    if (this.kindOf(k) === SPACE) {
      spaced = true;
      k++;
    }
    if (core.form === 'plain' && !spaced) return false; // "it . example.com": only the address is joined
    return isDisguiseTld(this.lowerWordOf(k, 40) ?? '');
  }

  /** "c o m" after a separator: the letters joined, lower-cased, when `index` starts such a run. */
  private spreadWordAt(index: number): string | null {
    if (!this.isSpreadLetter(index)) return null;
    let joined = this.textOf(index);
    let j = index;
    while (joined.length < 64 && this.kindOf(j + 1) === SPACE && this.tokenLength(j + 1) <= 3 && this.isSpreadLetter(j + 2)) {
      j += 2;
      joined += this.textOf(j);
    }
    return joined.length >= 2 ? joined.toLowerCase() : null;
  }

  private isSpreadLetter(index: number): boolean {
    return this.kindOf(index) === WORD && this.isSpreadItem(index);
  }

  // -- rule: letters spread out with spaces ------------------------------------------------------

  private trySpacedLetters(i: number): number | null {
    if (!this.isSpreadItem(i) || this.kindOf(i) !== WORD) return null;
    const items = [i];
    let j = i;
    while (this.kindOf(j + 1) === SPACE && this.tokenLength(j + 1) <= 3 && this.isSpreadItem(j + 2)) {
      j += 2;
      items.push(j);
    }
    while (items.length > 0 && this.kindOf(items[items.length - 1] as number) !== WORD) items.pop();
    if (items.length < 3) return null;
    const last = items[items.length - 1] as number;
    const joined = items.map((item) => this.textOf(item)).join('');
    // "e x a m p l e d o t c o m": the dot is among the spread letters, as in "exampledotcom".
    const spelledDot = joined.length === items.length ? runTogetherDotIn(joined) : null;
    if (spelledDot !== null) {
      const at = spelledDot.dots[0] as number;
      items.forEach((item, n) => {
        if (n < at || n >= at + 3) this.replaceTokens(this.textOf(item), item, item + 1);
        else if (n === at) this.replaceTokens('.', item, items[at + 2] as number + 1);
      });
      return last + 1;
    }
    if (!this.acceptsSpreadLetters(joined, last)) {
      this.copyTokens(i, last + 1);
      return last + 1;
    }
    for (const item of items) {
      this.replaceTokens(this.textOf(item), item, item + 1);
    }
    return last + 1;
  }

  private isSpreadItem(index: number): boolean {
    const kind = this.kindOf(index);
    if (kind === WORD) return this.tokenLength(index) === 1 && isAsciiAlnum(this.text.charCodeAt(this.tokens.start[index] as number));
    return kind === PUNCT && '.:/@'.includes(this.textOf(index));
  }

  private acceptsSpreadLetters(joined: string, last: number): boolean {
    const lower = joined.toLowerCase();
    if (lower.startsWith('www')) return true;
    if (hasDomainShape(lower)) return true;
    // "192 . 168 . 0 . 1": the last parts of a spaced-out IP address whose first ones were joined already.
    if (/^[\d.]+$/.test(joined) && /\d\.$/.test(this.out.tail)) return true;
    // "e x a m p l e dot c o m": the spread letters meet a separator on either side.
    if (this.out.tail.endsWith('.') && this.out.tail.length > 1) return isDisguiseTld(lower);
    if (joined.length >= 4 && !joined.includes('.')) {
      const k = this.kindOf(last + 1) === SPACE ? last + 2 : last + 1;
      const core = this.readDisguiseCore(k);
      return core !== null && core.value === '.' && core.form !== 'plain';
    }
    return false;
  }
}

/**
 * "casinoDOTcom", "wwwDOTexampleDOTcom": the offsets of the capital DOTs between lower-case names, the
 * last one before a common ending, or null (see tryDotInsideWord).
 */
function capitalDotsIn(word: string): { dots: number[]; length: number } | null {
  const dots: number[] = [];
  let labelStart = 0;
  for (let at = word.indexOf('DOT', 1); at >= 0; at = word.indexOf('DOT', at + 3)) {
    if (!LOWER_NAME.test(word.slice(labelStart, at))) return null;
    dots.push(at);
    labelStart = at + 3;
  }
  return dots.length > 0 && isWrittenTld(word.slice(labelStart)) ? { dots, length: 3 } : null;
}

/**
 * Endings that, run together after "dot", make a word an address ("exampledotcom", "CASINODOTRU", one
 * case throughout). No word ends in "dot" and one of them; those that do end otherwise: "anecdotes"
 * (es), "sacerdotal" (al), "anecdotist" (ist).
 */
const RUN_TOGETHER_TLDS: ReadonlySet<string> = new Set([
  'com', 'net', 'org', 'info', 'biz', 'xyz', 'online', 'site', 'top', 'club', 'shop',
  'ru', 'uk', 'de', 'it', 'io', 'in', 'me', 'us', 'co', 'ua', 'pl', 'fr', 'nl', 'cz',
]);
const RUN_TOGETHER_TLD_LENGTHS = [3, 2, 4, 6] as const;

/** "exampledotcom": where "dot" is, unless the name before it is a prefix ("postdotcom") or a word. */
function runTogetherDotIn(word: string): { dots: number[]; length: number } | null {
  for (const tldLength of RUN_TOGETHER_TLD_LENGTHS) {
    const at = word.length - tldLength - 3;
    // Most long words are not: the letter where "d" would be is looked at before anything is copied.
    if (at < 3 || (word.charCodeAt(at) | 0x20) !== 0x64 /* d */) continue;
    if (word.slice(at + 1, at + 3).toLowerCase() !== 'ot' || !RUN_TOGETHER_TLDS.has(word.slice(at + 3).toLowerCase())) continue;
    const name = word.slice(0, at);
    if (!NAME.test(name) || (word !== word.toLowerCase() && word !== word.toUpperCase())) return null;
    const lower = name.toLowerCase();
    return DOT_PREFIXES.has(lower) || DOT_STOPWORDS.has(lower) ? null : { dots: [at], length: 3 };
  }
  return null;
}

/** "example点com": the Chinese word for a dot between a Latin name and a common ending, or null. */
function chineseDotIn(word: string): { dots: number[]; length: number } | null {
  const at = Math.max(word.indexOf('点'), word.indexOf('點'));
  if (at < 1 || !NAME.test(word.slice(0, at)) || !isWrittenTld(word.slice(at + 1))) return null;
  return { dots: [at], length: 1 };
}

/** An ending written in one case that makes a written-out dot an address: "com", "COM", not "Com". */
function isWrittenTld(label: string): boolean {
  return ONE_CASE_WORD.test(label) && isDisguiseTld(label);
}

/** Digits as the letters they look like; a one may stand for i or l. */
const DIGIT_AS_LETTER: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't' };
/**
 * The TLDs spam is most often sent from, the only ones whose digit-spelled forms count ("c0m", "n3t").
 * Letters and digits after a dot are common in honest writing ("model.x3", "2.c0"), so the list is short.
 */
const DIGIT_SPELLED_TLDS = new Set(['com', 'net', 'org', 'info', 'biz', 'xyz', 'top', 'site', 'online', 'club', 'shop', 'store', 'live']);

/** The common TLD a label of letters and digits spells ("c0m" → "com", "c1ub" → "club"), or null. */
function undigitedTld(word: string): string | null {
  if (word.length < 2) return null;
  let digits = 0;
  for (let k = 0; k < word.length; k++) {
    const code = word.charCodeAt(k);
    if (code >= 0x30 && code <= 0x39) digits++;
    else if (code < 0x61 || code > 0x7a) return null;
  }
  if (digits === 0 || digits === word.length) return null;
  for (const one of ['i', 'l']) {
    let spelled = '';
    for (const ch of word) spelled += ch === '1' ? one : (DIGIT_AS_LETTER[ch] ?? ch);
    if (DIGIT_SPELLED_TLDS.has(spelled)) return spelled;
  }
  return null;
}

/** "example.com" spelled out letter by letter: two or more characters, a dot, a final label of letters. */
function hasDomainShape(lower: string): boolean {
  const firstDot = lower.indexOf('.');
  const lastDot = lower.lastIndexOf('.');
  if (firstDot < 2 || lastDot >= lower.length - 2) return false;
  for (let k = lastDot + 1; k < lower.length; k++) {
    const code = lower.charCodeAt(k);
    if (code < 0x61 || code > 0x7a) return false;
  }
  return true;
}

function isDigits(word: string): boolean {
  if (word.length === 0 || word.length > 3) return false;
  for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) < 0x30 || word.charCodeAt(k) > 0x39) return false;
  return true;
}

function isLocalPartWord(word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    const code = word.charCodeAt(k);
    if (!isWordCode(code) && code !== HYPHEN && code !== UNDERSCORE && code !== 0x2e && code !== 0x2b) return false;
  }
  return word.length > 0;
}

// -- defanged schemes ----------------------------------------------------------------------------

/** Characters readers put in place of the "tt" of http: hxxp, h**p, h__p, h..p. */
const SCHEME_FILLERS = new Set(['t', 'x', '*', '_', '-', '.', '•']);
const SCHEME_OPENERS: Readonly<Record<string, string>> = { '[': ']', '(': ')', '{': '}' };

interface SchemeMatch {
  readonly end: number;
  readonly value: string;
  readonly disguised: boolean;
}

/**
 * Matches http, https, ftp and ftps written plainly, defanged (hxxps[:]//, h**p://) or spread out
 * (h t t p s : / /), at `start`. Only matches when the colon-and-slashes part is there, so a word that
 * merely starts like a scheme is left alone. Bounded look-ahead: at most a few dozen characters.
 */
export function matchSchemeAt(text: string, start: number): SchemeMatch | null {
  const cursor = { at: start + 1 };
  const lowerAt = (k: number): string => (text[k] ?? '').toLowerCase();
  const skipGap = (): void => {
    let spaces = 0;
    while (spaces < 2 && text[cursor.at] === ' ') {
      cursor.at++;
      spaces++;
    }
  };
  const first = lowerAt(start);
  const fillers = first === 'h' ? 2 : first === 'f' ? 1 : 0;
  if (fillers === 0) return null;
  for (let f = 0; f < fillers; f++) {
    skipGap();
    if (!SCHEME_FILLERS.has(lowerAt(cursor.at))) return null;
    cursor.at++;
  }
  skipGap();
  if (lowerAt(cursor.at) !== 'p') return null;
  cursor.at++;
  let secure = false;
  const afterP = cursor.at;
  skipGap();
  if (lowerAt(cursor.at) === 's') {
    secure = true;
    cursor.at++;
  } else {
    cursor.at = afterP;
  }

  skipGap();
  let slashes = 0;
  const bracketCloser = SCHEME_OPENERS[text[cursor.at] ?? ''];
  if (bracketCloser !== undefined) {
    // [:]  [://]  (:)  {:}
    let q = cursor.at + 1;
    if (text[q] !== ':') return null;
    q++;
    while (slashes < 2 && text[q] === '/') {
      slashes++;
      q++;
    }
    if (text[q] !== bracketCloser) return null;
    cursor.at = q + 1;
  } else if (text[cursor.at] === ':') {
    cursor.at++;
  }
  if (slashes < 2) {
    skipGap();
    slashes = readSlashes(text, cursor);
  }
  if (slashes !== 2) return null;
  const value = `${first === 'h' ? 'http' : 'ftp'}${secure ? 's' : ''}://`;
  const disguised = text.slice(start, cursor.at).toLowerCase() !== value;
  return { end: cursor.at, value, disguised };
}

/** Reads "//", "/ /", "[//]", "(//)", "[/][/]" or "\/\/"; returns how many slashes were found (0 or 2). */
function readSlashes(text: string, cursor: { at: number }): number {
  const at = cursor.at;
  const candidates = ['//', '/ /', '[//]', '(//)', '{//}', '[/][/]', '\\/\\/'];
  for (const form of candidates) {
    if (text.startsWith(form, at)) {
      cursor.at = at + form.length;
      return 2;
    }
  }
  return 0;
}
