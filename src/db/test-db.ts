// Real databases for integration tests: a temporary SQLite file, and a fresh PostgreSQL database per call
// when TEST_DATABASE_URL (default: local PostgreSQL) answers. REQUIRE_POSTGRES=1 turns a missing server into a failure.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { testConfig, type ConfigOverrides } from '../config.js';
import type { Ctx } from '../context.js';
import { ContentEvents } from '../shared/content-events.js';
import { fixedClock, type Clock } from '../shared/clock.js';
import { MemoryRateLimiter } from '../shared/rate-limit.js';
import { dateFormats } from '../shared/format.js';
import { migrateToLatest, openDb, type DialectName, type OpenDb } from './database.js';

/** The PostgreSQL database that test databases are created from, and administered through. */
export const PG_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

let pgAvailable: Promise<boolean> | undefined;

async function canReachPostgres(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** The dialects this machine can test: always SQLite, PostgreSQL when reachable (required in CI). */
export async function dialectsUnderTest(): Promise<DialectName[]> {
  pgAvailable ??= canReachPostgres();
  if (await pgAvailable) return ['sqlite', 'postgres'];
  if (process.env.REQUIRE_POSTGRES === '1') throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL at ${PG_URL} cannot be reached.`);
  console.warn(`[notice] PostgreSQL not reachable at ${PG_URL}: PostgreSQL tests are skipped on this machine.`);
  return ['sqlite'];
}

export interface TestDb {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database of the given dialect and returns its URL. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-test-'));
    return { url: `sqlite:${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `bs_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestContext {
  ctx: Ctx;
  /** The health check's question to this database (OpenDb.ping). */
  ping: OpenDb['ping'];
  clock: ReturnType<typeof fixedClock>;
  url: string;
  cleanup(): Promise<void>;
}

/** A migrated, empty database with a context around it. The clock stands still at 2026-11-26 12:00 UTC. */
export async function createTestContext(dialect: DialectName, options: { config?: ConfigOverrides; clock?: Clock } = {}): Promise<TestContext> {
  const testDb = await createTestDatabase(dialect);
  const opened = await openDb(testDb.url);
  await migrateToLatest(opened.db);
  const clock = fixedClock('2026-11-26T12:00:00.000Z');
  const now = options.clock ?? clock;
  const ctx: Ctx = {
    config: testConfig({ databaseUrl: testDb.url, ...options.config }),
    db: opened.db,
    dialect: opened.dialect,
    clock: now,
    events: new ContentEvents(() => now.now()),
    limiter: new MemoryRateLimiter(),
    dates: dateFormats('UTC'),
  };
  return {
    ctx,
    ping: opened.ping,
    clock,
    url: testDb.url,
    cleanup: async () => {
      await opened.close();
      await testDb.drop();
    },
  };
}
