// Per-client rate limits in two fixed windows (a minute and an hour). In memory for one node; in Redis
// when REDIS_URL is set, so that every app node counts against the same numbers.
import type { Redis } from 'ioredis';
import type { RateLimit } from '../config.js';
import { RepeatReporter } from './repeat-reporter.js';

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one hit for the key and says whether it is within the limit. */
  hit(scope: string, key: string, limit: RateLimit, nowMs: number): Promise<RateVerdict>;
}

const WINDOWS = [
  { name: 'm', seconds: 60, pick: (l: RateLimit) => l.perMinute },
  { name: 'h', seconds: 3600, pick: (l: RateLimit) => l.perHour },
] as const;

export class MemoryRateLimiter implements RateLimiter {
  private counts = new Map<string, { windowStart: number; count: number }>();
  private lastSweep = 0;

  async hit(scope: string, key: string, limit: RateLimit, nowMs: number): Promise<RateVerdict> {
    if (limit.perMinute === 0) return { ok: true };
    this.sweep(nowMs);
    let retryAfter = 0;
    for (const w of WINDOWS) {
      const windowStart = Math.floor(nowMs / 1000 / w.seconds) * w.seconds;
      const id = `${scope}:${w.name}:${key}`;
      const entry = this.counts.get(id);
      const count = entry && entry.windowStart === windowStart ? entry.count + 1 : 1;
      this.counts.set(id, { windowStart, count });
      if (count > w.pick(limit)) retryAfter = Math.max(retryAfter, windowStart + w.seconds - Math.floor(nowMs / 1000));
    }
    return retryAfter > 0 ? { ok: false, retryAfterSeconds: Math.max(1, retryAfter) } : { ok: true };
  }

  /** Forgets finished windows now and then, so memory stays bounded by the clients of the last hour. */
  private sweep(nowMs: number): void {
    if (nowMs - this.lastSweep < 60_000) return;
    this.lastSweep = nowMs;
    const nowSeconds = Math.floor(nowMs / 1000);
    for (const [id, entry] of this.counts) {
      const seconds = id.includes(':h:') ? 3600 : 60;
      if (entry.windowStart + seconds <= nowSeconds) this.counts.delete(id);
    }
  }
}

/**
 * Counts in Redis. When Redis fails (down, or restarting), this node counts on its own until Redis
 * answers again: readers can still comment, each node still limits, and the failure is reported at most
 * once a minute rather than with every comment, then once when Redis answers again.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly local = new MemoryRateLimiter();
  private readonly reporter: RepeatReporter;
  /** The time of the latest count: the reporter's clock, so that it follows the injected one. */
  private nowMs = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'broadsheet:rl',
    report: (line: string) => void = () => undefined,
    reportRecovery: (line: string) => void = report,
  ) {
    this.reporter = new RepeatReporter(report, reportRecovery, 60_000, () => this.nowMs);
  }

  async hit(scope: string, key: string, limit: RateLimit, nowMs: number): Promise<RateVerdict> {
    if (limit.perMinute === 0) return { ok: true };
    this.nowMs = nowMs;
    try {
      const verdict = await this.shared(scope, key, limit, nowMs);
      this.reporter.recovered('Redis (REDIS_URL) answers rate-limit counts again; they are shared between the nodes again.');
      return verdict;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.reporter.failed(`Redis (REDIS_URL) did not answer a rate-limit count, so this node counts on its own until it does: ${reason}`);
      return this.local.hit(scope, key, limit, nowMs);
    }
  }

  private async shared(scope: string, key: string, limit: RateLimit, nowMs: number): Promise<RateVerdict> {
    const nowSeconds = Math.floor(nowMs / 1000);
    const multi = this.redis.multi();
    const windows = WINDOWS.map((w) => {
      const windowStart = Math.floor(nowSeconds / w.seconds) * w.seconds;
      const id = `${this.prefix}:${scope}:${w.name}:${windowStart}:${key}`;
      multi.incr(id).expire(id, w.seconds + 5);
      return { windowStart, seconds: w.seconds, max: w.pick(limit) };
    });
    const results = (await multi.exec()) ?? [];
    let retryAfter = 0;
    windows.forEach((w, i) => {
      const [error, count] = results[i * 2] ?? [];
      if (error) throw error;
      if (Number(count) > w.max) retryAfter = Math.max(retryAfter, w.windowStart + w.seconds - nowSeconds);
    });
    return retryAfter > 0 ? { ok: false, retryAfterSeconds: Math.max(1, retryAfter) } : { ok: true };
  }
}
