import { afterEach, describe, expect, test } from 'vitest';
import { SqliteDialect } from 'kysely';
import SQLite from 'better-sqlite3';
import { countingDialect } from './in-use.js';
import { migrateToLatest, openDb, type OpenDb } from './database.js';
import { createTestDatabase, dialectsUnderTest, type TestDb } from './test-db.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(await dialectsUnderTest())('closing the database on %s', (dialect) => {
  let testDb: TestDb | undefined;
  let opened: OpenDb | undefined;
  afterEach(async () => {
    await testDb?.drop();
    testDb = opened = undefined;
  });

  test('waits for work under way: a request between two queries, and a transaction', async () => {
    testDb = await createTestDatabase(dialect);
    opened = await openDb(testDb.url);
    await migrateToLatest(opened.db);
    const { db } = opened;
    const section = { id: 'sec_1', slug: 'world', name: 'World', description: '', position: 1, is_demo: 0, created_at: '2026-11-27T00:00:00.000Z' };
    // As a page does: a query, a moment of other work, another query.
    const request = (async () => {
      await db.selectFrom('sections').select('id').execute();
      await pause(20);
      return db.selectFrom('sections').select('id').execute();
    })();
    const write = db.transaction().execute(async (trx) => {
      await pause(30);
      await trx.insertInto('sections').values(section).execute();
    });
    await pause(1);
    const closing = opened.close();
    await expect(request).resolves.toEqual(expect.any(Array));
    await expect(write).resolves.toBeUndefined();
    await closing;
    // The write was kept: read it back through a new connection.
    const again = await openDb(testDb.url);
    expect(await again.db.selectFrom('sections').select('slug').execute()).toEqual([{ slug: 'world' }]);
    await again.close();
  });
});

describe('the connection count', () => {
  test('counts a connection from the moment it is asked for until it is given back, failures included', async () => {
    const { dialect, counter } = countingDialect(new SqliteDialect({ database: new SQLite(':memory:') }));
    const { Kysely, sql } = await import('kysely');
    const db = new Kysely<Record<string, never>>({ dialect });
    expect(counter.inUse).toBe(0);
    let inside = -1;
    await db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      inside = counter.inUse;
    });
    expect(inside).toBe(1);
    expect(counter.inUse).toBe(0);
    await expect(sql`select * from nowhere`.execute(db)).rejects.toThrow(/no such table/);
    expect(counter.inUse).toBe(0);
    expect(await counter.whenQuiet(20, 1_000)).toBe(true);
    // Busy for longer than allowed: it gives up at the deadline.
    const held = db.transaction().execute(() => pause(200));
    await pause(5);
    expect(await counter.whenQuiet(20, 50)).toBe(false);
    await held;
    await db.destroy();
  });
});
