// Per-client rate limits over sliding windows: at most N hits let through in any 60 seconds and M in any
// hour, and the Retry-After of a refusal is exactly when the next one will be accepted. Each client's
// times let through are kept (never more than the larger limit allows): in memory for one node, or in a
// Redis sorted set when REDIS_URL is set, so that every app node counts against the same log. Attempts
// the limit refuses are not logged, so waiting as long as Retry-After said is always enough.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimit } from '../config.js';
import { RepeatReporter } from './repeat-reporter.js';

export type RateVerdict = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one hit for the key and says whether it is within the limit. */
  hit(scope: string, key: string, limit: RateLimit, nowMs: number): Promise<RateVerdict>;
}

const OK: RateVerdict = { ok: true };

interface Window {
  ms: number;
  max: number;
}

/**
 * The windows a limit needs, shortest first. The hour's only where it binds: an exact minute window lets
 * no more than 60 × N through in an hour, so "5" (which means 5/300) keeps a minute of times, not an hour.
 */
export function windowsOf(limit: RateLimit): Window[] {
  const minute = { ms: 60_000, max: limit.perMinute };
  return limit.perHour < limit.perMinute * 60 ? [minute, { ms: 3_600_000, max: limit.perHour }] : [minute];
}

/** How long a client's times are kept: the longest of its windows. */
function keptFor(windows: readonly Window[]): number {
  return windows[windows.length - 1]!.ms;
}

/** Let through, or refused until `waitMs` from now (in whole seconds, at least one). */
function verdictAfter(waitMs: number): RateVerdict {
  return waitMs > 0 ? { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) } : OK;
}

/**
 * The verdict on a client's accepted times (oldest first, none older than the longest window): refused
 * while a window already holds its maximum, until the one that must leave it does.
 */
export function verdictOn(log: readonly number[], windows: readonly Window[], nowMs: number): RateVerdict {
  let waitMs = 0;
  for (const w of windows) {
    let inWindow = 0;
    for (let i = log.length - 1; i >= 0 && log[i]! > nowMs - w.ms; i--) inWindow++;
    if (inWindow < w.max) continue;
    waitMs = Math.max(waitMs, w.max === 0 ? w.ms : log[log.length - w.max]! + w.ms - nowMs);
  }
  return verdictAfter(waitMs);
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly logs = new Map<string, { times: number[]; keepMs: number }>();
  private lastSweep = 0;

  async hit(scope: string, key: string, limit: RateLimit, nowMs: number): Promise<RateVerdict> {
    if (limit.perMinute === 0) return OK;
    this.sweep(nowMs);
    const windows = windowsOf(limit);
    const keepMs = keptFor(windows);
    const id = `${scope}:${key}`;
    const times = this.logs.get(id)?.times ?? [];
    let old = 0;
    while (old < times.length && times[old]! <= nowMs - keepMs) old++;
    times.splice(0, old);
    const verdict = verdictOn(times, windows, nowMs);
    if (verdict.ok) {
      // In order, even if the clock stepped back.
      let at = times.length;
      while (at > 0 && times[at - 1]! > nowMs) at--;
      times.splice(at, 0, nowMs);
    }
    if (times.length > 0) this.logs.set(id, { times, keepMs });
    else this.logs.delete(id);
    return verdict;
  }

  /** Clients with times still kept. */
  get clients(): number {
    return this.logs.size;
  }

  /** Forgets clients whose latest time has left every window, now and then, so memory stays bounded by the clients of the last hour. */
  private sweep(nowMs: number): void {
    if (nowMs - this.lastSweep < 60_000) return;
    this.lastSweep = nowMs;
    for (const [id, { times, keepMs }] of this.logs) {
      if (times[times.length - 1]! <= nowMs - keepMs) this.logs.delete(id);
    }
  }
}

/**
 * One hit, atomically, on a client's log in Redis: forget what no window holds, refuse while a window is
 * full (answering how many milliseconds until it is not), else add this hit. The cut-offs are worked
 * out by the caller, so the script does no arithmetic on times beyond the wait.
 * KEYS[1]: the log (a sorted set, scored by time). ARGV: now, a member unique to this hit, the cut-off
 * below which times are forgotten, how long the log lives, then per window: its length (ms), its
 * exclusive lower bound as ZCOUNT takes it, and its maximum.
 */
const HIT_SCRIPT = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local wait = 0
for i = 5, #ARGV, 3 do
  local ms = tonumber(ARGV[i])
  local max = tonumber(ARGV[i + 2])
  if redis.call('ZCOUNT', KEYS[1], ARGV[i + 1], '+inf') >= max then
    local w = ms
    if max > 0 then
      w = tonumber(redis.call('ZREVRANGE', KEYS[1], max - 1, max - 1, 'WITHSCORES')[2]) + ms - now
    end
    if w > wait then wait = w end
  end
end
if wait <= 0 then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return wait
`;

type RedisWithHit = Redis & { rateLimitHit(key: string, ...args: string[]): Promise<number> };

/**
 * Counts in Redis. When Redis fails (down, or restarting), this node counts on its own until Redis
 * answers again: readers can still comment, each node still limits, and the failure is reported at most
 * once a minute rather than with every comment, then once when Redis answers again.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly local = new MemoryRateLimiter();
  private readonly reporter: RepeatReporter;
  private readonly redis: RedisWithHit;
  /** Makes each hit's member unique, between nodes too. */
  private readonly node = randomBytes(6).toString('hex');
  private sequence = 0;
  /** The time of the latest count: the reporter's clock, so that it follows the injected one. */
  private nowMs = 0;

  constructor(
    redis: Redis,
    private readonly prefix = 'broadsheet:rl',
    report: (line: string) => void = () => undefined,
    reportRecovery: (line: string) => void = report,
  ) {
    if (!('rateLimitHit' in redis)) redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    this.redis = redis as RedisWithHit;
    this.reporter = new RepeatReporter(report, reportRecovery, 60_000, () => this.nowMs);
  }

  async hit(scope: string, key: string, limit: RateLimit, nowMs: number): Promise<RateVerdict> {
    if (limit.perMinute === 0) return OK;
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
    const windows = windowsOf(limit);
    const keepMs = keptFor(windows);
    const now = Math.floor(nowMs);
    const args = [String(now), `${now}:${this.node}:${++this.sequence}`, String(now - keepMs), String(keepMs)];
    for (const w of windows) args.push(String(w.ms), `(${now - w.ms}`, String(w.max));
    return verdictAfter(Number(await this.redis.rateLimitHit(`${this.prefix}:log:${scope}:${key}`, ...args)));
  }
}
