import { describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { DatabaseUnavailable, isDatabaseUnavailable } from './unavailable.js';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('telling a database that does not answer from a bug', () => {
  test.each([
    ['our own verdict on a query with no answer', new DatabaseUnavailable('PostgreSQL did not answer within 15 s.')],
    ['the server refused the connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['the connection was reset', withCode('ECONNRESET')],
    ['the host name does not resolve', withCode('ENOTFOUND')],
    ['the host is unreachable', withCode('EHOSTUNREACH')],
    ['the connection timed out in the kernel', withCode('ETIMEDOUT')],
    ['writing to a closed connection', withCode('EPIPE')],
    ['PostgreSQL is shutting down (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['PostgreSQL is starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['PostgreSQL has no connections left (53300)', withCode('53300', 'sorry, too many clients already')],
    ['a PostgreSQL connection failure (08006)', withCode('08006')],
    ['PostgreSQL cancelled the statement on its timeout (57014)', withCode('57014', 'canceling statement due to statement timeout')],
    ['the pool waited too long for a connection', new Error('timeout exceeded when trying to connect')],
    ['the server closed the connection mid-query', new Error('Connection terminated unexpectedly')],
    ['SQLite stayed locked past its busy timeout', withCode('SQLITE_BUSY', 'database is locked')],
    ['SQLite\'s disk is full', withCode('SQLITE_FULL', 'database or disk is full')],
    ['SQLite could not write its file', withCode('SQLITE_IOERR_WRITE', 'disk I/O error')],
    ['SQLite\'s file became read-only', withCode('SQLITE_READONLY', 'attempt to write a readonly database')],
    ['PostgreSQL\'s disk is full (53100)', withCode('53100', 'could not extend file: No space left on device')],
    ['PostgreSQL is out of memory (53200)', withCode('53200', 'out of memory')],
    ['a cause further down', Object.assign(new Error('query failed'), { cause: withCode('ECONNRESET') })],
  ])('%s counts as unavailable', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  test.each([
    ['a syntax error (42601)', withCode('42601', 'syntax error at or near "selec"')],
    ['a unique violation (23505)', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a missing table', withCode('42P01', 'relation "articles" does not exist')],
    ['a SQLite constraint', withCode('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: articles.slug')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'slug')")],
    ['a file that cannot be read', withCode('ENOENT')],
    ['not an error at all', 'connection refused'],
    ['nothing', undefined],
  ])('%s does not', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  test('a cause that points back at its error does not loop', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isDatabaseUnavailable(a)).toBe(false);
  });

  test('the error better-sqlite3 throws for a database locked by another connection counts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-busy-'));
    const holder = new SQLite(join(dir, 'busy.db'));
    const writer = new SQLite(join(dir, 'busy.db'));
    try {
      holder.exec('create table t (x); begin immediate; insert into t values (1)');
      writer.pragma('busy_timeout = 0');
      let thrown: unknown;
      try {
        writer.prepare('insert into t values (2)').run();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(thrown)).toBe(true);
    } finally {
      holder.close();
      writer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
