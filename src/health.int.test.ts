// The health check that load balancers poll: healthy while the database answers, 503 while it does not.
import { afterEach, describe, expect, test } from 'vitest';
import pg from 'pg';
import { databaseAnswers, openDb } from './db/database.js';
import { dialectsUnderTest, PG_URL } from './db/test-db.js';
import { createTestApp, type TestApp } from './test/app.js';

const dialects = await dialectsUnderTest();

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

  test('answers 503 without internals once the database connection is gone', async () => {
    t = await createTestApp(dialect);
    await t.ctx.db.destroy();
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ok: false, database: 'unreachable' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  test('a database that does not answer in time counts as unreachable', async () => {
    t = await createTestApp(dialect);
    // One connection (SQLite has only one; the PostgreSQL pool is cut to one), held until the check gives up.
    const opened = await openDb(t.url, { poolSize: 1 });
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let taken!: () => void;
      const isTaken = new Promise<void>((resolve) => (taken = resolve));
      const holding = opened.db.connection().execute(async () => {
        taken();
        await held;
      });
      await isTaken;
      expect(await databaseAnswers(opened.db, 150)).toEqual({ ok: false, reason: 'no answer within 150 ms' });
      release();
      await holding;
      expect(await databaseAnswers(opened.db, 5_000)).toEqual({ ok: true });
    } finally {
      await opened.close();
    }
  });
});

describe.runIf(dialects.includes('postgres'))('the health check when PostgreSQL goes away and comes back', () => {
  let t: TestApp | undefined;
  let admin: pg.Client | undefined;
  afterEach(async () => {
    await admin?.end().catch(() => undefined);
    admin = undefined;
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
    const down = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ ok: false, database: 'unreachable' });

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    const up = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(up.statusCode).toBe(200);
  });
});
