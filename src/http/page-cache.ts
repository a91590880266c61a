// The page cache keeps finished public pages in memory and answers repeat requests for them before the
// web framework sees the request: no routing, no queries, no rendering. It is emptied whenever content
// changes (ContentEvents, relayed between nodes when REDIS_URL is set) and when a scheduled article's
// time comes. Requests that carry a Broadsheet cookie always go to the application.
import { brotliCompressSync, constants as zlib, crc32, deflateRawSync, gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isNotModified } from './conditional.js';
import type { PageArticle } from './views.js';

export const PRIVATE_COOKIE_PREFIX = 'bs_';

/**
 * Query parameters that links shared on social networks, in newsletters and in ads carry for the
 * sender's own analytics (utm_* and the click ids). Pages never read them, and a click id is new on every
 * click, so each would make a page of its own in the cache: the shared copy of the most read article
 * would never be a hit.
 */
const TRACKING_PARAMETERS = new Set([
  'fbclid', 'gclid', 'gbraid', 'wbraid', 'dclid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 'igshid',
  'mc_cid', 'mc_eid', '_ga', '_gl', 'mkt_tok', '_hsenc', '_hsmi', 'ref_src', 'ref_url',
]);

function isTrackingParameter(pair: string): boolean {
  const end = pair.indexOf('=');
  const name = (end === -1 ? pair : pair.slice(0, end)).toLowerCase();
  return name.startsWith('utm_') || TRACKING_PARAMETERS.has(name);
}

/** The address a page is kept under: the request's, without tracking parameters (the same page). */
export function cacheKeyOf(url: string): string {
  const queryAt = url.indexOf('?');
  if (queryAt === -1) return url;
  const kept = url.slice(queryAt + 1).split('&').filter((pair) => pair !== '' && !isTrackingParameter(pair));
  return kept.length === 0 ? url.slice(0, queryAt) : `${url.slice(0, queryAt)}?${kept.join('&')}`;
}

/** The least number of pages remembered as asked for once, while the cache itself holds fewer. */
const MIN_SEEN_ONCE = 256;

/**
 * A page may hold one place for a value that must be new on every response (the signed time a comment
 * form was shown). The cache keeps the page around that place and fills it in per response; for gzip
 * the two halves are compressed once and the value goes between them as a stored deflate block.
 */
export const FRESH_VALUE_MARKER = '__BS_FRESH_VALUE__';
const MARKER_BYTES = Buffer.from(FRESH_VALUE_MARKER);

/**
 * A page as one response sends it, in parts to write one after the other: the page around its
 * fresh-value place with the value between (views into the page, no copy), or the page itself.
 */
export function freshValueParts(page: Buffer, value: () => string): Buffer[] {
  const at = page.indexOf(MARKER_BYTES);
  if (at === -1) return [page];
  return [page.subarray(0, at), Buffer.from(value(), 'latin1'), page.subarray(at + MARKER_BYTES.length)];
}

/** The same as one buffer (a new one when there is a value to fill in). */
export function fillFreshValue(page: Buffer, value: () => string): Buffer {
  const parts = freshValueParts(page, value);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** The page around its fresh-value place: views into the stored page, no copies. */
interface Hole {
  prefix: Buffer;
  suffix: Buffer;
  /** The two halves compressed, made on the first gzip request for the page. */
  gzip?: { prefix: Buffer; suffix: Buffer; prefixCrc: number };
}

interface Entry {
  headers: Record<string, string>;
  /** The article an article page shows; undefined for every other page. */
  article: PageArticle | undefined;
  body: Buffer;
  hole?: Hole;
  etag: string | undefined;
  lastModified: string | undefined;
  br?: Buffer;
  gzip?: Buffer;
}

/** Bytes an entry holds: the page and whichever compressed forms have been made so far. */
function entrySize(entry: Entry): number {
  const gzipHole = entry.hole?.gzip;
  return entry.body.length + (entry.br?.length ?? 0) + (entry.gzip?.length ?? 0) + (gzipHole ? gzipHole.prefix.length + gzipHole.suffix.length : 0);
}

export interface PageCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  now?: () => number;
  /** Called after the cache empties itself at a scheduled time, so the owner can set the next one. */
  onExpired?: () => void;
  /** Makes the value that replaces FRESH_VALUE_MARKER in each response (ASCII, under 100 bytes). */
  freshValue?: () => string;
}

export class PageCache {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly now: () => number;
  private readonly onExpired: (() => void) | undefined;
  private readonly freshValue: () => string;
  /** A fresh value is made at most once a second and shared by the responses of that second. */
  private fresh = { value: '', second: -1 };
  /** Everything cached is dropped once this moment passes (the next scheduled publication). */
  private expiresAt = Number.POSITIVE_INFINITY;
  /**
   * Pages asked for once lately and not kept (see store()). Emptied when it holds as many pages as the
   * cache has held at most, so "lately" means within about one cache's worth of other pages.
   */
  private seenOnce = new Set<string>();
  private mostEntries = 0;
  hits = 0;
  misses = 0;
  /** Pages offered to the cache and kept, and those left out because they had been asked for only once. */
  stored = 0;
  skipped = 0;

  constructor(options: PageCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.now = options.now ?? Date.now;
    this.onExpired = options.onExpired;
    this.freshValue = options.freshValue ?? (() => '');
  }

  get size(): number {
    return this.entries.size;
  }

  /** Whether a request may be answered from, or stored in, the cache. */
  static isCacheableRequest(req: IncomingMessage): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const cookie = req.headers.cookie;
    return cookie === undefined || !cookie.includes(PRIVATE_COOKIE_PREFIX);
  }

  expireAt(at: Date | undefined): void {
    this.expiresAt = at ? at.getTime() : Number.POSITIVE_INFINITY;
  }

  /**
   * Empties the cache. The pages it held are remembered as asked for, so that each is kept again on its
   * next request instead of its second: a busy site empties the cache on every change.
   */
  clear(): void {
    this.seenOnce = new Set(this.entries.keys());
    this.entries.clear();
    this.bytes = 0;
  }

  /**
   * Keeps a page, unless it is the first time lately that this page has been asked for. A page read
   * once and never again (most of a large archive) would only push out pages that are read often, and
   * every page kept and later pushed out is memory the process holds until a full garbage collection.
   */
  store(url: string, headers: Record<string, string>, body: Buffer, article?: PageArticle): void {
    if (body.length > this.maxBytes / 16) return;
    const key = cacheKeyOf(url);
    if (!this.entries.has(key) && !this.seenOnce.delete(key)) {
      if (this.seenOnce.size >= Math.max(MIN_SEEN_ONCE, this.mostEntries)) this.seenOnce.clear();
      this.seenOnce.add(key);
      this.skipped++;
      return;
    }
    this.stored++;
    this.drop(key);
    while (this.entries.size >= this.maxEntries || (this.bytes + body.length > this.maxBytes && this.entries.size > 0)) {
      const oldest = this.entries.keys().next().value as string;
      this.drop(oldest);
    }
    const entry: Entry = { headers, body, article, etag: headers.etag, lastModified: headers['last-modified'] };
    const at = body.indexOf(MARKER_BYTES);
    if (at !== -1) entry.hole = { prefix: body.subarray(0, at), suffix: body.subarray(at + MARKER_BYTES.length) };
    this.entries.set(key, entry);
    this.bytes += entrySize(entry);
    this.mostEntries = Math.max(this.mostEntries, this.entries.size);
  }

  /**
   * Empties the cache of what a new, changed or removed comment on an article changes: that article's
   * pages, every page that is not an article page (lists show comment counts), and the article pages
   * of every section the article is listed in (their related articles may show its count). Other
   * article pages stay.
   */
  clearAfterComment(articleId: string, sectionIds: readonly string[]): void {
    for (const [key, entry] of this.entries) {
      if (!entry.article || entry.article.id === articleId || sectionIds.includes(entry.article.sectionId)) {
        this.seenOnce.add(key);
        this.drop(key);
      }
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entrySize(entry);
    this.entries.delete(key);
  }

  /** Makes a compressed form of an entry once, and counts it. */
  private grow<T>(entry: Entry, make: () => T): T {
    const before = entrySize(entry);
    const made = make();
    this.bytes += entrySize(entry) - before;
    return made;
  }

  /**
   * Answers the request from the cache if it can; returns false to pass it on to the application.
   * `justStored`: the page was rendered for this very request and then stored, so it counts as neither a hit nor a miss.
   */
  tryServe(req: IncomingMessage, res: ServerResponse, justStored = false): boolean {
    if (this.entries.size === 0 || !PageCache.isCacheableRequest(req)) return false;
    if (this.now() >= this.expiresAt) {
      this.clear();
      this.expiresAt = Number.POSITIVE_INFINITY;
      this.onExpired?.();
      return false;
    }
    const entry = this.entries.get(cacheKeyOf(req.url ?? ''));
    if (!entry) {
      if (!justStored) this.misses++;
      return false;
    }
    if (!justStored) this.hits++;
    if (isNotModified(req.headers, entry.etag, entry.lastModified)) {
      res.writeHead(304, { etag: entry.etag ?? '', 'cache-control': entry.headers['cache-control'] ?? '', vary: 'Accept-Encoding' });
      res.end();
      return true;
    }
    const headers: Record<string, string | number> = { ...entry.headers };
    if (entry.hole) {
      const gzip = acceptsGzip(req.headers['accept-encoding']);
      if (gzip && !entry.hole.gzip) this.grow(entry, () => (entry.hole!.gzip = gzipHalves(entry.hole!.prefix, entry.hole!.suffix)));
      const parts = withFreshValue(entry.hole, this.currentFreshValue(), gzip);
      if (parts.gzip) headers['content-encoding'] = 'gzip';
      headers['content-length'] = parts.length;
      res.writeHead(200, headers);
      if (req.method === 'HEAD') {
        res.end();
        return true;
      }
      // Written as they are: no copy of the page per response.
      res.cork();
      for (const chunk of parts.chunks) res.write(chunk);
      res.end();
      return true;
    }
    const encoding = pickEncoding(req.headers['accept-encoding']);
    let body = entry.body;
    if (encoding && body.length >= 1024) {
      body = this.compressed(entry, encoding);
      headers['content-encoding'] = encoding;
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  }

  private currentFreshValue(): string {
    const second = Math.floor(this.now() / 1000);
    if (this.fresh.second !== second) this.fresh = { value: this.freshValue(), second };
    return this.fresh.value;
  }

  private compressed(entry: Entry, encoding: 'br' | 'gzip'): Buffer {
    if (encoding === 'br') return entry.br ?? this.grow(entry, () => (entry.br = brotliCompressSync(entry.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } })));
    return entry.gzip ?? this.grow(entry, () => (entry.gzip = gzipSync(entry.body, { level: 6 })));
  }
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);

/** Each half compressed once; a sync flush ends the first half on a byte boundary without ending the deflate stream. */
function gzipHalves(prefix: Buffer, suffix: Buffer): NonNullable<Hole['gzip']> {
  return {
    prefix: Buffer.concat([GZIP_HEADER, deflateRawSync(prefix, { level: 6, finishFlush: zlib.Z_SYNC_FLUSH })]),
    suffix: deflateRawSync(suffix, { level: 6 }),
    prefixCrc: crc32(prefix),
  };
}

/** The page with the value filled in, as chunks of plain bytes or of one gzip member. */
export function withFreshValue(hole: Hole, value: string, gzip: boolean): { chunks: Buffer[]; length: number; gzip: boolean } {
  const middle = Buffer.from(value, 'latin1');
  if (!gzip || !hole.gzip) return { chunks: [hole.prefix, middle, hole.suffix], length: hole.prefix.length + middle.length + hole.suffix.length, gzip: false };
  // A stored (uncompressed) deflate block: BFINAL=0, BTYPE=00, then LEN and its one's complement.
  const stored = Buffer.alloc(5);
  stored[0] = 0;
  stored.writeUInt16LE(middle.length, 1);
  stored.writeUInt16LE(~middle.length & 0xffff, 3);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(hole.suffix, crc32(middle, hole.gzip.prefixCrc)) >>> 0, 0);
  trailer.writeUInt32LE((hole.prefix.length + middle.length + hole.suffix.length) >>> 0, 4);
  const chunks = [hole.gzip.prefix, stored, middle, hole.gzip.suffix, trailer];
  return { chunks, length: chunks.reduce((n, c) => n + c.length, 0), gzip: true };
}

function acceptsGzip(acceptEncoding: string | string[] | undefined): boolean {
  if (!acceptEncoding) return false;
  const value = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  return /\bgzip\b(?!;q=0(?:\.0*)?\b)/.test(value);
}

export function pickEncoding(acceptEncoding: string | string[] | undefined): 'br' | 'gzip' | undefined {
  if (!acceptEncoding) return undefined;
  const value = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (/\bbr\b(?!;q=0(?:\.0*)?\b)/.test(value)) return 'br';
  if (/\bgzip\b(?!;q=0(?:\.0*)?\b)/.test(value)) return 'gzip';
  return undefined;
}
