import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig, redact } from './config.js';
import { usableCpus } from './shared/cpus.js';

const base = { SESSION_SECRET: 'x'.repeat(40) };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...base, ...env }, { writeSecrets: false });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  test('a first start needs no configuration', () => {
    const config = loadConfig({}, { writeSecrets: false });
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.siteUrl).toBe('http://localhost:3000');
    expect(config.databaseUrl).toBe('sqlite:./data/broadsheet.db');
    expect(config.redisUrl).toBeNull();
    expect(config.workers).toBe(1);
    expect(config.sessionSecret).toHaveLength(64);
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('TRUST_PROXY is off, on (a proxy on this machine or a private network), or the proxies\' addresses', () => {
    expect(loadConfig({ ...base }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'on' }).trustProxy).toEqual(['loopback', 'linklocal', 'uniquelocal']);
    expect(loadConfig({ ...base, TRUST_PROXY: '203.0.113.7, 10.0.0.0/8,::1,loopback' }).trustProxy).toEqual(['203.0.113.7', '10.0.0.0/8', '::1', 'loopback']);
  });

  test('WORKERS is a number of processes, or auto for one per core', () => {
    expect(loadConfig({ ...base, WORKERS: '3' }).workers).toBe(3);
    expect(loadConfig({ ...base, WORKERS: 'auto' }).workers).toBe(Math.min(64, usableCpus()));
    expect(problems({ WORKERS: 'many' })[0]).toBe('WORKERS must be a whole number from 1 to 64 (or auto), got "many".');
  });

  test('SITE_URL follows PORT unless given', () => {
    expect(loadConfig({ ...base, PORT: '8080' }).siteUrl).toBe('http://localhost:8080');
    expect(loadConfig({ ...base, SITE_URL: 'https://news.example.org/' }).siteUrl).toBe('https://news.example.org');
  });

  test.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '0' }, 'PORT'],
    [{ WORKERS: '0' }, 'WORKERS'],
    [{ WORKERS: 'all' }, 'WORKERS'],
    [{ WORKERS: '65' }, 'WORKERS'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://' }, 'DATABASE_URL'],
    [{ SITE_URL: 'news.example.org' }, 'SITE_URL'],
    [{ TRUST_PROXY: 'maybe' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '2' }, 'TRUST_PROXY'],
    [{ SITE_URL: 'https://example.org/news' }, 'SITE_URL'],
    [{ SITE_URL: 'https://example.org/?edition=uk' }, 'SITE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ COMMENT_RATE_LIMIT: 'lots' }, 'COMMENT_RATE_LIMIT'],
    [{ CHECK_RATE_LIMIT: '-1' }, 'CHECK_RATE_LIMIT'],
    [{ PAGE_CACHE: 'maybe' }, 'PAGE_CACHE'],
    [{ DATABASE_PREPARED_STATEMENTS: 'sometimes' }, 'DATABASE_PREPARED_STATEMENTS'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ DATABASE_POOL_SIZE: 'many' }, 'DATABASE_POOL_SIZE'],
    [{ PAGE_CACHE_MB: '0' }, 'PAGE_CACHE_MB'],
    [{ PAGE_CACHE_MB: 'lots' }, 'PAGE_CACHE_MB'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SITE_TIMEZONE: 'Mars/Olympus' }, 'SITE_TIMEZONE'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ SESSION_SECRET: '', SESSION_SECRET_FILE: '/nonexistent/secret' }, 'SESSION_SECRET_FILE'],
  ])('%o is refused with a message naming %s', (env, name) => {
    const found = problems(env);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(name);
  });

  test('every problem is reported at once', () => {
    expect(problems({ PORT: 'x', DATABASE_URL: 'nope', LOG_LEVEL: 'loud' })).toHaveLength(3);
  });

  test('a PostgreSQL site without a shared SESSION_SECRET is warned that nodes will not agree', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db/news' }, { writeSecrets: false });
    expect(config.warnings.join(' ')).toContain('SESSION_SECRET');
    expect(loadConfig({ ...base, DATABASE_URL: 'postgres://u@db/news' }).warnings).toEqual([]);
    expect(loadConfig({}, { writeSecrets: false }).warnings).toEqual([]);
  });

  test('rate limits read as per minute / per hour, and 0 turns them off', () => {
    expect(loadConfig({ ...base, COMMENT_RATE_LIMIT: '3/20' }).commentRateLimit).toEqual({ perMinute: 3, perHour: 20 });
    expect(loadConfig({ ...base, COMMENT_RATE_LIMIT: '0' }).commentRateLimit).toEqual({ perMinute: 0, perHour: 0 });
    expect(loadConfig({ ...base, CHECK_RATE_LIMIT: '60' }).checkRateLimit).toEqual({ perMinute: 60, perHour: 3600 });
  });

  test.runIf(existsSync('/proc/self'))('a DATA_DIR the kernel will not make (under /proc) stops start-up at once, by name', () => {
    expect(() => loadConfig({ DATA_DIR: '/proc/broadsheet-test/data' })).toThrow(ConfigError);
  });

  test('a DATA_DIR where the generated secret cannot be written is reported by name, with what to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-config-'));
    try {
      const file = join(dir, 'a-file');
      writeFileSync(file, 'not a folder');
      let caught: unknown;
      try {
        loadConfig({ DATA_DIR: join(file, 'data') });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      const [message] = (caught as ConfigError).problems;
      expect(message).toContain('DATA_DIR');
      expect(message).toContain(join(file, 'data'));
      expect(message).toContain('SESSION_SECRET');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    ['postgres://news:s3cret@db/news', 'postgres://news:***@db/news'],
    ['redis://:s3cret@cache:6379', 'redis://:***@cache:6379'],
    ['rediss://default:s3cret@cache:6380/0', 'rediss://default:***@cache:6380/0'],
    ['redis://cache:6379', 'redis://cache:6379'],
    ['sqlite:./data/news.db', 'sqlite:./data/news.db'],
  ])('redact(%s) hides the password', (url, expected) => {
    expect(redact(url)).toBe(expected);
  });

  test('a password in DATABASE_URL is not repeated in the error', () => {
    const [message] = problems({ DATABASE_URL: 'postgres://user:hunter2@' });
    expect(message).not.toContain('hunter2');
  });
});
