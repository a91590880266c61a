// WORKERS > 1: one primary process and N server processes (Node's cluster) sharing the port, so that a
// site on one machine uses more than one core. The primary prepares the database once (migrations, demo
// content), starts the workers, counts rate limits for all of them, passes content changes between them
// (src/shared/worker-channel.ts), starts a worker again when one dies, and stops them all on SIGTERM or
// SIGINT. On SIGHUP it replaces the workers one at a time with new ones running the code now on disk,
// after running the migrations of that code: an upgrade without a moment when nobody answers. It serves
// nothing itself (it indexes for search while the workers serve, when a start finds any to do: see server.ts).
import { spawn } from 'node:child_process';
import cluster, { type Worker } from 'node:cluster';
import { join } from 'node:path';
import type { Config } from './config.js';
import type { DialectName } from './db/database.js';
import { listeningUrl } from './http/addresses.js';
import { MemoryRateLimiter } from './shared/rate-limit.js';
import { answerDrains, answerRateHits, passOnContentChanges } from './shared/worker-channel.js';

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
  /** Workers stopped on purpose by a reload, which are not started again. */
  const replaced = new Set<number>();
  let serving = false;
  let stopping = false;
  let reloading = false;

  const workers = (): Worker[] => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const start = (): Worker => {
    const worker = cluster.fork();
    alive.add(worker.id);
    answerRateHits(worker, limiter);
    passOnContentChanges(worker, workers);
    answerDrains(worker);
    return worker;
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
    if (serving && !reloading) console.log(`Broadsheet: worker ${worker.process.pid} serves in place of the one that stopped.`);
    if (serving || ready.size < count) return;
    serving = true;
    console.log(`Broadsheet is serving ${config.siteUrl} (listening on ${listeningUrl(config.host, config.port)}, ${dialect}, ${count} workers).`);
  });

  cluster.on('exit', (worker, code, signal) => {
    alive.delete(worker.id);
    const wasReady = ready.delete(worker.id);
    const how = signal ?? `exit code ${code}`;
    if (stopping) {
      if (alive.size === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    // At start-up, a worker that never listened could not start (its reason is in the output above):
    // the others would fail the same way, so everything stops.
    if (!serving) {
      console.error(`Broadsheet cannot start: a worker stopped before it could serve (${how}).`);
      stop(code || 1);
      return;
    }
    if (replaced.delete(worker.id)) return;
    // Later, a new worker that could not start is not tried again (a reload says so itself).
    if (!wasReady) {
      if (!reloading) console.error(`Broadsheet: a new worker stopped before it could serve (${how}); ${alive.size} of ${count} workers are running.`);
      return;
    }
    console.error(`Broadsheet: worker ${worker.process.pid} stopped (${how}); starting another.`);
    setTimeout(() => {
      if (!stopping) start();
    }, RESTART_AFTER_MS);
  });

  /** Replaces each worker in turn: a new one first, then the old one stops once the new one listens. */
  const reload = async (): Promise<void> => {
    if (reloading || stopping || !serving) return;
    reloading = true;
    try {
      console.log('Broadsheet: reloading the workers (SIGHUP). Running the migrations of the code on disk first.');
      const migrated = await migrateWithCodeOnDisk();
      if (migrated !== 0) {
        console.error(`Broadsheet: the migrations failed (exit code ${migrated}), so the workers keep running the code they started with.`);
        return;
      }
      for (const old of workers().filter((w) => ready.has(w.id))) {
        if (stopping) return;
        const fresh = await startListening();
        if (!fresh) {
          console.error('Broadsheet: a new worker could not start (see above), so the others keep running the code they started with.');
          return;
        }
        replaced.add(old.id);
        await stopOne(old);
      }
      console.log(`Broadsheet: all ${count} workers reloaded.`);
    } finally {
      reloading = false;
    }
  };
  /** A new worker, once it listens; null if it stops before. */
  const startListening = (): Promise<Worker | null> =>
    new Promise((resolve) => {
      const worker = start();
      const listening = () => {
        worker.off('exit', exited);
        resolve(worker);
      };
      const exited = () => {
        worker.off('listening', listening);
        resolve(null);
      };
      worker.once('listening', listening);
      worker.once('exit', exited);
    });

  process.once('SIGTERM', () => stop(0));
  process.once('SIGINT', () => stop(0));
  process.on('SIGHUP', () => void reload());
  for (let i = 0; i < count; i++) start();
}

/** Stops one worker as SIGTERM does (the requests under way are finished), or kills it if that takes too long. */
function stopOne(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_WITHIN_MS);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.process.kill('SIGTERM');
  });
}

/** `broadsheet migrate`, run from the code now on disk (the primary's own modules are the ones it started with); its exit code. */
function migrateWithCodeOnDisk(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'cli.js'), 'migrate'], { stdio: 'inherit' });
    child.once('error', () => resolve(1));
    child.once('exit', (code) => resolve(code ?? 1));
  });
}
