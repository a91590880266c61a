// What every service receives: configuration, the database, the clock and the content events.
import type { Config } from './config.js';
import type { Db } from './db/schema.js';
import type { DialectName } from './db/database.js';
import { systemClock, type Clock } from './shared/clock.js';
import { ContentEvents } from './shared/content-events.js';
import type { RateLimit } from './config.js';
import { MemoryRateLimiter, type RateLimiter } from './shared/rate-limit.js';
import { dateFormats, type DateFormats } from './shared/format.js';

export interface Ctx {
  config: Config;
  db: Db;
  dialect: DialectName;
  clock: Clock;
  events: ContentEvents;
  limiter: RateLimiter;
  /** Dates in the site's time zone. */
  dates: DateFormats;
}

/**
 * A context for work outside a serving process (the command line, start-up): the system clock, this
 * process's own rate limits, and content events that reach no cache unless the caller passes them on.
 */
export function standaloneContext(config: Config, opened: { db: Db; dialect: DialectName }, events = new ContentEvents()): Ctx {
  return { config, db: opened.db, dialect: opened.dialect, clock: systemClock, events, limiter: new MemoryRateLimiter(), dates: dateFormats(config.siteTimeZone) };
}

/**
 * Counts one request of a client (a `clientHash()`) against a rate limit, and throws the error `refuse`
 * makes of the wait when the client is over it. `refuse` gives the reader's sentence; rateLimitedError()
 * gives every refusal the same status, Retry-After and `retry_after`.
 */
export async function countAgainstLimit(ctx: Ctx, scope: string, client: string, limit: RateLimit, refuse: (retryAfterSeconds: number) => Error): Promise<void> {
  const verdict = await ctx.limiter.hit(scope, client, limit, ctx.clock.now().getTime());
  if (!verdict.ok) throw refuse(verdict.retryAfterSeconds);
}
