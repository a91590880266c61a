// The health check that load balancers poll: healthy while the database answers, 503 while it does not.
import { afterEach, describe, expect, test } from 'vitest';
import { createServer, type AddressInfo, type Server } from 'node:net';
import pg from 'pg';
import { openDb, pingPostgres } from './db/database.js';
import type { Db } from './db/schema.js';
import { buildApp } from './app.js';
import { createTestContext, dialectsUnderTest, PG_URL } from './db/test-db.js';
import { createTestApp, type TestApp } from './test/app.js';

const dialects = await dialectsUnderTest();

/**
 * Takes the connection of a database opened with one (SQLite has only one; a PostgreSQL pool of one) and
 * keeps it until the returned function is called, which resolves once it is given back.
 */
async function holdTheOnlyConnection(db: Db): Promise<() => Promise<void>> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let taken!: () => void;
  const isTaken = new Promise<void>((resolve) => (taken = resolve));
  const holding = db.connection().execute(async () => {
    taken();
    await held;
  });
  await isTaken;
  return async () => {
    release();
    await holding;
  };
}

describe.each(dialects)('the health check on %s', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  test('answers 200 and is never cached while the database answers', async () => {
    t = await createTestApp(dialect);
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('many health checks at once', () => {
  let t: Awaited<ReturnType<typeof createTestContext>> | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  test('share one question to the database, so that a flood of them cannot use up its connections', async () => {
    t = await createTestContext('sqlite');
    let asked = 0;
    const { app } = await buildApp({
      config: t.ctx.config, db: t.ctx.db, dialect: t.ctx.dialect, clock: t.ctx.clock, events: t.ctx.events,
      pingDatabase: async () => {
        asked++;
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { ok: true };
      },
    });
    try {
      const answers = await Promise.all(Array.from({ length: 20 }, () => app.inject({ method: 'GET', url: '/healthz' })));
      expect(answers.map((a) => a.statusCode)).toEqual(Array(20).fill(200));
      expect(asked).toBe(1);
      t.clock.advance(1_000);
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect(asked).toBe(2);
    } finally {
      await app.close();
    }
  });
});

describe('the health check on SQLite', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  test('answers 503 without internals once the database is closed', async () => {
    t = await createTestApp('sqlite');
    await t.ctx.db.destroy();
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ok: false, database: 'unreachable' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  test('a database that does not answer in time counts as unreachable', async () => {
    t = await createTestApp('sqlite');
    // SQLite has one connection: held until the check gives up.
    const opened = await openDb(t.url);
    try {
      const release = await holdTheOnlyConnection(opened.db);
      expect(await opened.ping(150)).toEqual({ ok: false, reason: 'no answer within 150 ms' });
      await release();
      expect(await opened.ping(5_000)).toEqual({ ok: true });
    } finally {
      await opened.close();
    }
  });
});

describe.runIf(dialects.includes('postgres'))('the health check on PostgreSQL', () => {
  let t: TestApp | undefined;
  let admin: pg.Client | undefined;
  let silent: Server | undefined;
  afterEach(async () => {
    await admin?.end().catch(() => undefined);
    admin = undefined;
    silent?.close();
    silent = undefined;
    await t?.cleanup();
    t = undefined;
  });

  test('503 while the server refuses this database, 200 again once it accepts it', async () => {
    t = await createTestApp('postgres');
    const name = new URL(t.url).pathname.slice(1);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    t.clock.advance(1_000); // past the second for which one answer serves every check
    const down = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ ok: false, database: 'unreachable' });

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    t.clock.advance(1_000);
    const up = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(up.statusCode).toBe(200);
  });

  // Otherwise a burst that keeps every pooled connection busy, or a slow database behind every node,
  // would take all the nodes out of the load balancer at once.
  test('a node whose pool is all in use is still healthy: the check has a connection of its own', async () => {
    t = await createTestApp('postgres');
    const opened = await openDb(t.url, { poolSize: 1 });
    try {
      const release = await holdTheOnlyConnection(opened.db);
      expect(await opened.ping(5_000)).toEqual({ ok: true });
      await release();
    } finally {
      await opened.close();
    }
  });

  test('a server that takes the connection and never answers counts as unreachable, within the time given', async () => {
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent!.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const started = Date.now();
    const verdict = await pingPostgres(`postgres://postgres@127.0.0.1:${port}/news`, 300);
    expect(verdict.ok).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('a server that refuses the connection counts as unreachable', async () => {
    expect((await pingPostgres('postgres://postgres@127.0.0.1:1/news', 2_000)).ok).toBe(false);
  });
});
