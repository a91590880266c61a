// What every service receives: configuration, the database, the clock and the content events.
import type { Config } from './config.js';
import type { Db } from './db/schema.js';
import type { DialectName } from './db/database.js';
import { systemClock, type Clock } from './shared/clock.js';
import { ContentEvents } from './shared/content-events.js';
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
