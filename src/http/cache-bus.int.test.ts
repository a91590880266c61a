import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ContentEvents, type ContentChange } from '../shared/content-events.js';
import { redisAvailable, TEST_REDIS_URL } from '../test/redis.js';
import { startCacheBus, type CacheBus } from './cache-bus.js';

const enabled = await redisAvailable();
const silent = { warn: () => undefined, info: () => undefined };

describe.skipIf(!enabled)('cache invalidation between app nodes through Redis', () => {
  const nodeA = new ContentEvents();
  const nodeB = new ContentEvents();
  let busA: CacheBus;
  let busB: CacheBus;
  beforeAll(async () => {
    busA = await startCacheBus(TEST_REDIS_URL, nodeA, silent);
    busB = await startCacheBus(TEST_REDIS_URL, nodeB, silent);
  });
  afterAll(async () => {
    await busA.close();
    await busB.close();
  });

  test('a change on one node reaches the other once, and does not echo back', async () => {
    const seenByB: ContentChange[] = [];
    const seenByA: ContentChange[] = [];
    nodeB.onChange((c) => seenByB.push(c));
    nodeA.onChange((c) => seenByA.push(c));
    nodeA.changed({ kind: 'article', id: 'art_1' });
    const deadline = Date.now() + 3000;
    while (seenByB.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    expect(seenByB).toEqual([{ kind: 'article', id: 'art_1', remote: true }]);
    expect(seenByA).toEqual([{ kind: 'article', id: 'art_1' }]);
    expect(nodeB.version).toBe(1);
  });
});
