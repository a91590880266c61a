// Text from writers' tools as it is stored: control characters that word processors and pasted text
// carry (a vertical tab for a manual line break, a form feed, a stray \x01) would reach pages, feeds
// and sitemaps, where XML does not allow them.

/* eslint-disable no-control-regex -- control characters are what these functions take out */
const LINE_CONTROLS = /[\u0000-\u001f\u007f]+/g;
const PAGE_BREAKS = /[\u000b\u000c]/g;
const BLOCK_CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f]/g;
/* eslint-enable no-control-regex */

/** One line of text (a headline, a standfirst, a tag): control characters and runs of spaces become one space. */
export function oneLine(text: string): string {
  return text.replace(LINE_CONTROLS, ' ').replace(/ {2,}/g, ' ').trim();
}

/** Text of many lines (Markdown): a vertical tab or form feed becomes a line break, other controls go. */
export function withoutControlCharacters(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(PAGE_BREAKS, '\n').replace(BLOCK_CONTROLS, '');
}
