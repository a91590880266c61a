// Redis for tests: TEST_REDIS_URL (default local Redis). REQUIRE_REDIS=1 turns a missing server into a failure.
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

export async function redisAvailable(): Promise<boolean> {
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    if (process.env.REQUIRE_REDIS === '1') throw new Error(`REQUIRE_REDIS=1 but Redis at ${TEST_REDIS_URL} cannot be reached.`);
    console.warn(`[notice] Redis not reachable at ${TEST_REDIS_URL}: Redis tests are skipped on this machine.`);
    return false;
  } finally {
    client.disconnect();
  }
}
