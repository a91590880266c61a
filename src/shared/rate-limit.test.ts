import { describe, expect, test } from 'vitest';
import { MemoryRateLimiter } from './rate-limit.js';

const limit = { perMinute: 3, perHour: 5 };
const t0 = Date.parse('2026-11-26T12:00:00Z');

describe('MemoryRateLimiter', () => {
  test('allows up to the per-minute limit, then says how long to wait', async () => {
    const rl = new MemoryRateLimiter();
    for (let i = 0; i < 3; i++) expect(await rl.hit('post', 'a', limit, t0 + i * 1000)).toEqual({ ok: true });
    expect(await rl.hit('post', 'a', limit, t0 + 10_000)).toEqual({ ok: false, retryAfterSeconds: 50 });
  });

  test('clients and scopes are counted apart', async () => {
    const rl = new MemoryRateLimiter();
    for (let i = 0; i < 3; i++) await rl.hit('post', 'a', limit, t0);
    expect(await rl.hit('post', 'b', limit, t0)).toEqual({ ok: true });
    expect(await rl.hit('check', 'a', limit, t0)).toEqual({ ok: true });
  });

  test('the hourly limit holds across minutes', async () => {
    const rl = new MemoryRateLimiter();
    const verdicts = [];
    for (let minute = 0; minute < 6; minute++) verdicts.push(await rl.hit('post', 'a', limit, t0 + minute * 60_000));
    expect(verdicts.slice(0, 5).every((v) => v.ok)).toBe(true);
    expect(verdicts[5]).toEqual({ ok: false, retryAfterSeconds: 3600 - 300 });
  });

  test('a limit of 0 is off', async () => {
    const rl = new MemoryRateLimiter();
    for (let i = 0; i < 100; i++) expect((await rl.hit('post', 'a', { perMinute: 0, perHour: 0 }, t0)).ok).toBe(true);
  });
});
