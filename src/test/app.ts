// An application on a fresh test database, for HTTP tests with app.inject().
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import type { ConfigOverrides } from '../config.js';
import type { DialectName } from '../db/database.js';
import { createTestContext, type TestContext } from '../db/test-db.js';
import type { PageCache } from '../http/page-cache.js';
import type { PageServer } from '../http/page-server.js';

export interface TestApp extends TestContext {
  app: FastifyInstance;
  pageCache: PageCache | null;
  pages: PageServer;
}

export async function createTestApp(dialect: DialectName, config: ConfigOverrides = {}): Promise<TestApp> {
  const t = await createTestContext(dialect, { config: { pageCache: false, ...config } });
  const { app, pageCache, pages } = await buildApp({ config: t.ctx.config, db: t.ctx.db, dialect: t.ctx.dialect, clock: t.ctx.clock, events: t.ctx.events, limiter: t.ctx.limiter, pingDatabase: t.ping });
  await app.ready();
  return {
    ...t,
    app,
    pageCache,
    pages,
    cleanup: async () => {
      await app.close();
      await t.cleanup();
    },
  };
}
