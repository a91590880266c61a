import { createServer, type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, test } from 'vitest';
import { redisAvailable, TEST_REDIS_URL } from '../test/redis.js';
import { RedisRateLimiter } from './rate-limit.js';
import { redisOptions } from './redis-options.js';

const enabled = await redisAvailable();

describe.skipIf(!enabled)('rate limits shared between app nodes through Redis', () => {
  const clients: Redis[] = [];
  /** One app node: its own Redis connection, the shared key prefix. */
  const node = (prefix: string) => {
    const client = new Redis(TEST_REDIS_URL);
    clients.push(client);
    return new RedisRateLimiter(client, prefix);
  };
  afterAll(() => clients.forEach((c) => c.disconnect()));

  test('two nodes count one client together, and the limit says how long to wait', async () => {
    const prefix = `broadsheet-test:${process.pid}:${Date.now()}`;
    const a = node(prefix);
    const b = node(prefix);
    const limit = { perMinute: 3, perHour: 10 };
    const now = Date.parse('2026-11-26T12:00:10Z');
    expect(await a.hit('comment', 'client-1', limit, now)).toEqual({ ok: true });
    expect(await b.hit('comment', 'client-1', limit, now)).toEqual({ ok: true });
    expect(await a.hit('comment', 'client-1', limit, now)).toEqual({ ok: true });
    expect(await b.hit('comment', 'client-1', limit, now)).toEqual({ ok: false, retryAfterSeconds: 50 });
    expect(await b.hit('comment', 'client-2', limit, now)).toEqual({ ok: true });
  });

  test('keys expire by themselves', async () => {
    const prefix = `broadsheet-test:${process.pid}:${Date.now()}:expiry`;
    const limiter = node(prefix);
    await limiter.hit('check', 'client-3', { perMinute: 5, perHour: 50 }, Date.now());
    const keys = await clients[0]!.keys(`${prefix}:*`);
    expect(keys.length).toBe(2);
    for (const key of keys) expect(await clients[0]!.ttl(key)).toBeGreaterThan(0);
  });
});

describe('when Redis stops answering', () => {
  test('limits are counted on this node instead, and the failure is reported once a minute, not per request', async () => {
    // A client for a port nothing listens on, failing at once instead of queueing commands.
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const failures: string[] = [];
    const limiter = new RedisRateLimiter(down, 'broadsheet-test:down', (line) => failures.push(line));
    const limit = { perMinute: 2, perHour: 10 };
    const now = Date.parse('2026-11-26T12:00:10Z');
    try {
      expect(await limiter.hit('comment', 'client-1', limit, now)).toEqual({ ok: true });
      expect(await limiter.hit('comment', 'client-1', limit, now + 1000)).toEqual({ ok: true });
      expect(await limiter.hit('comment', 'client-1', limit, now + 2000)).toEqual({ ok: false, retryAfterSeconds: 48 });
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatch(/^Redis \(REDIS_URL\) did not answer a rate-limit count, so this node counts on its own until it does: /);
      await limiter.hit('comment', 'client-2', limit, now + 61_000);
      expect(failures).toHaveLength(2);
      expect(failures[1]).toMatch(/\(2 more times since the last report\)$/);
    } finally {
      down.disconnect();
    }
  });
});

// No Redis server needed: a socket that takes the connection and never answers stands for a frozen one.
describe('a Redis that never answers', () => {
  test('a count falls back to this node within seconds instead of holding the comment', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const client = new Redis(`redis://127.0.0.1:${port}`, redisOptions);
    client.on('error', () => undefined);
    const reports: string[] = [];
    try {
      const limiter = new RedisRateLimiter(client, 'broadsheet-test:silent', (line) => reports.push(line));
      const limit = { perMinute: 1, perHour: 10 };
      const now = Date.parse('2026-11-26T12:00:10Z');
      expect(await limiter.hit('comment', 'client-1', limit, now)).toEqual({ ok: true });
      // Counted on this node meanwhile: the second post in the minute is still limited.
      expect(await limiter.hit('comment', 'client-1', limit, now)).toEqual({ ok: false, retryAfterSeconds: 50 });
      expect(reports).toHaveLength(1);
      expect(reports[0]).toContain('this node counts on its own');
    } finally {
      client.disconnect();
      silent.close();
    }
  }, 20_000);
});
