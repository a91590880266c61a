// How every Redis client of the server connects. The client itself is loaded only when REDIS_URL is set.
import type { RedisOptions } from 'ioredis';

/**
 * A command that has no answer after this long fails. Without it, a Redis that takes the connection and
 * then says nothing (frozen, or a stuck proxy) held start-up for ever, and every comment post waited on
 * its rate-limit count; with it, start-up stops with a message and the counts fall back to this node.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;

export const redisOptions: RedisOptions = {
  lazyConnect: true,
  maxRetriesPerRequest: 2,
  commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
};
