// Step 2 of the link rule: find everything in the normalised text that might be an address.
// Candidates are over-collected here and judged in link-judge.ts.
//
//   linkifyjs         URLs and e-mail addresses, with its handling of paths, brackets and trailing
//                     punctuation; run only on the words that contain '.', '@' or ':' (see probeWords)
//   findHosts         every dotted word, so a domain linkify's own TLD list misses (punycode, new
//                     TLDs) still reaches the judge, with the e-mail local part and any path attached
//   findSchemes       any scheme followed by "//", plus mailto:, javascript:, data:, tel: …
//   findIpv4/Ipv6     IP literals, which linkify only recognises after a scheme
//   findMarkup        Markdown [text](target), HTML <a href>, BBCode [url]
//
// All scanners are single forward passes with bounded look-around.

import * as linkify from 'linkifyjs';
import {
  isAsciiDigit, isAsciiLetter, isHexDigit, isLocalPartCode, isSpaceCode, isWordCode, nextWith, previousWith,
  runEnd, runStart, HOST_CHAR, SPACE_CHAR,
} from './link-char-classes.js';

const DOT = 0x2e;
const AT = 0x40;
const COLON = 0x3a;
const SLASH = 0x2f;
const UNDERSCORE = 0x5f;

export type CandidateSource = 'host' | 'linkify' | 'scheme' | 'ip';

export interface Candidate {
  readonly start: number;
  readonly end: number;
  readonly source: CandidateSource;
}

export interface MarkupLink {
  readonly start: number;
  readonly end: number;
  readonly kind: 'markdown' | 'html' | 'bbcode';
  /** Where the link target sits; a Markdown link counts only when its target is an address. */
  readonly targetStart: number;
  readonly targetEnd: number;
}

export function findCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  findWithLinkify(text, found);
  findHosts(text, found);
  // The IP and scheme scanners only matter when their separator occurs at all.
  const hasColon = text.includes(':');
  if (hasColon) findSchemes(text, found);
  if (text.includes('.')) findIpv4(text, found);
  if (hasColon) findIpv6(text, found);
  return found;
}

// -- URL tails -------------------------------------------------------------------------------------

/** Characters that end a URL: whitespace, quotes, angle brackets and the like. Built once. */
const URL_STOP: Uint8Array = (() => {
  const table = new Uint8Array(0x10000);
  for (let code = 0; code < table.length; code++) {
    const stop =
      isSpaceCode(code) || code === 0x22 || code === 0x27 || code === 0x3c || code === 0x3e || code === 0x60 ||
      code === 0x7b || code === 0x7d || code === 0x7c || code === 0x5c || code === 0x5e || code === 0xab ||
      code === 0xbb || (code >= 0x2018 && code <= 0x201f);
    table[code] = stop ? 1 : 0;
  }
  return table;
})();

const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', '*', '…']);

/** End of a URL that continues at `from`: up to a space or quote, minus trailing punctuation and unmatched brackets. */
export function scanUrlEnd(text: string, from: number): number {
  let end = from;
  let open = 0;
  let close = 0;
  while (end < text.length && URL_STOP[text.charCodeAt(end)] === 0) {
    const ch = text[end];
    if (ch === '(' || ch === '[') open++;
    else if (ch === ')' || ch === ']') close++;
    end++;
  }
  while (end > from) {
    const last = text[end - 1] as string;
    if (TRAILING_PUNCTUATION.has(last)) {
      end--;
    } else if ((last === ')' || last === ']') && close > open) {
      close--;
      end--;
    } else {
      break;
    }
  }
  return end;
}

/** After a host ending at `hostEnd`: a port and a path, query or fragment, if any. */
function extendPastHost(text: string, hostEnd: number): number {
  let k = hostEnd;
  if (text.charCodeAt(k) === COLON && isAsciiDigit(text.charCodeAt(k + 1))) {
    k++;
    while (isAsciiDigit(text.charCodeAt(k))) k++;
  }
  const next = text[k];
  if (next === '/' || next === '?' || next === '#') return Math.max(scanUrlEnd(text, k), k);
  return k;
}

// -- linkifyjs ----------------------------------------------------------------------------------
//
// linkify reads the whole text through its state machine, while a comment is mostly words that
// cannot be part of an address. It is shown only the space-separated words that could hold one,
// joined by spaces, which keeps its results for addresses and cuts its cost to a fraction.

/**
 * A word is worth showing linkify when it has an '@' or ':' before a word character, or a dot before
 * two letters (no TLD is shorter or starts with a digit): "U.S.", "3.14" and "v2.0.1" are skipped.
 */
const PROMISING = /[@:][\p{L}\p{N}]|\.\p{L}[\p{L}\p{M}]/gu;

/**
 * Longer words are left to our own scanners, which find the same hosts, schemes and addresses in
 * them: linkify costs several times more per character, and a 50,000-character "word" is an attack,
 * not a URL someone typed.
 */
const LINKIFY_WORD_LIMIT = 2048;

/**
 * linkify reads at most this many characters per comment, which covers any real comment many times
 * over. Past it, on hostile input, our own scanners work alone: the test table passes identically with
 * linkify switched off, so it is a second opinion, not a dependency.
 */
const LINKIFY_BUDGET = 16_384;

function probeWords(text: string): { probe: string; probeStarts: number[]; textStarts: number[] } {
  const pieces: string[] = [];
  const probeStarts: number[] = [];
  const textStarts: number[] = [];
  let probeLength = 0;
  PROMISING.lastIndex = 0;
  let hit = PROMISING.exec(text);
  let wordEnd = 0;
  while (hit !== null) {
    const wordStart = previousWith(text, hit.index, wordEnd, SPACE_CHAR);
    wordEnd = nextWith(text, hit.index + 1, SPACE_CHAR);
    if (probeLength > LINKIFY_BUDGET) break;
    if (wordEnd - wordStart <= LINKIFY_WORD_LIMIT) {
      probeStarts.push(probeLength);
      textStarts.push(wordStart);
      pieces.push(text.slice(wordStart, wordEnd));
      probeLength += wordEnd - wordStart + 1;
    }
    PROMISING.lastIndex = wordEnd;
    hit = PROMISING.exec(text);
  }
  return { probe: pieces.join(' '), probeStarts, textStarts };
}

function findWithLinkify(text: string, found: Candidate[]): void {
  const { probe, probeStarts, textStarts } = probeWords(text);
  if (probe.length === 0) return;
  let piece = 0;
  for (const match of linkify.find(probe)) {
    while (piece + 1 < probeStarts.length && (probeStarts[piece + 1] as number) <= match.start) piece++;
    const start = (textStarts[piece] as number) + match.start - (probeStarts[piece] as number);
    // linkify keeps `">x</a>` after a URL in an attribute; a quote or angle bracket ends an address.
    let end = start + (match.end - match.start);
    for (let k = start; k < end; k++) {
      const code = text.charCodeAt(k);
      if (code === 0x22 || code === 0x27 || code === 0x3c || code === 0x3e || code === 0x60) {
        end = k;
        break;
      }
    }
    if (end > start) found.push({ start, end, source: 'linkify' });
  }
}

// -- dotted words ----------------------------------------------------------------------------------

function findHosts(text: string, found: Candidate[]): void {
  let resumeAt = 0;
  let dot = text.indexOf('.');
  while (dot >= 0) {
    const from = runStart(text, dot, resumeAt, HOST_CHAR);
    const to = runEnd(text, dot + 1, HOST_CHAR);
    // A path after the host is consumed with it, so a long URL is not rescanned from every dot in it.
    resumeAt = Math.max(to, collectHostSegments(text, from, to, found));
    dot = text.indexOf('.', resumeAt);
  }
}

/**
 * Splits a dotted run at ellipses ("wait...example.com") and offers each piece as a host.
 * Returns where the last candidate ends, path included.
 */
function collectHostSegments(text: string, dottedStart: number, dottedEnd: number, found: Candidate[]): number {
  let segmentStart = dottedStart;
  let k = dottedStart;
  let reached = dottedEnd;
  while (k <= dottedEnd) {
    const ellipsis = k < dottedEnd && text.charCodeAt(k) === DOT && text.charCodeAt(k + 1) === DOT;
    if (k === dottedEnd || ellipsis) {
      reached = Math.max(reached, addHost(text, segmentStart, k, dottedStart, dottedEnd, found));
      while (k < dottedEnd && text.charCodeAt(k) === DOT) k++;
      segmentStart = k;
      if (k === dottedEnd) break;
      continue;
    }
    k++;
  }
  return reached;
}

/** Offers text[from, to) as a host candidate; returns where the candidate ends. */
function addHost(text: string, from: number, to: number, dottedStart: number, dottedEnd: number, found: Candidate[]): number {
  let a = from;
  let b = to;
  while (a < b && (text.charCodeAt(a) === DOT || text[a] === '-')) a++;
  while (b > a && (text.charCodeAt(b - 1) === DOT || text[b - 1] === '-')) b--;
  if (text.slice(a, b).indexOf('.') < 0) return to;
  // Part of an identifier such as my_notes.md or report.md_old: not an address.
  if ((a === dottedStart && text.charCodeAt(a - 1) === UNDERSCORE) || (b === dottedEnd && text.charCodeAt(b) === UNDERSCORE)) return to;
  let start = a;
  if (a === dottedStart && text.charCodeAt(a - 1) === AT) start = localPartStart(text, a - 1);
  const end = b === dottedEnd ? extendPastHost(text, b) : b;
  found.push({ start, end, source: 'host' });
  return end;
}

/** Start of the e-mail local part that ends at the @ at `atIndex`, or the host start if there is none. */
function localPartStart(text: string, atIndex: number): number {
  let k = atIndex;
  while (k > 0 && isLocalPartCode(text.charCodeAt(k - 1))) k--;
  while (k < atIndex && text.charCodeAt(k) === DOT) k++;
  return k < atIndex ? k : atIndex + 1;
}

// -- schemes ---------------------------------------------------------------------------------------

const WEB_SCHEMES = new Set(['http', 'https', 'ftp', 'ftps']);
/** Schemes without "//" that still send a reader somewhere or run something. */
const OPAQUE_SCHEMES = new Set([
  'mailto', 'javascript', 'vbscript', 'data', 'tel', 'sms', 'callto', 'skype', 'whatsapp', 'viber', 'tg',
  'xmpp', 'magnet', 'file',
]);
const PHONE_SCHEMES = new Set(['tel', 'sms', 'callto']);

function isSchemeCode(code: number): boolean {
  return isAsciiLetter(code) || isAsciiDigit(code) || code === 0x2b || code === 0x2d || code === DOT;
}

function findSchemes(text: string, found: Candidate[]): void {
  let resumeAt = 0;
  let colon = text.indexOf(':');
  while (colon >= 0) {
    let start = colon;
    while (start > resumeAt && colon - start <= 32 && isSchemeCode(text.charCodeAt(start - 1))) start--;
    const before = text.charCodeAt(start - 1);
    const bounded = !isWordCode(before) && !isSchemeCode(before);
    let next = colon + 1;
    if (bounded && colon - start >= 2 && colon - start <= 32 && isAsciiLetter(text.charCodeAt(start))) {
      const end = schemeUrlEnd(text, text.slice(start, colon).toLowerCase(), colon + 1);
      if (end > colon + 1) {
        found.push({ start, end, source: 'scheme' });
        next = end;
      }
    }
    resumeAt = next;
    colon = text.indexOf(':', next);
  }
}

/** End of the address after "scheme:" at `from`, or -1 when what follows cannot be followed. */
function schemeUrlEnd(text: string, scheme: string, from: number): number {
  const next = text.charCodeAt(from);
  if (scheme === 'file') return next === SLASH ? scanUrlEnd(text, from) : -1; // file:///etc/passwd
  if (next === SLASH && text.charCodeAt(from + 1) === SLASH) {
    const hostCode = text.charCodeAt(from + 2);
    return isWordCode(hostCode) || hostCode === 0x5b /* [ */ ? scanUrlEnd(text, from + 2) : -1;
  }
  if (WEB_SCHEMES.has(scheme)) {
    // "http:example.com", "https:/example.com"
    const hostAt = next === SLASH ? from + 1 : from;
    return isWordCode(text.charCodeAt(hostAt)) ? scanUrlEnd(text, hostAt) : -1;
  }
  if (!OPAQUE_SCHEMES.has(scheme)) return -1;
  if (PHONE_SCHEMES.has(scheme) && !(next === 0x2b || isAsciiDigit(next))) return -1;
  if (scheme === 'data' && !looksLikeDataUrl(text, from)) return -1;
  if (scheme === 'magnet' && next !== 0x3f /* ? */) return -1;
  if (Number.isNaN(next) || isSpaceCode(next)) return -1;
  return scanUrlEnd(text, from);
}

/** "data:text/html,…", "data:image/png;base64,…", "data:,Hello" — not "the data:it shows". */
function looksLikeDataUrl(text: string, from: number): boolean {
  let k = from;
  while (k < text.length && k - from < 40 && isAsciiLetter(text.charCodeAt(k))) k++;
  const after = text.charCodeAt(k);
  return after === 0x2c /* , */ || (after === SLASH && k > from);
}

// -- IP addresses ------------------------------------------------------------------------------------

/** Reads one IPv4 octet (0–255, no leading zero) at `at`; returns the index after it or -1. */
function readOctet(text: string, at: number): number {
  let k = at;
  let value = 0;
  while (k < text.length && k - at < 3 && isAsciiDigit(text.charCodeAt(k))) {
    value = value * 10 + text.charCodeAt(k) - 0x30;
    k++;
  }
  if (k === at || isAsciiDigit(text.charCodeAt(k))) return -1;
  if (k - at > 1 && text.charCodeAt(at) === 0x30) return -1; // "1.000.000.000" is a number
  return value <= 255 ? k : -1;
}

/** Index after a dotted quad starting at `at`, or -1. */
export function readIpv4(text: string, at: number): number {
  let k = at;
  for (let octet = 0; octet < 4; octet++) {
    if (octet > 0) {
      if (text.charCodeAt(k) !== DOT) return -1;
      k++;
    }
    k = readOctet(text, k);
    if (k < 0) return -1;
  }
  const after = text.charCodeAt(k);
  if (after === DOT && isAsciiDigit(text.charCodeAt(k + 1))) return -1; // a version number: 1.2.3.4.5
  if (isWordCode(after)) return -1;
  return k;
}

function findIpv4(text: string, found: Candidate[]): void {
  let resumeAt = 0;
  let dot = text.indexOf('.');
  while (dot >= 0) {
    let start = dot;
    while (start > resumeAt && dot - start < 3 && isAsciiDigit(text.charCodeAt(start - 1))) start--;
    const before = text.charCodeAt(start - 1);
    let next = dot + 1;
    if (start < dot && !isWordCode(before) && before !== DOT) {
      const end = readIpv4(text, start);
      if (end > 0) {
        next = extendPastHost(text, end);
        found.push({ start, end: next, source: 'ip' });
      }
    }
    resumeAt = next;
    dot = text.indexOf('.', next);
  }
}

/**
 * IPv6 literals: the full eight groups, or a compressed form with "::" and at least one digit
 * ("2001:db8::1", "fe80::1"), or anything in square brackets. Clock times (10:30:45) have neither.
 */
function findIpv6(text: string, found: Candidate[]): void {
  let resumeAt = 0;
  let colon = text.indexOf(':');
  while (colon >= 0) {
    let start = colon;
    while (start > resumeAt && colon - start < 4 && isHexDigit(text.charCodeAt(start - 1))) start--;
    const before = text.charCodeAt(start - 1);
    const bounded = !isWordCode(before) && before !== COLON && before !== DOT;
    let next = colon + 1;
    if (bounded && (start < colon || text.charCodeAt(colon + 1) === COLON)) {
      const end = readIpv6(text, start);
      if (end > start) {
        const bracketed = before === 0x5b && text.charCodeAt(end) === 0x5d;
        next = extendPastHost(text, bracketed ? end + 1 : end);
        found.push({ start: bracketed ? start - 1 : start, end: next, source: 'ip' });
      }
    }
    resumeAt = next;
    colon = text.indexOf(':', next);
  }
}

function readIpv6(text: string, at: number): number {
  let k = at;
  let groups = 0;
  let compressed = false;
  let digits = false;
  while (k < text.length) {
    if (text.charCodeAt(k) === COLON && text.charCodeAt(k + 1) === COLON) {
      if (compressed) return -1;
      compressed = true;
      k += 2;
      continue;
    }
    const groupStart = k;
    while (k < text.length && k - groupStart < 5 && isHexDigit(text.charCodeAt(k))) {
      if (isAsciiDigit(text.charCodeAt(k))) digits = true;
      k++;
    }
    const length = k - groupStart;
    if (length === 0) break;
    if (length > 4) return -1;
    if (text.charCodeAt(k) === DOT && (groups >= 1 || compressed)) {
      // embedded IPv4 tail: ::ffff:192.0.2.1
      const v4End = readIpv4(text, groupStart);
      if (v4End < 0) return -1;
      groups += 2;
      k = v4End;
      break;
    }
    groups++;
    if (groups > 8) return -1;
    if (text.charCodeAt(k) === COLON && text.charCodeAt(k + 1) !== COLON) {
      if (!isHexDigit(text.charCodeAt(k + 1))) break;
      k++;
    }
  }
  if (isWordCode(text.charCodeAt(k))) return -1;
  const bracketed = text.charCodeAt(at - 1) === 0x5b && text.charCodeAt(k) === 0x5d;
  if (bracketed && compressed) return k;
  if (compressed && groups >= 2 && digits) return k;
  return groups === 8 && !compressed ? k : -1;
}

// -- markup ----------------------------------------------------------------------------------------

export function findMarkup(text: string): MarkupLink[] {
  const links: MarkupLink[] = [];
  findMarkdownLinks(text, links);
  findHtmlAnchors(text, links);
  findBbcodeLinks(text, links);
  return links.sort((a, b) => a.start - b.start);
}

/** [text](target): the '[' is the last one seen on the same line. */
function findMarkdownLinks(text: string, links: MarkupLink[]): void {
  const brackets = /[[\]\n\r\u2028\u2029]/g;
  let open = -1;
  let nextSpace = -1; // cached: a target never runs past whitespace
  let hit = brackets.exec(text);
  while (hit !== null) {
    const i = hit.index;
    const ch = text[i];
    if (ch === '[') {
      open = i;
    } else if (ch !== ']') {
      open = -1; // a line break
    } else if (open >= 0 && text.charCodeAt(i + 1) === 0x28 /* ( */) {
      const targetStart = i + 2;
      if (nextSpace < targetStart) nextSpace = nextWith(text, targetStart, SPACE_CHAR);
      const targetEnd = closingParenthesis(text, targetStart, nextSpace);
      if (targetEnd > targetStart) {
        links.push({ start: open, end: targetEnd + 1, kind: 'markdown', targetStart, targetEnd });
      }
      open = -1;
      // Continue after the target, or after the stretch just scanned in vain, so no text is read twice.
      brackets.lastIndex = targetEnd >= 0 ? targetEnd : nextSpace;
    }
    hit = brackets.exec(text);
  }
}

/** The ')' that closes a Markdown target starting at `from`, before `limit`, or -1. */
function closingParenthesis(text: string, from: number, limit: number): number {
  let depth = 0;
  for (let k = from; k < limit; k++) {
    const code = text.charCodeAt(k);
    if (code === 0x28) depth++;
    else if (code === 0x29) {
      if (depth === 0) return k;
      depth--;
    }
  }
  return -1;
}

function startsWithIgnoringCase(text: string, at: number, word: string): boolean {
  return text.slice(at, at + word.length).toLowerCase() === word;
}

/** <a … href=…>: an HTML anchor counts whatever it points to. */
function findHtmlAnchors(text: string, links: MarkupLink[]): void {
  let i = text.indexOf('<');
  while (i >= 0 && i < text.length) {
    const isAnchor = (text[i + 1] === 'a' || text[i + 1] === 'A') && isSpaceCode(text.charCodeAt(i + 2));
    if (!isAnchor) {
      i = text.indexOf('<', i + 1);
      continue;
    }
    const close = text.indexOf('>', i);
    if (close < 0) return;
    const tag = text.slice(i, close).toLowerCase();
    const href = tag.indexOf('href');
    if (href >= 0) links.push({ start: i, end: close + 1, kind: 'html', targetStart: i + href, targetEnd: close });
    i = text.indexOf('<', close + 1);
  }
}

/** [url]…[/url] and [url=…]…[/url]: the forum markup for links, flagged up to the closing tag. */
function findBbcodeLinks(text: string, links: MarkupLink[]): void {
  const closers = /\[\/url\]/gi;
  let closer: RegExpExecArray | null = null;
  let i = text.indexOf('[');
  while (i >= 0) {
    const after = text[i + 4];
    if (startsWithIgnoringCase(text, i + 1, 'url') && (after === ']' || after === '=')) {
      const openEnd = text.indexOf(']', i);
      if (openEnd < 0) return;
      // The next closing tag is found once and reused while it is still ahead, to stay linear.
      if (closer === null || closer.index < openEnd) {
        closers.lastIndex = openEnd;
        closer = closers.exec(text);
      }
      const end = closer === null ? openEnd + 1 : closer.index + closer[0].length;
      links.push({ start: i, end, kind: 'bbcode', targetStart: i, targetEnd: end });
      i = text.indexOf('[', end);
      continue;
    }
    i = text.indexOf('[', i + 1);
  }
}

