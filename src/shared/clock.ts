// Time is passed in, so tests can say "ten minutes later" without waiting.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until a test moves it. */
export function fixedClock(start: Date | string): Clock & { advance(ms: number): void; set(at: Date | string): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
    set: (at) => {
      current = new Date(at);
    },
  };
}

/** The most recent of some times (those given), or undefined when there are none. */
export function mostRecent(dates: Iterable<Date | undefined>): Date | undefined {
  let latest: Date | undefined;
  for (const date of dates) if (date && (!latest || date > latest)) latest = date;
  return latest;
}

/** The storage form of a timestamp: fixed-width ISO-8601 in UTC, which sorts correctly as text. */
export function toTimestamp(date: Date): string {
  return date.toISOString();
}
