// Content changes made by another process (the CLI, another app node without Redis) reach this one
// through a counter in the database: local changes bump it, and a timer compares it once a second.
import { dialectOf, RawQuery } from '../db/raw-query.js';
import type { Db } from '../db/schema.js';
import type { ContentEvents } from './content-events.js';

export interface ContentVersionTracker {
  /**
   * Compares the database counter with the last one seen; a difference is announced as a change. A
   * call while a comparison is under way joins it.
   */
  poll(): Promise<void>;
  stop(): void;
}

const bumpQuery = new RawQuery<{ content_version: number | string }>(() => 'update site_state set content_version = content_version + 1 where id = 1 returning content_version');

async function readVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('site_state').select('content_version').where('id', '=', 1).executeTakeFirst();
  return Number(row?.content_version ?? 0);
}

export async function trackContentVersion(db: Db, events: ContentEvents, options: { intervalMs?: number } = {}): Promise<ContentVersionTracker> {
  let seen = await readVersion(db);
  let pending = Promise.resolve();
  // A burst of changes (comments arriving) needs one bump after it, not one each: while a bump is
  // queued, further changes ride along with it.
  let queued = false;
  const unsubscribe = events.onChange((change) => {
    if (change.remote || queued) return;
    queued = true;
    pending = pending
      .then(async () => {
        queued = false;
        const [row] = await bumpQuery.execute(db, dialectOf(db), []);
        const version = Number(row?.content_version ?? 0);
        // Someone else changed content too since we last looked.
        if (version !== seen + 1) events.changed({ kind: 'site', remote: true });
        seen = version;
      })
      .catch(() => undefined);
  });
  const compare = async () => {
    await pending;
    const current = await readVersion(db);
    if (current !== seen) {
      seen = current;
      events.changed({ kind: 'site', remote: true });
    }
  };
  // One comparison at a time: while the database is slow or silent, the timer's ticks join the one
  // under way instead of piling up, each holding or waiting for a pooled connection.
  let inFlight: Promise<void> | null = null;
  const poll = () => {
    inFlight ??= compare().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
  const timer = options.intervalMs === 0 ? null : setInterval(() => void poll().catch(() => undefined), options.intervalMs ?? 1000);
  timer?.unref();
  return {
    poll,
    stop: () => {
      if (timer) clearInterval(timer);
      unsubscribe();
    },
  };
}

/** Waits until the bumps of changes made so far are written (for the CLI, before it exits). */
export async function settle(tracker: ContentVersionTracker): Promise<void> {
  await tracker.poll();
}
