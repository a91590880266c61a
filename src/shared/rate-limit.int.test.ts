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
    expect(await b.hit('comment', 'client-1', limit, now)).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(await b.hit('comment', 'client-2', limit, now)).toEqual({ ok: true });
  });

  test('no burst across the turn of a minute, and a refusal says exactly when the next post is accepted', async () => {
    const prefix = `broadsheet-test:${process.pid}:${Date.now()}:edge`;
    const a = node(prefix);
    const b = node(prefix);
    const limit = { perMinute: 3, perHour: 10 };
    const edge = Date.parse('2026-11-26T12:00:59Z');
    for (const n of [a, b, a]) expect(await n.hit('comment', 'client-1', limit, edge)).toEqual({ ok: true });
    expect(await b.hit('comment', 'client-1', limit, edge + 2000)).toEqual({ ok: false, retryAfterSeconds: 58 });
    expect(await a.hit('comment', 'client-1', limit, edge + 59_999)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(await a.hit('comment', 'client-1', limit, edge + 60_000)).toEqual({ ok: true });
  });

  test('the hour counts the last 60 minutes across nodes', async () => {
    const prefix = `broadsheet-test:${process.pid}:${Date.now()}:hour`;
    const [a, b] = [node(prefix), node(prefix)];
    const limit = { perMinute: 3, perHour: 5 };
    const late = Date.parse('2026-11-26T12:55:00Z');
    for (let i = 0; i < 5; i++) expect((await (i % 2 ? a : b).hit('comment', 'client-1', limit, late + i * 60_000)).ok).toBe(true);
    expect(await a.hit('comment', 'client-1', limit, late + 10 * 60_000)).toEqual({ ok: false, retryAfterSeconds: 3000 });
    expect((await b.hit('comment', 'client-1', limit, late + 60 * 60_000)).ok).toBe(true);
  });

  test('posts arriving at once on two nodes are counted one by one: exactly the limit gets through', async () => {
    const prefix = `broadsheet-test:${process.pid}:${Date.now()}:race`;
    const [a, b] = [node(prefix), node(prefix)];
    const now = Date.parse('2026-11-26T12:00:10Z');
    const verdicts = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).hit('comment', 'client-1', { perMinute: 7, perHour: 100 }, now)));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(7);
  });

  test('a client\'s log expires by itself, and holds no more times than its limit', async () => {
    const prefix = `broadsheet-test:${process.pid}:${Date.now()}:expiry`;
    const limiter = node(prefix);
    const now = Date.now();
    for (let i = 0; i < 8; i++) await limiter.hit('check', 'client-3', { perMinute: 5, perHour: 50 }, now + i);
    const keys = await clients[0]!.keys(`${prefix}:*`);
    expect(keys).toEqual([`${prefix}:log:check:client-3`]);
    expect(await clients[0]!.zcard(keys[0]!)).toBe(5);
    expect(await clients[0]!.pttl(keys[0]!)).toBeGreaterThan(3_500_000);
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
      expect(await limiter.hit('comment', 'client-1', limit, now + 2000)).toEqual({ ok: false, retryAfterSeconds: 58 });
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
      expect(await limiter.hit('comment', 'client-1', limit, now)).toEqual({ ok: false, retryAfterSeconds: 60 });
      expect(reports).toHaveLength(1);
      expect(reports[0]).toContain('this node counts on its own');
    } finally {
      client.disconnect();
      silent.close();
    }
  }, 20_000);
});
