// Behind a reverse proxy, a reader's address (for rate limits, bans and the client hash) is the one the
// proxy saw, which it adds at the end of X-Forwarded-For. What the reader wrote there themselves is
// not believed: otherwise a new made-up address per post would step around every limit.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dialectsUnderTest } from '../db/test-db.js';
import { loadConfig } from '../config.js';
import { createTestApp, type TestApp } from '../test/app.js';
import { makeArticle, seedNewsroom } from '../test/fixtures.js';

const dialects = await dialectsUnderTest();
const PROXY = '127.0.0.1';

describe.each(dialects)('readers behind a reverse proxy, on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    const { trustProxy } = loadConfig({ SESSION_SECRET: 'x'.repeat(40), TRUST_PROXY: 'on' });
    t = await createTestApp(dialect, { trustProxy, comments: { moderation: 'none' }, commentRateLimit: { perMinute: 1, perHour: 10 } });
    await seedNewsroom(t.ctx);
    await makeArticle(t.ctx, { title: 'Behind the proxy' });
  });
  afterAll(() => t?.cleanup());

  const post = (forwardedFor: string, body: string, from = PROXY) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/articles/behind-the-proxy/comments',
      headers: { 'x-forwarded-for': forwardedFor },
      remoteAddress: from,
      payload: { author_name: 'Reader', body },
    });

  test('a reader who writes a new X-Forwarded-For each time is still one client to the rate limit', async () => {
    expect((await post('198.51.100.1, 203.0.113.9', 'First from this reader')).statusCode).toBe(201);
    const second = await post('198.51.100.2, 203.0.113.9', 'Second, with a made-up address in front');
    expect(second.statusCode).toBe(429);
    expect(second.json().error.code).toBe('rate_limited');
  });

  test('another reader, as the proxy reports them, has a limit of their own', async () => {
    expect((await post('203.0.113.10', 'From somebody else')).statusCode).toBe(201);
  });

  test('a reader who reaches the server directly is known by their own address, whatever header they send', async () => {
    expect((await post('203.0.113.50', 'Straight to the server', '198.51.100.77')).statusCode).toBe(201);
    expect((await post('203.0.113.51', 'Straight again, another made-up address', '198.51.100.77')).statusCode).toBe(429);
  });

  test('a reader who changes the last half of their IPv6 address is still one reader', async () => {
    expect((await post('2001:db8:7:1::10', 'From one IPv6 network')).statusCode).toBe(201);
    expect((await post('2001:db8:7:1:abcd::99', 'From the same network, another address')).statusCode).toBe(429);
    expect((await post('2001:db8:7:2::10', 'From the next network')).statusCode).toBe(201);
  });
});
