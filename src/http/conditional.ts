// ETags and 304 Not Modified. The ETag is a hash of the body, so it is right for any page without
// each route having to know what its page depends on.
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export function etagOf(body: Buffer): string {
  return `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

/** True when the client's copy is current (If-None-Match wins over If-Modified-Since, as RFC 9110 says). */
export function isNotModified(headers: IncomingHttpHeaders, etag: string | undefined, lastModified: string | undefined): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (!etag) return false;
    const bare = etag.replace(/^W\//, '');
    return ifNoneMatch === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
  }
  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince && lastModified) {
    const since = Date.parse(ifModifiedSince);
    const modified = Date.parse(lastModified);
    return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
  }
  return false;
}
