// What every service receives: configuration, the database, the clock and the content events.
import type { Config } from './config.js';
import type { Db } from './db/schema.js';
import type { DialectName } from './db/database.js';
import type { Clock } from './shared/clock.js';
import type { ContentEvents } from './shared/content-events.js';
import type { RateLimiter } from './shared/rate-limit.js';
import type { DateFormats } from './shared/format.js';

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
