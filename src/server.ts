// Process entry: loadConfig() → openDb() → migrate → (demo content on an empty database) → buildApp() → listen().
import { buildApp } from './app.js';
import { ConfigError, loadConfig, redact } from './config.js';
import { migrateToLatest, openDb, SERVING_ANSWER_BOUND_MS } from './db/database.js';
import { seedDemoIfEmpty } from './modules/demo/demo.service.js';
import { ContentEvents } from './shared/content-events.js';
import { systemClock } from './shared/clock.js';
import { startCacheBus } from './http/cache-bus.js';
import { listeningUrl } from './http/addresses.js';
import { MemoryRateLimiter, RedisRateLimiter } from './shared/rate-limit.js';
import { dateFormats } from './shared/format.js';
import { RepeatReporter } from './shared/repeat-reporter.js';
import { REDIS_COMMAND_TIMEOUT_MS, redisOptions } from './shared/redis-options.js';
import { youngGenerationAdvice } from './node-options.js';
import type { Redis } from 'ioredis';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Broadsheet cannot start.\n${error.message}\nSee docs/configuration.md for every setting.`);
      process.exit(78);
    }
    throw error;
  }

  for (const warning of config.warnings) console.warn(`Warning: ${warning}`);

  // Redis, when REDIS_URL is set, must answer before anything else is done: a node that cannot share
  // rate limits and cache changes with the others should not serve. The client is loaded only then.
  let redis: Redis | null = null;
  if (config.redisUrl) {
    const { Redis } = await import('ioredis');
    redis = new Redis(config.redisUrl, redisOptions);
    // While Redis is away the client retries every second or two; the log gets a line a minute.
    const lost = new RepeatReporter((line) => console.error(line), (line) => console.log(line));
    let lastError = '';
    redis.on('error', (err) => {
      lastError = err.message;
      lost.failed(`Redis (REDIS_URL): ${err.message}`);
    });
    redis.on('ready', () => lost.recovered('Redis (REDIS_URL) answers again.'));
    try {
      await redis.connect();
      await redis.ping();
    } catch (error) {
      // The rejection only says "Connection is closed."; the client's last error says why.
      const reason = /timed out/i.test(lastError)
        ? `It took the connection but did not answer within ${REDIS_COMMAND_TIMEOUT_MS / 1000} s.`
        : lastError || (error instanceof Error ? error.message : String(error));
      console.error(`Broadsheet cannot start: Redis at REDIS_URL (${redact(config.redisUrl)}) does not answer.\n  ${reason}`);
      process.exit(1);
    }
  }

  let opened;
  try {
    opened = await openDb(config.databaseUrl, { poolSize: config.databasePoolSize, preparedStatements: config.databasePreparedStatements });
    await migrateToLatest(opened.db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`Broadsheet cannot start: the database at DATABASE_URL (${redact(config.databaseUrl)}) is not usable.\n  ${reason}`);
    process.exit(1);
  }

  const advice = youngGenerationAdvice(opened.dialect, process.execArgv);
  if (advice) console.warn(`Warning: ${advice}`);

  const events = new ContentEvents();
  const limiter = redis
    ? new RedisRateLimiter(redis, undefined, (line) => console.error(line), (line) => console.log(line))
    : new MemoryRateLimiter();
  const ctx = { config, db: opened.db, dialect: opened.dialect, clock: systemClock, events, limiter, dates: dateFormats(config.siteTimeZone) };
  if (config.seedDemo) {
    const seeded = await seedDemoIfEmpty(ctx);
    if (seeded) console.log(`Loaded ${seeded.articles} demo articles into the empty database (remove them with: npx broadsheet demo remove).`);
  }

  // Start-up work is done; from here a query that gets no answer frees its connection (see pg-silence.ts).
  opened.boundAnswers(SERVING_ANSWER_BOUND_MS);
  const { app } = await buildApp({ config, db: opened.db, dialect: opened.dialect, events, limiter, pingDatabase: opened.ping });
  const bus = config.redisUrl ? await startCacheBus(config.redisUrl, events, app.log) : null;

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await bus?.close();
    redis?.disconnect();
    await opened.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? `port ${config.port} is already in use (set PORT to another one)` : code === 'EADDRNOTAVAIL' ? `HOST ${config.host} is not an address of this machine` : String(error);
    console.error(`Broadsheet cannot start: ${reason}.`);
    process.exit(1);
  }
  console.log(`Broadsheet is serving ${config.siteUrl} (listening on ${listeningUrl(config.host, config.port)}, ${opened.dialect}).`);
}

void main();
