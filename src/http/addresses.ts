// Addresses: those a reader may type or follow that are not the page's own, sent on (301) to the one that is,
// and the one the server listens on, as its start-up message gives it.
import { isIPv6 } from 'node:net';

/**
 * For a page not found at an address with capitals ("/World"), the same address in lower case, where
 * every slug lives; null for anything else. Percent escapes keep their case ("%C3%A9" is how browsers
 * write them): an address whose only capitals are in escapes is no other page's. Never a "//host"
 * address, which would lead off the site.
 */
export function lowerCaseAddress(url: string): string | null {
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\')) return null;
  const lower = path.replace(/%[0-9A-Fa-f]{2}|[^%]+/g, (part) => (part.startsWith('%') ? part : part.toLowerCase()));
  return lower === path ? null : lower + (queryAt < 0 ? '' : url.slice(queryAt));
}

/**
 * For a page address with a slash at the end ("/world/", "/world/harbour-talks/?cpage=2"), the same
 * address without it, so that each page has one address (and one place in caches); null for anything
 * else, for the API (whose clients call exact paths) and never a "//host" address.
 */
export function addressWithoutTrailingSlash(url: string): string | null {
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  if (path.length < 2 || !path.endsWith('/') || path.startsWith('/api/')) return null;
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--; // a loop: a regular expression here could backtrack
  const trimmed = path.slice(0, end);
  if (!trimmed.startsWith('/') || trimmed.startsWith('//') || trimmed.includes('\\')) return null;
  return trimmed + (queryAt < 0 ? '' : url.slice(queryAt));
}

/** The address the server listens on as a URL an operator can open: an IPv6 address goes in brackets. */
export function listeningUrl(host: string, port: number): string {
  return `http://${isIPv6(host) ? `[${host}]` : host}:${port}`;
}
