// Process entry: loadConfig() → openDb() → migrate → (demo content on an empty database) → buildApp() → listen()
// → search indexing while serving, when there is any to do. With WORKERS > 1 this process becomes the
// primary (src/workers.ts): it does the database's start-up work once, then starts the workers, each of
// which runs serve() without it, and does the search indexing while they serve.
import cluster from 'node:cluster';
import { buildApp } from './app.js';
import { standaloneContext } from './context.js';
import { ConfigError, loadConfig, redact, type Config } from './config.js';
import { migrateToLatest, openDb, SERVING_ANSWER_BOUND_MS, type OpenDb } from './db/database.js';
import { seedDemoIfEmpty } from './modules/demo/demo.service.js';
import { adoptEmptySearchIndex, bringSearchUpToDate, progressInTenths } from './modules/search/search.service.js';
import { ContentEvents } from './shared/content-events.js';
import { startCacheBus } from './http/cache-bus.js';
import { listeningUrl } from './http/addresses.js';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from './shared/rate-limit.js';
import { RepeatReporter } from './shared/repeat-reporter.js';
import { REDIS_COMMAND_TIMEOUT_MS, redisOptions } from './shared/redis-options.js';
import { drainFromPrimary, IpcRateLimiter, shareContentChanges, type Channel } from './shared/worker-channel.js';
import { youngGenerationAdvice } from './node-options.js';
import { runWorkers } from './workers.js';
import type { Redis } from 'ioredis';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Broadsheet cannot start.\n${error.message}\nSee docs/configuration.md for every setting.`);
      process.exit(78);
    }
    throw error;
  }
}

/** Redis, when REDIS_URL is set, must answer before anything else is done: a node that cannot share rate limits and cache changes with the others should not serve. */
async function redisOrExit(config: Config): Promise<Redis | null> {
  if (!config.redisUrl) return null;
  // The client is loaded only when it is needed.
  const { Redis } = await import('ioredis');
  const redis = new Redis(config.redisUrl, redisOptions);
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
  return redis;
}

/** Opens the database, and (unless a primary process did it already) brings it up to date and loads the demo content into an empty one. */
async function databaseOrExit(config: Config, prepare: boolean): Promise<OpenDb> {
  let opened;
  try {
    opened = await openDb(config.databaseUrl, { poolSize: config.databasePoolSize, preparedStatements: config.databasePreparedStatements });
    if (prepare) await migrateToLatest(opened.db);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`Broadsheet cannot start: the database at DATABASE_URL (${redact(config.databaseUrl)}) is not usable.\n  ${reason}`);
    process.exit(1);
  }
  if (prepare) {
    const advice = youngGenerationAdvice(opened.dialect, process.execArgv);
    if (advice) console.warn(`Warning: ${advice}`);
    const ctx = standaloneContext(config, opened);
    await adoptEmptySearchIndex(ctx);
    if (config.seedDemo) {
      const seeded = await seedDemoIfEmpty(ctx);
      if (seeded) console.log(`Loaded ${seeded.articles} demo articles into the empty database (remove them with: npx broadsheet demo remove).`);
    }
  }
  return opened;
}

/** Search indexing under way while the site serves. */
interface BackgroundIndexing {
  /** Settles when the indexing has ended, however it did (it reports for itself). */
  done: Promise<void>;
  /** Stops before the next batch and waits for the one under way; the next start goes on from there. */
  stop(): Promise<void>;
}

/** Articles a transaction while serving: about 10 ms of work, so that no request waits long behind one. */
const SERVING_INDEX_BATCH = 10;

/**
 * The search indexing a start finds to do (see bringSearchUpToDate: after an upgrade that changes the
 * index, a copy from another database, a new SITE_LANGUAGE), done while the site serves rather than
 * before: a large archive would otherwise keep the site down for minutes. Searches meanwhile miss the
 * articles not yet indexed, or find them by their words as written before. Search is not worth a site
 * that stops: a failure is reported, and the next start (or `migrate`) goes on.
 */
function indexWhileServing(config: Config, opened: OpenDb): BackgroundIndexing {
  const controller = new AbortController();
  const done = bringSearchUpToDate(standaloneContext(config, opened), {
    batch: SERVING_INDEX_BATCH,
    pause: () => new Promise((resolve) => setImmediate(resolve)),
    signal: controller.signal,
    onStart: (total) => console.log(`Indexing ${total} article(s) for search while serving…`),
    // A line at each tenth of a long run, so that an operator sees it move (a short one just ends).
    onProgress: progressInTenths((line) => console.log(`  search indexing: ${line}`), 10 * SERVING_INDEX_BATCH),
  }).then(
    (indexed) => {
      if (indexed > 0) console.log(`Indexed ${indexed} article(s) for search.`);
    },
    (error: unknown) => {
      if (controller.signal.aborted) {
        console.log('Search indexing stopped with the server; the next start goes on with it.');
        return;
      }
      const reason = error instanceof Error ? error.message : String(error);
      console.error(`Warning: indexing articles for search failed, so searches may miss older articles (run "broadsheet migrate" to try again): ${reason}`);
    },
  );
  return {
    done,
    async stop() {
      controller.abort();
      await done;
    },
  };
}

/** Serves the site in this process: the only one, or one of the workers (`channel` is then the way to the primary). */
async function serve(config: Config, channel: Channel | null): Promise<void> {
  const redis = await redisOrExit(config);
  const opened = await databaseOrExit(config, channel === null);
  const events = new ContentEvents();
  const limiter: RateLimiter = redis
    ? new RedisRateLimiter(redis, undefined, (line) => console.error(line), (line) => console.log(line))
    : channel
      ? new IpcRateLimiter(channel, (line) => console.error(line))
      : new MemoryRateLimiter();

  // Start-up work is done; from here a query that gets no answer frees its connection (see pg-silence.ts).
  opened.boundAnswers(SERVING_ANSWER_BOUND_MS);
  const { app } = await buildApp({ config, db: opened.db, dialect: opened.dialect, events, limiter, pingDatabase: opened.ping });
  const bus = config.redisUrl ? await startCacheBus(config.redisUrl, events, app.log) : null;
  const stopSharing = channel && !bus ? shareContentChanges(channel, events) : null;

  let stopping = false;
  let indexing: BackgroundIndexing | null = null;
  const shutdown = async (signal: string) => {
    // A second signal (Ctrl-C reaches a worker directly and through the primary) waits for the first.
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await indexing?.stop();
    await app.close();
    if (channel) await drainFromPrimary(channel);
    stopSharing?.();
    await bus?.close();
    redis?.disconnect();
    await opened.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // SIGHUP reloads the workers, which is the first process's business; a single process cannot reload
  // itself without a gap, so it says so rather than stop (Node's default).
  process.on('SIGHUP', () => {
    if (!channel) app.log.warn('SIGHUP reloads the server processes only with WORKERS > 1; restart this one to run new code.');
  });

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? `port ${config.port} is already in use (set PORT to another one)` : code === 'EADDRNOTAVAIL' ? `HOST ${config.host} is not an address of this machine` : String(error);
    console.error(`Broadsheet cannot start: ${reason}.`);
    process.exit(1);
  }
  if (!channel) {
    console.log(`Broadsheet is serving ${config.siteUrl} (listening on ${listeningUrl(config.host, config.port)}, ${opened.dialect}).`);
    if (!stopping) indexing = indexWhileServing(config, opened);
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  if (cluster.isWorker) return serve(config, process as unknown as Channel);
  for (const warning of config.warnings) console.warn(`Warning: ${warning}`);
  if (config.workers === 1) return serve(config, null);
  const opened = await databaseOrExit(config, true);
  runWorkers(config, opened.dialect);
  // The primary serves nothing: it indexes for search while the workers serve, then lets the database go.
  opened.boundAnswers(SERVING_ANSWER_BOUND_MS);
  await indexWhileServing(config, opened).done;
  await opened.close();
}

void main();
