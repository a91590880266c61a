// Feeds and crawler files: /feed.xml and /atom.xml (site and per section), robots.txt, the sitemaps and the news sitemap.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Ctx } from '../../context.js';
import { notFound } from '../../http/errors.js';
import type { PageDeps } from '../../http/page.js';
import { mostRecent } from '../../shared/clock.js';
import { getSectionBySlug, type Section } from '../sections/sections.service.js';
import { openSearchXml, robotsTxt } from './feed-xml.js';
import { buildArticlesSitemap, buildFeed, buildNewsSitemap, buildPagesSitemap, buildSitemap, type XmlDocument } from './feeds.service.js';

const RSS = 'application/rss+xml';
const ATOM = 'application/atom+xml';
const XML = 'application/xml';
/** Feed readers and crawlers poll; five minutes of reuse is fresh enough for news and spares the database. */
const CACHE_CONTROL = 'public, max-age=300';

/**
 * An article taken down leaves the newest remaining time as it was, so Last-Modified is never earlier
 * than the last change to articles this process learned of (or its start): a reader asking by date alone
 * then gets the list without it.
 */
function sendXml(reply: FastifyReply, type: string, doc: XmlDocument, floor: Date): FastifyReply {
  void reply.header('content-type', `${type}; charset=utf-8`).header('cache-control', CACHE_CONTROL);
  void reply.header('last-modified', mostRecent([doc.lastModified, floor])!.toUTCString());
  return reply.send(doc.body);
}

async function sectionOf(ctx: Ctx, slug: string): Promise<Section> {
  const section = await getSectionBySlug(ctx, slug);
  if (!section) throw notFound('section');
  return section;
}

export async function feedRoutes(app: FastifyInstance, deps: PageDeps): Promise<void> {
  const { ctx } = deps;
  const cached = { config: { pageCache: true } };
  const send = (reply: FastifyReply, type: string, doc: XmlDocument) => sendXml(reply, type, doc, ctx.events.articlesChangedAt);
  type SectionRequest = { Params: { section: string } };

  app.get('/feed.xml', cached, async (_request, reply) => send(reply, RSS, await buildFeed(ctx, 'rss')));
  app.get('/atom.xml', cached, async (_request, reply) => send(reply, ATOM, await buildFeed(ctx, 'atom')));
  app.get<SectionRequest>('/:section/feed.xml', cached, async (request, reply) =>
    send(reply, RSS, await buildFeed(ctx, 'rss', await sectionOf(ctx, request.params.section))),
  );
  app.get<SectionRequest>('/:section/atom.xml', cached, async (request, reply) =>
    send(reply, ATOM, await buildFeed(ctx, 'atom', await sectionOf(ctx, request.params.section))),
  );

  app.get('/robots.txt', cached, async (_request, reply) =>
    reply.header('content-type', 'text/plain; charset=utf-8').header('cache-control', CACHE_CONTROL).send(robotsTxt(ctx.config.siteUrl)),
  );
  app.get('/opensearch.xml', cached, async (_request, reply) =>
    reply.header('content-type', 'application/opensearchdescription+xml; charset=utf-8').header('cache-control', CACHE_CONTROL).send(openSearchXml(ctx.config.siteName, ctx.config.siteUrl)),
  );
  app.get('/sitemap.xml', cached, async (_request, reply) => send(reply, XML, await buildSitemap(ctx)));
  app.get('/sitemap-news.xml', cached, async (_request, reply) => send(reply, XML, await buildNewsSitemap(ctx)));
  app.get('/sitemaps/pages.xml', cached, async (_request, reply) => send(reply, XML, await buildPagesSitemap(ctx)));
  app.get<{ Params: { n: string } }>('/sitemaps/articles-:n.xml', cached, async (request, reply) => {
    const n = /^[1-9]\d{0,5}$/.test(request.params.n) ? Number(request.params.n) : 0;
    const doc = n > 0 ? await buildArticlesSitemap(ctx, n) : undefined;
    if (!doc) throw notFound();
    return send(reply, XML, doc);
  });
}
