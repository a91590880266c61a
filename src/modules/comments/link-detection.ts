// The no-links rule for reader comments (PRODUCT.md, "What counts as a link in a comment").
//
// detectLinks(body) returns every address in the body, disguised or not, as offsets into the body
// exactly as the reader submitted it, so the form can mark them in place and the API can return them
// in a `links_not_allowed` error. It is pure and linear in the length of the body:
//
//   1. normalise   link-normalise.ts, link-disguises.ts   a copy with disguises undone + offset map
//   2. find        link-candidates.ts                      linkifyjs plus our own scanners
//   3. judge       link-judge.ts, link-tlds.ts             real TLDs, case and punctuation in context
//   4. report      here                                    back to original offsets, overlaps merged

import { findCandidates, findMarkup, type Candidate, type MarkupLink } from './link-candidates.js';
import { judgeCandidate, type LinkKind } from './link-judge.js';
import type { MappedText } from './link-mapped-text.js';
import { normaliseForLinkSearch } from './link-normalise.js';

export type { LinkKind } from './link-judge.js';

export interface LinkMatch {
  /** UTF-16 offset of the first code unit, in the text as submitted. */
  start: number;
  /** UTF-16 offset just past the last code unit (exclusive). */
  end: number;
  /** Always `text.slice(start, end)` of the submitted text. */
  text: string;
  kind: LinkKind;
}

interface Span {
  start: number;
  end: number;
  kind: LinkKind;
}

export function detectLinks(text: string): LinkMatch[] {
  if (text.length === 0) return [];
  const mapped = normaliseForLinkSearch(text);
  const spans = findLinkSpans(mapped);
  return toOriginalMatches(spans, mapped, text);
}


function findLinkSpans(mapped: MappedText): Span[] {
  const spans: Span[] = [];
  const candidates = findCandidates(mapped.text).sort(byStart);
  let previous: { candidate: Candidate; accepted: boolean } | undefined;
  for (const candidate of candidates) {
    // linkify and our own scanners often propose the same span: judge it once per kind of scanner,
    // and not at all once it is accepted.
    if (previous !== undefined && previous.candidate.start === candidate.start && previous.candidate.end === candidate.end) {
      if (previous.accepted || previous.candidate.source === candidate.source) continue;
    }
    const kind = judgeCandidate(mapped, candidate);
    previous = { candidate, accepted: kind !== null };
    if (kind !== null) spans.push({ start: candidate.start, end: candidate.end, kind });
  }
  spans.sort(byStart);
  // An HTML anchor or a BBCode [url] tag counts whatever it points to; a Markdown link when it points off-site.
  const markup = findMarkup(mapped.text).filter((link) => link.kind !== 'markdown' || targetHasLink(link, spans));
  for (const link of markup) spans.push({ start: link.start, end: link.end, kind: link.kind });
  return mergeSpans(spans);
}

/** A Markdown link counts when an address was found in its target; `spans` is sorted by start. */
function targetHasLink(link: MarkupLink, spans: readonly Span[]): boolean {
  let low = 0;
  let high = spans.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((spans[middle] as Span).start < link.targetStart) low = middle + 1;
    else high = middle;
  }
  const first = spans[low];
  return first !== undefined && first.start < link.targetEnd;
}

const KIND_PRIORITY: Readonly<Record<LinkKind, number>> = {
  markdown: 7, html: 7, bbcode: 7, url: 5, email: 4, www: 3, ip: 2, domain: 1,
};

function byStart(a: Pick<Span, 'start' | 'end'>, b: Pick<Span, 'start' | 'end'>): number {
  return a.start - b.start || b.end - a.end;
}

/** Overlapping spans become one, named after the most specific kind among them. */
function mergeSpans(spans: Span[]): Span[] {
  spans.sort(byStart);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      if (KIND_PRIORITY[span.kind] > KIND_PRIORITY[last.kind]) last.kind = span.kind;
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

function isOriginalSpace(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0xa0 || code === 0x3000;
}

function toOriginalMatches(spans: readonly Span[], mapped: MappedText, original: string): LinkMatch[] {
  const mappedBack: Span[] = [];
  for (const span of spans) {
    let start = mapped.starts[span.start] ?? 0;
    let end = mapped.ends[span.end - 1] ?? start;
    while (start < end && isOriginalSpace(original, start)) start++;
    while (end > start && isOriginalSpace(original, end - 1)) end--;
    if (end > start) mappedBack.push({ start, end, kind: span.kind });
  }
  return mergeSpans(mappedBack).map((span) => ({
    start: span.start,
    end: span.end,
    text: original.slice(span.start, span.end),
    kind: span.kind,
  }));
}

// -- the message for the reader ------------------------------------------------------------------

const QUOTE_LIMIT = 40;
const QUOTES_SHOWN = 3;

function quoteForMessage(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const short = oneLine.length > QUOTE_LIMIT ? `${oneLine.slice(0, QUOTE_LIMIT - 1)}…` : oneLine;
  return `“${short}”`;
}

function listInProse(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * One sentence for the reader naming what looked like a link in the comment (or the name), e.g.
 * `Comments can't contain links or web addresses, so please take out “example.com” and post again.`
 * Returns an empty string when there is nothing to report.
 */
export function describeMatches(matches: readonly Pick<LinkMatch, 'text'>[], field: 'comment' | 'name' = 'comment'): string {
  const quotes = [...new Set(matches.map((match) => quoteForMessage(match.text)))];
  if (quotes.length === 0) return '';
  const shown = quotes.slice(0, QUOTES_SHOWN);
  const hidden = quotes.length - shown.length;
  const named = hidden > 0 ? `${shown.join(', ')} and ${hidden} more` : listInProse(shown);
  return `${field === 'name' ? 'Names' : 'Comments'} can't contain links or web addresses, so please take out ${named} and post again.`;
}
