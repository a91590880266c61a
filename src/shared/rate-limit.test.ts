import { describe, expect, test } from 'vitest';
import { MemoryRateLimiter, verdictOn, windowsOf } from './rate-limit.js';

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

  test('no burst across the turn of a minute: the limit holds over any 60 seconds', async () => {
    const rl = new MemoryRateLimiter();
    const edge = Date.parse('2026-11-26T12:00:59Z');
    for (let i = 0; i < 3; i++) expect((await rl.hit('post', 'a', limit, edge)).ok).toBe(true);
    // Two seconds later, in the next calendar minute: still three in the last 60 seconds.
    expect(await rl.hit('post', 'a', limit, edge + 2000)).toEqual({ ok: false, retryAfterSeconds: 58 });
    expect(await rl.hit('post', 'a', limit, edge + 59_999)).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(await rl.hit('post', 'a', limit, edge + 60_000)).toEqual({ ok: true });
  });

  test('attempts the limit refused are not counted: waiting as long as Retry-After said is enough', async () => {
    const rl = new MemoryRateLimiter();
    for (let i = 0; i < 3; i++) await rl.hit('post', 'a', limit, t0 + i * 10_000);
    let now = t0 + 25_000;
    for (let i = 0; i < 20; i++) expect((await rl.hit('post', 'a', limit, now + i * 100)).ok).toBe(false);
    const refused = await rl.hit('post', 'a', limit, now);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 35 });
    now += 35_000;
    expect(await rl.hit('post', 'a', limit, now)).toEqual({ ok: true });
  });

  test('the hour counts the last 60 minutes, not the clock hour', async () => {
    const rl = new MemoryRateLimiter();
    const late = Date.parse('2026-11-26T12:55:00Z');
    for (let i = 0; i < 5; i++) expect((await rl.hit('post', 'a', limit, late + i * 60_000)).ok).toBe(true);
    // 13:05: the five from 12:55 to 12:59 are all within the hour.
    expect(await rl.hit('post', 'a', limit, late + 10 * 60_000)).toEqual({ ok: false, retryAfterSeconds: 3000 });
    expect((await rl.hit('post', 'a', limit, late + 60 * 60_000)).ok).toBe(true);
  });

  test('a client quiet for longer than every window is forgotten', async () => {
    const rl = new MemoryRateLimiter();
    await rl.hit('post', 'a', limit, t0);
    await rl.hit('check', 'b', { perMinute: 10, perHour: 600 }, t0);
    expect(rl.clients).toBe(2);
    // "10/600" keeps a minute of times, "3/5" an hour's.
    await rl.hit('post', 'c', limit, t0 + 2 * 60_000);
    expect(rl.clients).toBe(2);
    await rl.hit('post', 'c', limit, t0 + 61 * 60_000);
    expect(rl.clients).toBe(1);
  });

  test('a limit of 0 is off', async () => {
    const rl = new MemoryRateLimiter();
    for (let i = 0; i < 100; i++) expect((await rl.hit('post', 'a', { perMinute: 0, perHour: 0 }, t0)).ok).toBe(true);
  });
});

describe('the windows of a limit', () => {
  test('the hour is kept only where it binds', () => {
    expect(windowsOf({ perMinute: 5, perHour: 30 })).toEqual([{ ms: 60_000, max: 5 }, { ms: 3_600_000, max: 30 }]);
    expect(windowsOf({ perMinute: 5, perHour: 300 })).toEqual([{ ms: 60_000, max: 5 }]);
  });

  test('a window with no room at all waits its whole length', () => {
    expect(verdictOn([], [{ ms: 60_000, max: 1 }, { ms: 3_600_000, max: 0 }], t0)).toEqual({ ok: false, retryAfterSeconds: 3600 });
  });
});
