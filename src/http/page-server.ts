// The page server answers a stranger's request for a public page before the web framework sees it:
// a GET or HEAD with no Broadsheet cookie and no query string but a listing's page number (requests
// the page cache may answer). The route's own render function makes the page, exactly as the framework's route does;
// only the framework's per-request work (request and reply objects, hooks, plugins) is left out. What
// it does not handle (anything unusual, a redirect, a 404, an error) goes on to the framework, which
// answers as it always has.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { FastifyBaseLogger } from 'fastify';
import type { Ctx } from '../context.js';
import { utf8Bytes } from '../shared/utf8.js';
import { etagOf, isNotModified } from './conditional.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { DomainError } from './errors.js';
import { freshValueParts, PageCache, pickEncoding } from './page-cache.js';
import { pageHeaders, type RenderedPage } from './views.js';

/**
 * Renders the page for a path's segments (and a listing's page number, from `?page=N` with N ≥ 2), or
 * returns null when the path is not one of its pages.
 */
export type PageRoute = (segments: string[], page: number | undefined) => Promise<RenderedPage | null> | null;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
/**
 * Paths a page route can be asked for: the front page, or one or two slugs, with no query string but a
 * listing's page number from 2 on, written as the site's own links write it. Anything else goes to the framework.
 */
const PAGE_URL = /^(\/|(?:\/[a-z0-9][a-z0-9-]{0,199}){1,2})(?:\?page=([2-9]|[1-9]\d{1,5}))?$/;

/**
 * A route's lookup with "not found" turned into null: the framework answers those (with its 404 page),
 * while any other failure reaches the page server's error log.
 */
export function orNotFound<T>(lookup: Promise<T>): Promise<T | null> {
  return lookup.catch((error: unknown) => {
    if (error instanceof DomainError && error.code === 'not_found') return null;
    throw error;
  });
}

export interface PageServerOptions {
  ctx: Ctx;
  /** Headers every response carries (security headers). */
  headers: Record<string, string>;
  cache: PageCache | null;
  /** The fresh value each response gets in place of FRESH_VALUE_MARKER. */
  freshValue: () => string;
  log?: FastifyBaseLogger;
}

export class PageServer {
  private readonly routes: PageRoute[] = [];
  private readonly logRequests: boolean;
  /** Pages this server rendered and sent itself (the rest went on to the framework). */
  served = 0;
  /** Requests whose page failed because the database did not answer, with that failure (see handedOnFailure). */
  private readonly failures = new WeakMap<IncomingMessage, unknown>();

  constructor(private readonly options: PageServerOptions) {
    this.logRequests = options.log !== undefined && ['info', 'debug', 'trace'].includes(options.log.level);
  }

  add(route: PageRoute): void {
    this.routes.push(route);
  }

  /**
   * The failure of a request this server passed on because the database did not answer. The framework
   * answers it with its error page straight away: asking the database again would make the reader wait
   * for a silent database twice.
   */
  handedOnFailure(req: IncomingMessage): unknown {
    return this.failures.get(req);
  }

  /**
   * Takes the request if one of the routes may answer it, and returns true; the request then goes to
   * `next` (the framework) if the route finds no page or fails. Returns false for every other request.
   */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): boolean {
    const url = req.url ?? '';
    const parts = PageCache.isCacheableRequest(req) ? PAGE_URL.exec(url) : null;
    if (!parts) return false;
    const path = parts[1]!;
    const segments = path === '/' ? [] : path.slice(1).split('/');
    const page = parts[2] === undefined ? undefined : Number(parts[2]);
    for (const route of this.routes) {
      let rendering: ReturnType<PageRoute>;
      try {
        rendering = route(segments, page);
      } catch (error) {
        this.options.log?.error({ err: error, url }, 'page server: a route failed, passing the request on');
        return false;
      }
      if (!rendering) continue;
      const started = performance.now();
      const version = this.options.ctx.events.version;
      const fail = (error: unknown) => {
        if (isDatabaseUnavailable(error)) this.failures.set(req, error);
        else this.options.log?.error({ err: error, url }, 'page server: the page failed, passing the request on');
        // The framework answers, unless this response began: with the 503 page at once when the database
        // did not answer (see handedOnFailure), otherwise by running the route again (its error page if it fails again).
        if (!res.headersSent) next();
        else res.destroy();
      };
      rendering.then((page) => {
        if (!page || (page.options.status ?? 200) !== 200 || page.options.private) {
          next();
          return;
        }
        this.served++;
        this.send(req, res, url, page, version, started).catch(fail);
      }, fail);
      return true;
    }
    return false;
  }

  private async send(req: IncomingMessage, res: ServerResponse, url: string, page: RenderedPage, version: number, started: number): Promise<void> {
    const { ctx, cache } = this.options;
    const bytes = utf8Bytes(page.html);
    const etag = etagOf(bytes);
    const headers: Record<string, string> = { ...this.options.headers, ...pageHeaders(page.options).headers, etag, vary: 'Accept-Encoding' };
    // A page rendered while content changed may already be stale: it is sent, not kept.
    if (cache && version === ctx.events.version) {
      cache.store(url, headers, bytes, page.options.article);
      if (cache.tryServe(req, res, true)) {
        this.logged(req, res, started);
        return;
      }
    }
    if (isNotModified(req.headers, etag, headers['last-modified'])) {
      res.writeHead(304, { ...this.options.headers, etag, 'cache-control': headers['cache-control']!, vary: 'Accept-Encoding' });
      res.end();
      this.logged(req, res, started);
      return;
    }
    const parts = freshValueParts(bytes, this.options.freshValue);
    const length = parts.reduce((n, part) => n + part.length, 0);
    const encoding = length >= 1024 ? pickEncoding(req.headers['accept-encoding']) : undefined;
    if (!encoding) {
      this.write(req, res, headers, parts, length, started);
      return;
    }
    const body = parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
    const compressed = await (encoding === 'br' ? brotli(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } }) : gzipAsync(body));
    this.write(req, res, { ...headers, 'content-encoding': encoding }, [compressed], compressed.length, started);
  }

  /** Sends the body as the parts it is in (a page around its fresh value is not copied into one buffer). */
  private write(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>, parts: Buffer[], length: number, started: number): void {
    res.writeHead(200, { ...headers, 'content-length': length });
    if (req.method === 'HEAD') res.end();
    else if (parts.length === 1) res.end(parts[0]);
    else {
      res.cork();
      for (const part of parts) res.write(part);
      res.end();
    }
    this.logged(req, res, started);
  }

  /** One line per response at info level, as the framework logs the requests it answers. */
  private logged(req: IncomingMessage, res: ServerResponse, started: number): void {
    if (this.logRequests) {
      this.options.log!.info({ req: { method: req.method, url: req.url }, res: { statusCode: res.statusCode }, responseTime: performance.now() - started, pageServer: true }, 'request completed');
    }
  }
}
