// When PostgreSQL stops answering: pages and the API say so with a 503 within a bound, the connections
// that fell silent are dropped, and the node serves again once the network is back. The network here is a
// proxy that can fall silent (test/freezing-proxy.ts) in front of the real PostgreSQL.
import { afterEach, describe, expect, test } from 'vitest';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../app.js';
import { testConfig } from '../config.js';
import { startFreezingProxy, type FreezingProxy } from '../test/freezing-proxy.js';
import { createTestDatabase, dialectsUnderTest, PG_URL, type TestDb } from './test-db.js';
import { migrateToLatest, openDb, type OpenDb } from './database.js';
import { isDatabaseUnavailable } from './unavailable.js';

const dialects = await dialectsUnderTest();

describe.runIf(dialects.includes('postgres'))('a PostgreSQL server that stops answering', () => {
  let testDb: TestDb | undefined;
  let proxy: FreezingProxy | undefined;
  let opened: OpenDb | undefined;
  const cleanups: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    proxy?.thaw();
    await opened?.close().catch(() => undefined);
    await proxy?.close();
    await testDb?.drop();
    testDb = proxy = opened = undefined;
  });

  /** The status of `url`, asked again every 100 ms for up to 5 s until it is `wanted`. */
  async function statusWithin(url: string, wanted: number): Promise<number> {
    let status = 0;
    for (let tries = 0; tries < 50 && status !== wanted; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await fetch(url)).status;
    }
    return status;
  }

  /** A migrated database reached through the proxy, with a pool of `poolSize` connections. */
  async function throughProxy(poolSize: number): Promise<OpenDb> {
    testDb = await createTestDatabase('postgres');
    const direct = await openDb(testDb.url);
    await migrateToLatest(direct.db);
    await direct.close();
    const target = new URL(testDb.url);
    proxy = await startFreezingProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(testDb.url);
    url.port = String(proxy.port);
    opened = await openDb(url.toString(), { poolSize, connectTimeoutMs: 500 });
    return opened;
  }

  test('a query with no answer fails within the bound, and the next one gets a new connection once the network is back', async () => {
    const { db, boundAnswers } = await throughProxy(1);
    boundAnswers(300);
    expect((await sql<{ x: number }>`select 1 as x`.execute(db)).rows).toEqual([{ x: 1 }]);

    proxy!.freeze();
    const started = Date.now();
    const failure = await sql`select 2 as x`.execute(db).then(() => null, (error: unknown) => error);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    expect((failure as Error).message).toBe('PostgreSQL did not answer a query within 300 ms; its connection was closed.');
    expect(Date.now() - started).toBeLessThan(5_000);

    // The pool has one connection: had the silent one gone back to it, this query would wait behind it.
    proxy!.thaw();
    expect((await sql<{ x: number }>`select 3 as x`.execute(db)).rows).toEqual([{ x: 3 }]);
  });

  test('a slow answer within the bound is waited for', async () => {
    const { db, boundAnswers } = await throughProxy(1);
    boundAnswers(3_000);
    expect((await sql<{ x: number }>`select 1 as x from pg_sleep(0.3)`.execute(db)).rows).toEqual([{ x: 1 }]);
  });

  test('a connection the server ends while a request holds it fails that request and not the process', async () => {
    const { db } = await throughProxy(1);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    cleanups.push(() => admin.end());
    const outcome = await db
      .transaction()
      .execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        // The server's goodbye and the closed socket arrive while the transaction still holds the connection.
        await new Promise((resolve) => setTimeout(resolve, 200));
        await sql`select 1`.execute(trx);
      })
      .then(() => 'committed', (error: unknown) => (isDatabaseUnavailable(error) ? 'unavailable' : String(error)));
    expect(outcome).toBe('unavailable');
    expect((await sql<{ x: number }>`select 1 as x`.execute(db)).rows).toEqual([{ x: 1 }]);
  });

  test('pages and the API answer 503 with Retry-After and no internals, and serve again once it answers', async () => {
    const { db, dialect, boundAnswers } = await throughProxy(1);
    boundAnswers(300);
    const { app } = await buildApp({ config: testConfig({ pageCache: false }), db, dialect });
    cleanups.push(() => app.close());
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/`)).status).toBe(200);

    proxy!.freeze();
    // Through the page server and then the framework, as a reader's request goes. The framework answers
    // the page server's failure without asking again: the pool of one would open a new connection for that.
    const accepted = proxy!.accepted;
    const page = await fetch(`${base}/`);
    expect(proxy!.accepted).toBe(accepted);
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('30');
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('We cannot read or save our data at the moment. Please try again in a minute.');
    expect(html).not.toMatch(/DatabaseUnavailable|pg-silence|at .*\.js:\d+/);

    const api = await fetch(`${base}/api/v1/articles`);
    expect(api.status).toBe(503);
    expect(api.headers.get('retry-after')).toBe('30');
    expect(await api.json()).toEqual({ error: { code: 'unavailable', message: 'We cannot read or save our data at the moment. Please try again in a minute.' } });

    // A comment posted without JavaScript: the page gives the reader's text back, escaped.
    const post = await fetch(`${base}/world/a-story/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ author_name: 'Ana', body: 'I was <b>there</b> & saw it.' }),
    });
    expect(post.status).toBe(503);
    expect(await post.text()).toContain('<textarea id="kept-text" readonly rows="8">I was &lt;b&gt;there&lt;/b&gt; &amp; saw it.</textarea>');

    // Back: a connection attempt made while the network was silent may hold the pool's one place until
    // its own timeout (half a second here), so the node serves again within a few tries.
    proxy!.thaw();
    expect(await statusWithin(`${base}/`, 200)).toBe(200);
    expect(await statusWithin(`${base}/api/v1/articles`, 200)).toBe(200);
  });
});
