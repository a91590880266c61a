// An app node on PostgreSQL, as an operator runs one: it serves the demo, and keeps no more connections
// open than DATABASE_POOL_SIZE allows, however many readers arrive at once.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, dialectsUnderTest, type TestDb } from '../src/db/test-db.js';
import { startServer, type RunningServer } from './harness.js';

const onPostgres = (await dialectsUnderTest()).includes('postgres');

describe.skipIf(!onPostgres)('an app node on PostgreSQL', () => {
  let testDb: TestDb;
  let server: RunningServer;

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    server = await startServer({ DATABASE_URL: testDb.url, DATABASE_POOL_SIZE: '2', PAGE_CACHE: 'off', SESSION_SECRET: 'e2e-secret-e2e-secret-e2e-secret-!' });
  });
  afterAll(async () => {
    await server?.stop();
    await testDb?.drop();
  });

  test('serves thirty readers at once on two connections', async () => {
    const paths = ['/', '/world', '/world/harbour-talks-stall-in-valmora', '/economy/bank-of-orsenland-holds-rates', '/defense'];
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => fetch(server.url + paths[i % paths.length]!).then((res) => res.status)));
    expect(answers.every((status) => status === 200)).toBe(true);

    const client = new pg.Client({ connectionString: testDb.url });
    await client.connect();
    try {
      // Every connection to the node's database but this one is the node's.
      const { rows } = await client.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
      expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(1);
      expect(Number(rows[0]!.n)).toBeLessThanOrEqual(2);
    } finally {
      await client.end();
    }
  });
});
