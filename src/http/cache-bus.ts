// With several app nodes, a change on one must empty the page caches of all. Each node publishes its
// content changes on a Redis channel and replays the others' changes locally.
import { randomBytes } from 'node:crypto';
import type { ContentEvents } from '../shared/content-events.js';
import { redisOptions } from '../shared/redis-options.js';
import { RepeatReporter } from '../shared/repeat-reporter.js';

const CHANNEL = 'broadsheet:content-changed';

export interface CacheBus {
  close(): Promise<void>;
}

interface Logger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export async function startCacheBus(redisUrl: string, events: ContentEvents, log: Logger): Promise<CacheBus> {
  const nodeId = randomBytes(8).toString('hex');
  // Loaded only when REDIS_URL is set: a single node never needs the client.
  const { Redis } = await import('ioredis');
  const pub = new Redis(redisUrl, redisOptions);
  const sub = new Redis(redisUrl, redisOptions);
  // While Redis is away each client retries every second or two: a line a minute is enough. Changes
  // still reach the other nodes meanwhile, within a second, through the database (content-version.ts).
  for (const [client, role] of [[pub, 'publisher'], [sub, 'subscriber']] as const) {
    const lost = new RepeatReporter((line) => log.warn({ role }, line), (line) => log.info({ role }, line));
    client.on('error', (err: Error) => lost.failed(`Redis cache bus (${role}): ${err.message}`));
    client.on('ready', () => lost.recovered(`Redis cache bus (${role}) answers again.`));
  }
  await Promise.all([pub.connect(), sub.connect()]);

  await sub.subscribe(CHANNEL);
  sub.on('message', (_channel, message) => {
    try {
      const { from, change } = JSON.parse(message) as { from: string; change: Parameters<ContentEvents['changed']>[0] };
      if (from !== nodeId) events.changed({ ...change, remote: true });
    } catch {
      // A message we cannot read is not ours to act on.
    }
  });
  const unsubscribe = events.onChange((change) => {
    if (change.remote) return;
    pub.publish(CHANNEL, JSON.stringify({ from: nodeId, change })).catch((err) => log.warn({ err }, 'could not publish a content change'));
  });

  return {
    close: async () => {
      unsubscribe();
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}
