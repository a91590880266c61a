// buildApp() assembles the web application from its parts. server.ts calls it to listen; tests call it to inject.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import { constants as zlib } from 'node:zlib';
import type { Config } from './config.js';
import type { Ctx } from './context.js';
import { databaseAnswers, type DialectName, type PingResult } from './db/database.js';
import type { Db } from './db/schema.js';
import { addressWithoutTrailingSlash } from './http/addresses.js';
import { errorPageRenderer } from './http/error-pages.js';
import { frameworkErrorResponder, installErrorHandler, methodNotAllowed, notFound, type ErrorPageRenderer } from './http/errors.js';
import { allowHeader, RouteMethods } from './http/route-methods.js';
import type { PageDeps } from './http/page.js';
import type { PageCache } from './http/page-cache.js';
import { createPageCache, freshFormToken, installPageHooks } from './http/page-hooks.js';
import { PageServer } from './http/page-server.js';
import { securityHeaders } from './http/security.js';
import { Views } from './http/views.js';
import { apiRoutes } from './modules/api/api.routes.js';
import { articleRoutes } from './modules/articles/articles.routes.js';
import { feedRoutes } from './modules/feeds/feeds.routes.js';
import { homeRoutes } from './modules/home/home.routes.js';
import { commentRoutes } from './modules/comments/comments.routes.js';
import { reportRoutes } from './modules/comments/comment-reports.routes.js';
import { moderationRoutes } from './modules/moderation/moderation.routes.js';
import { sectionRoutes } from './modules/sections/sections.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { systemClock, type Clock } from './shared/clock.js';
import { ContentEvents } from './shared/content-events.js';
import { PUBLIC_DIR } from './shared/paths.js';
import { MemoryRateLimiter, type RateLimiter } from './shared/rate-limit.js';
import { dateFormats } from './shared/format.js';

export interface AppOptions {
  config: Config;
  db: Db;
  dialect: DialectName;
  clock?: Clock;
  events?: ContentEvents;
  limiter?: RateLimiter;
  /** The health check's question to the database (OpenDb.ping); by default a query through `db`. */
  pingDatabase?: (withinMs: number) => Promise<PingResult>;
}

export interface App {
  app: FastifyInstance;
  ctx: Ctx;
  pageCache: PageCache | null;
  pages: PageServer;
}

const BODY_LIMIT = 64 * 1024;
/** How long the health check waits for the database before it reports the node unhealthy. */
const HEALTH_CHECK_TIMEOUT_MS = 2_000;
/** How long one answer of the database serves the health checks that follow it. */
const HEALTH_CHECK_REUSE_MS = 1_000;
const processTag = randomBytes(3).toString('hex');
let requestCounter = 0;

export async function buildApp(options: AppOptions): Promise<App> {
  const ctx: Ctx = {
    config: options.config,
    db: options.db,
    dialect: options.dialect,
    clock: options.clock ?? systemClock,
    events: options.events ?? new ContentEvents(),
    limiter: options.limiter ?? new MemoryRateLimiter(),
    dates: dateFormats(options.config.siteTimeZone),
  };
  const { config } = ctx;

  const pageCache = createPageCache(ctx);

  const headers = securityHeaders(config);
  // Made below, once the views exist; the router cannot refuse a request before the server listens.
  const errorPages: { render?: ErrorPageRenderer } = {};
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    frameworkErrors: frameworkErrorResponder(headers, () => errorPages.render as ErrorPageRenderer),
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Request ids only need to be unique within this process's log: a counter, not randomness.
    genReqId: () => `${processTag}-${(requestCounter++).toString(36)}`,
    // Unknown query parameters are refused, not silently dropped, so API clients learn about typos.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, useDefaults: true } },
    serverFactory: (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
      createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
        if (pageCache?.tryServe(req, res)) return;
        // The page server is made just below, once the framework's logger exists; nothing listens before then.
        if (pages.handle(req, res, () => handler(req, res))) return;
        handler(req, res);
      }),
  });

  // Every route, for the methods an address answers (405 and OPTIONS in the not-found handler below).
  const routeMethods = new RouteMethods();
  app.addHook('onRoute', (route) => routeMethods.add(route.url, route.method));

  const pages = new PageServer({ ctx, headers, cache: pageCache, freshValue: () => freshFormToken(ctx), log: app.log });
  app.addHook('onRequest', async (request, reply) => {
    void reply.headers(headers);
    const failure = pages.handedOnFailure(request.raw);
    if (failure) throw failure;
    // One address per page: "/world/" is sent on to "/world" (the router would answer both).
    if (request.method === 'GET' || request.method === 'HEAD') {
      const address = addressWithoutTrailingSlash(request.url);
      if (address) return reply.redirect(address, 301);
    }
  });
  // Registered before compression, so conditional requests and the page cache see the plain body.
  await installPageHooks(app, ctx, pageCache);

  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody);
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', maxAge: '1d', index: false, decorateReply: false });

  const views = new Views(config);
  const deps: PageDeps = { ctx, views, pages };
  errorPages.render = errorPageRenderer(deps);
  installErrorHandler(app, errorPages.render);
  app.setNotFoundHandler(async (request, reply) => {
    const allowed = routeMethods.allowedAt(request.url);
    if (allowed.length === 0) throw notFound();
    if (request.method === 'OPTIONS') return reply.status(204).header('allow', allowHeader(allowed)).send();
    throw methodNotAllowed(allowed);
  });

  await app.register(async (api) => apiRoutes(api, ctx), { prefix: '/api' });
  await app.register(async (site) => {
    await feedRoutes(site, deps);
    await homeRoutes(site, deps);
    await articleRoutes(site, deps);
    await sectionRoutes(site, deps);
    await searchRoutes(site, deps);
    await commentRoutes(site, deps);
    await reportRoutes(site, deps);
    await moderationRoutes(site, deps);
  });

  // When the server stops, Node closes the keep-alive connections that are idle at that moment. One
  // that falls idle a moment later stayed open, and held the stop until the keep-alive timeout (65 s):
  // while the server stops, connections are closed as they fall idle. Requests under way finish.
  let sweep: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    sweep.unref();
  });
  app.addHook('onClose', async () => clearInterval(sweep));

  // For load balancers and uptime checks: 200 while this node can serve pages, 503 while its database
  // does not answer. Redis is left out: without it, a node still serves, counting rate limits alone.
  const pingDatabase = options.pingDatabase ?? ((withinMs: number) => databaseAnswers(ctx.db, withinMs));
  // Anyone may ask, and on PostgreSQL each question opens a connection: checks close together share one
  // answer, so a flood of them costs the database one connection a second.
  let lastCheck: { at: number; verdict: Promise<PingResult> } | undefined;
  const checkDatabase = (): Promise<PingResult> => {
    const now = ctx.clock.now().getTime();
    if (!lastCheck || Math.abs(now - lastCheck.at) >= HEALTH_CHECK_REUSE_MS) lastCheck = { at: now, verdict: pingDatabase(HEALTH_CHECK_TIMEOUT_MS) };
    return lastCheck.verdict;
  };
  app.get('/healthz', async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    const database = await checkDatabase();
    if (database.ok) return { ok: true };
    request.log.warn({ reason: database.reason }, 'health check: the database does not answer');
    return reply.code(503).send({ ok: false, database: 'unreachable' });
  });

  return { app, ctx, pageCache, pages };
}
