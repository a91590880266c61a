// The hooks around every response that make public pages cheap: ETag and 304, storing pages in the
// page cache, filling in each response's fresh value, and emptying the cache when content changes
// (here, at a scheduled publication time, or in another process).
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../context.js';
import { nextScheduledAt } from '../modules/articles/articles.service.js';
import { trackContentVersion } from '../shared/content-version.js';
import { issueFormToken } from '../shared/form-token.js';
import { utf8Bytes } from '../shared/utf8.js';
import { etagOf, isNotModified } from './conditional.js';
import { fillFreshValue, PageCache } from './page-cache.js';
import type { PageArticle } from './views.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's responses may be kept in the page cache. */
    pageCache?: boolean;
  }
  interface FastifyRequest {
    /** ContentEvents.version when the request arrived: a page rendered across a change is not stored. */
    contentVersion: number;
    /** The article an article page shows, for the page cache (set by sendHtml()). */
    pageArticle: PageArticle | undefined;
  }
}

/** The signed "form shown at" time that replaces FRESH_VALUE_MARKER in each response. */
export function freshFormToken(ctx: Ctx): string {
  return issueFormToken(ctx.clock.now(), ctx.config.sessionSecret);
}

/** The page cache when PAGE_CACHE is on. It must exist before the server does: it answers first. */
export function createPageCache(ctx: Ctx): PageCache | null {
  if (!ctx.config.pageCache) return null;
  const cache: PageCache = new PageCache({
    maxBytes: ctx.config.pageCacheBytes,
    now: () => ctx.clock.now().getTime(),
    onExpired: () => void refreshExpiry(ctx, cache),
    freshValue: () => freshFormToken(ctx),
  });
  return cache;
}

/** The cache empties itself when the next scheduled article goes live. */
async function refreshExpiry(ctx: Ctx, cache: PageCache): Promise<void> {
  try {
    cache.expireAt(await nextScheduledAt(ctx));
  } catch {
    cache.clear();
  }
}

export async function installPageHooks(app: FastifyInstance, ctx: Ctx, pageCache: PageCache | null): Promise<void> {
  app.decorateRequest('contentVersion', 0);
  app.decorateRequest('pageArticle', undefined);
  app.addHook('onRequest', async (request) => {
    request.contentVersion = ctx.events.version;
  });

  // Pages are turned into bytes once, here: the ETag is hashed from them, the page cache keeps them,
  // and the framework sends them without encoding the text again.
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const bytes = typeof payload === 'string' ? utf8Bytes(payload) : payload;
    if ((request.method === 'GET' || request.method === 'HEAD') && reply.statusCode === 200) {
      const etag = (reply.getHeader('etag') as string | undefined) ?? etagOf(bytes);
      void reply.header('etag', etag).header('vary', 'Accept-Encoding');
      if (pageCache && request.routeOptions.config.pageCache && PageCache.isCacheableRequest(request.raw) && request.contentVersion === ctx.events.version) {
        const stored: Record<string, string> = {};
        for (const [name, value] of Object.entries(reply.getHeaders())) {
          if (value !== undefined && name !== 'content-length') stored[name] = String(value);
        }
        pageCache.store(request.url, stored, bytes, request.pageArticle);
      }
      if (isNotModified(request.headers, etag, reply.getHeader('last-modified') as string | undefined)) {
        void reply.code(304);
        return '';
      }
    }
    // The page (and the copy in the cache) holds a place for a fresh value; this response gets one.
    return fillFreshValue(bytes, () => freshFormToken(ctx));
  });

  if (pageCache) {
    ctx.events.onChange((change) => {
      // A comment changes its article's page and every list that shows comment counts, not the rest.
      if (change.kind === 'comment' && change.id && change.sectionIds) {
        pageCache.clearAfterComment(change.id, change.sectionIds);
      } else {
        pageCache.clear();
      }
      // Only articles carry publication times; a new comment cannot move the next one.
      if (change.kind !== 'comment') void refreshExpiry(ctx, pageCache);
    });
    await refreshExpiry(ctx, pageCache);
  }
  const tracker = await trackContentVersion(ctx.db, ctx.events);
  app.addHook('onClose', async () => tracker.stop());
}
