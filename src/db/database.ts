// openDb(url) is the only place that knows which database is running.
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, sql, PostgresDialect, SqliteDialect, type Dialect, type Migration, type MigrationProvider, type SqliteDatabase } from 'kysely';
import { makeFolder } from '../shared/folders.js';
import { countingDialect, type UseCounter } from './in-use.js';
import { nameStatements } from './pg-statements.js';
import { closeSilentConnections, type AnswerBound } from './pg-silence.js';
import type { Database, Db } from './schema.js';
import * as m0001 from './migrations/0001-foundation.js';
import * as m0002 from './migrations/0002-comments.js';
import * as m0003 from './migrations/0003-site-state.js';
import * as m0004 from './migrations/0004-listing-indexes.js';
import * as m0005 from './migrations/0005-article-bodies.js';
import * as m0006 from './migrations/0006-commenter-index.js';
import * as m0007 from './migrations/0007-thread-order-index.js';
import * as m0008 from './migrations/0008-comment-reports.js';
import * as m0009 from './migrations/0009-comment-review.js';
import * as m0010 from './migrations/0010-search.js';
import * as m0011 from './migrations/0011-search-order.js';
import * as m0012 from './migrations/0012-search-text.js';

export type DialectName = 'sqlite' | 'postgres';

/** How long a PostgreSQL connection may take to open, or a request may wait for a free one in the pool. */
const CONNECT_TIMEOUT_MS = 10_000;
/**
 * How long a query may wait for PostgreSQL's answer while the server serves pages (see pg-silence.ts):
 * thousands of times what a page's queries take on a working database, and shorter than the 30–60 s
 * after which load balancers give up, so that a reader gets the site's own "try again" page, not theirs.
 */
export const SERVING_ANSWER_BOUND_MS = 15_000;
/** Idle time after which a PostgreSQL connection's socket starts asking whether the server is still there. */
const KEEP_ALIVE_DELAY_MS = 30_000;

export type PingResult = { ok: true } | { ok: false; reason: string };

export interface OpenDb {
  db: Db;
  dialect: DialectName;
  /**
   * Whether the database answers a trivial query within `withinMs`, for the health check. On PostgreSQL
   * it asks on a connection of its own, outside the pool: a node whose pool is busy, or a database that
   * is slow but up, is not reported as unreachable (which would take every node out of a load balancer
   * at once).
   */
  ping(withinMs: number): Promise<PingResult>;
  /**
   * From now on, a PostgreSQL query with no answer within `ms` closes its connection and fails as
   * DatabaseUnavailable (see pg-silence.ts); 0 lifts the bound. The server sets it once migrations are
   * done, which may take long. SQLite runs in the process: a lock held by another process is bounded by
   * its busy timeout instead, and this does nothing.
   */
  boundAnswers(ms: number): void;
  close(): Promise<void>;
}

const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-comments': m0002,
  '0003-site-state': m0003,
  '0004-listing-indexes': m0004,
  '0005-article-bodies': m0005,
  '0006-commenter-index': m0006,
  '0007-thread-order-index': m0007,
  '0008-comment-reports': m0008,
  '0009-comment-review': m0009,
  '0010-search': m0010,
  '0011-search-order': m0011,
  '0012-search-text': m0012,
};

export interface OpenDbOptions {
  /** PostgreSQL: connections in the pool (default 10). */
  poolSize?: number;
  /**
   * PostgreSQL: send queries as named prepared statements, so that the server plans each once per
   * connection (default on; see pg-statements.ts). Off for a pooler in transaction mode that cannot keep them.
   */
  preparedStatements?: boolean;
  /** PostgreSQL: how long opening a connection, or waiting for a free one, may take (default 10 s). */
  connectTimeoutMs?: number;
}

export async function openDb(url: string, options: OpenDbOptions = {}): Promise<OpenDb> {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (file !== ':memory:') makeFolder(dirname(resolve(file)));
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // SQLite's own default of 2 MB: the operating system caches the file too, and a larger page cache
    // was measured to make no difference to page views at 100,000 articles, only to memory.
    sqlite.pragma('cache_size = -2000');
    const { dialect, counter } = countingDialect(rollbackOnlyWhenNeeded(new SqliteDialect({ database: withStatementCache(sqlite) }), sqlite));
    const db = new Kysely<Database>({ dialect });
    return { db, dialect: 'sqlite', ping: (withinMs) => databaseAnswers(db, withinMs), boundAnswers: () => undefined, close: closeWhenQuiet(db, counter) };
  }
  // The PostgreSQL driver is loaded only for a postgres:// URL: a SQLite site never needs it.
  const { default: pg } = await import('pg');
  const connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  // Without a bound, a server that takes the connection and never answers (a host that drops packets, a
  // stuck proxy) would hold start-up, and every page waiting for a connection, for ever. TCP keep-alive
  // finds an idle connection whose server went away without a word (a host that died, a firewall that
  // forgot the connection) before a request is given it.
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: connectTimeoutMs, keepAlive: true, keepAliveInitialDelayMillis: KEEP_ALIVE_DELAY_MS });
  // An idle connection dropped by the server (restart, failover) must not crash the process: the pool
  // replaces it on next use.
  pool.on('error', () => undefined);
  if (options.preparedStatements ?? true) nameStatements(pool);
  const bound: AnswerBound = { ms: 0 };
  closeSilentConnections(pool, bound);
  // Fail fast with a clear message rather than on the first page view.
  const client = await pool.connect().catch(async (error: unknown) => {
    await pool.end();
    const timedOut = error instanceof Error && /timeout/i.test(error.message);
    throw timedOut ? new Error(`PostgreSQL took the connection but did not answer within ${connectTimeoutMs / 1000} s.`) : error;
  });
  client.release();
  const { dialect, counter } = countingDialect(new PostgresDialect({ pool }));
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    dialect: 'postgres',
    ping: (withinMs) => pingPostgres(url, withinMs),
    boundAnswers: (ms) => {
      bound.ms = ms;
    },
    close: closeWhenQuiet(db, counter),
  };
}

/**
 * After some failures (a full disk, an I/O error) SQLite has already rolled the transaction back by
 * itself. Kysely's ROLLBACK would then fail with "no transaction is active", and that error would take
 * the place of the one that says what happened. So the ROLLBACK is sent only while a transaction is open.
 */
function rollbackOnlyWhenNeeded(inner: Dialect, sqlite: SQLite.Database): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createDriver: () => {
      const driver = inner.createDriver();
      const rollback = driver.rollbackTransaction.bind(driver);
      driver.rollbackTransaction = async (connection) => {
        if (sqlite.inTransaction) await rollback(connection);
      };
      return driver;
    },
  };
}

/** Queries under way finish first (see in-use.ts); a query that has not finished after 2 s fails. */
function closeWhenQuiet(db: Db, counter: UseCounter): () => Promise<void> {
  return async () => {
    await counter.whenQuiet(50, 2_000);
    await db.destroy();
  };
}

/**
 * Kysely prepares every query anew, and preparing costs SQLite more than running a small query. The
 * same SQL text always gets the same prepared statement here (better-sqlite3 runs one at a time, so a
 * statement is never in use twice). Query texts vary only with the length of IN lists, so the cache
 * stays small; it forgets the oldest statement past a bound all the same.
 */
function withStatementCache(sqlite: SQLite.Database, max = 1000): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size >= max) statements.delete(statements.keys().next().value as string);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Whether `db` answers a trivial query within `withinMs`, however the failure shows (refused, dropped, silent). */
export async function databaseAnswers(db: Db, withinMs: number): Promise<PingResult> {
  return answersWithin(withinMs, async () => {
    await sql`select 1`.execute(db);
  });
}

/** The same for PostgreSQL, on a connection of its own that is closed again. */
export async function pingPostgres(url: string, withinMs: number): Promise<PingResult> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: withinMs });
  // A failure after the verdict (the connection dropped while closing) has nobody left to tell.
  client.on('error', () => undefined);
  try {
    return await answersWithin(withinMs, async () => {
      await client.connect();
      await client.query('select 1');
    });
  } finally {
    void client.end().catch(() => undefined);
  }
}

async function answersWithin(withinMs: number, ask: () => Promise<void>): Promise<PingResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${withinMs} ms`)), withinMs);
  });
  try {
    await Promise.race([ask(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** The migrations this version knows, in the order they run. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(migrations).sort();

/** Applies pending migrations; returns the names applied. Throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  return migrateUpTo(db);
}

/** Applies pending migrations up to and including `last` (all of them without it), as migrateToLatest(). */
export async function migrateUpTo(db: Db, last?: keyof typeof migrations): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await (last ? migrator.migrateTo(last) : migrator.migrateToLatest());
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Database migration ${failed ? `"${failed.migrationName}" ` : ''}failed: ${reason}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
