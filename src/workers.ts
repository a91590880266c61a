// WORKERS > 1: one primary process and N server processes (Node's cluster) sharing the port, so that a
// site on one machine uses more than one core. The primary prepares the database once (migrations, demo
// content), starts the workers, counts rate limits for all of them, passes content changes between them
// (src/shared/worker-channel.ts), starts a worker again when one dies, and stops them all on SIGTERM or
// SIGINT. It serves nothing itself.
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config.js';
import type { DialectName } from './db/database.js';
import { listeningUrl } from './http/addresses.js';
import { MemoryRateLimiter } from './shared/rate-limit.js';
import { answerRateHits, passOnContentChanges } from './shared/worker-channel.js';

/** A worker that dies is started again after this long, so that a crash loop does not spin the CPU. */
const RESTART_AFTER_MS = 1000;
/** How long the workers get to finish the requests under way when asked to stop. */
const STOP_WITHIN_MS = 30_000;

export function runWorkers(config: Config, dialect: DialectName): void {
  const count = config.workers;
  const limiter = new MemoryRateLimiter();
  const ready = new Set<number>();
  /** Workers not yet exited (cluster.workers may still list one that has exited, until it has also disconnected). */
  const alive = new Set<number>();
  let serving = false;
  let stopping = false;

  const workers = (): Worker[] => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const start = (): void => {
    const worker = cluster.fork();
    alive.add(worker.id);
    answerRateHits(worker, limiter);
    passOnContentChanges(worker, workers);
  };

  const stop = (exitCode: number): void => {
    if (stopping) return;
    stopping = true;
    process.exitCode = exitCode;
    for (const worker of workers()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      console.error(`Broadsheet: the workers did not stop within ${STOP_WITHIN_MS / 1000} s; stopping them now.`);
      for (const worker of workers()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_WITHIN_MS).unref();
    if (alive.size === 0) process.exit(exitCode);
  };

  cluster.on('listening', (worker) => {
    ready.add(worker.id);
    if (serving || ready.size < count) return;
    serving = true;
    console.log(`Broadsheet is serving ${config.siteUrl} (listening on ${listeningUrl(config.host, config.port)}, ${dialect}, ${count} workers).`);
  });

  cluster.on('exit', (worker, code, signal) => {
    alive.delete(worker.id);
    if (stopping) {
      if (alive.size === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    // At start-up, a worker that never listened could not start (its reason is in the output above):
    // the others would fail the same way, so everything stops.
    if (!serving) {
      console.error(`Broadsheet cannot start: a worker stopped before it could serve (${signal ?? `exit code ${code}`}).`);
      stop(code || 1);
      return;
    }
    ready.delete(worker.id);
    console.error(`Broadsheet: worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting another.`);
    setTimeout(() => {
      if (!stopping) start();
    }, RESTART_AFTER_MS);
  });

  process.once('SIGTERM', () => stop(0));
  process.once('SIGINT', () => stop(0));
  for (let i = 0; i < count; i++) start();
}
