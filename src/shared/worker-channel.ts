// With WORKERS > 1 the server processes of one machine talk to each other through the primary process
// that started them (see src/workers.ts), over Node's IPC channel: the primary keeps the rate-limit
// counts for all of them, and passes each worker's content changes on to the others, so that their page
// caches empty at once. With REDIS_URL set, Redis does both instead, across machines too.
import type { RateLimit } from '../config.js';
import type { ContentChange, ContentEvents } from './content-events.js';
import { MemoryRateLimiter, type RateLimiter, type RateVerdict } from './rate-limit.js';
import { RepeatReporter } from './repeat-reporter.js';

/**
 * Either end of the IPC channel: `process` in a worker, a cluster Worker in the primary. Messages are
 * always sent with a callback: without one, a message to a process that has just gone is an `error`
 * event, which would stop the sender.
 */
export interface Channel {
  send(message: WorkerMessage, callback: (error: Error | null) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

const ignore = (): void => undefined;

export type WorkerMessage =
  | { bs: 'rate-hit'; id: number; scope: string; key: string; limit: RateLimit; nowMs: number }
  | { bs: 'rate-verdict'; id: number; verdict: RateVerdict }
  | { bs: 'content-changed'; change: ContentChange }
  | { bs: 'closed' }
  | { bs: 'drained' };

function isMessage(message: unknown): message is WorkerMessage {
  return typeof message === 'object' && message !== null && typeof (message as { bs?: unknown }).bs === 'string';
}

/** How long a worker waits for the primary's count before counting on its own. */
const ANSWER_WITHIN_MS = 2000;

/**
 * A worker's rate limiter: the primary counts. Should it not answer (it is stopping, say), the worker
 * counts on its own for that hit, and says so once a minute.
 */
export class IpcRateLimiter implements RateLimiter {
  /** The hits waiting for the primary's answer; null settles one that will get none. */
  private readonly waiting = new Map<number, (verdict: RateVerdict | null) => void>();
  private readonly local = new MemoryRateLimiter();
  private readonly reporter: RepeatReporter;
  private next = 0;

  constructor(
    private readonly channel: Channel,
    report: (line: string) => void = () => undefined,
    private readonly answerWithinMs = ANSWER_WITHIN_MS,
  ) {
    this.reporter = new RepeatReporter(report, report);
    channel.on('message', (message) => {
      if (isMessage(message) && message.bs === 'rate-verdict') this.waiting.get(message.id)?.(message.verdict);
    });
  }

  async hit(scope: string, key: string, limit: RateLimit, nowMs: number): Promise<RateVerdict> {
    if (limit.perMinute === 0) return { ok: true };
    const id = ++this.next;
    const answer = new Promise<RateVerdict | null>((resolve) => {
      const timer = setTimeout(() => settle(null), this.answerWithinMs);
      const settle = (verdict: RateVerdict | null) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(verdict);
      };
      this.waiting.set(id, settle);
    });
    this.channel.send({ bs: 'rate-hit', id, scope, key, limit, nowMs }, (error) => {
      if (error) this.waiting.get(id)?.(null);
    });
    const verdict = await answer;
    if (!verdict) return this.countHere(scope, key, limit, nowMs);
    this.reporter.recovered('The primary process answers rate-limit counts again.');
    return verdict;
  }

  private countHere(scope: string, key: string, limit: RateLimit, nowMs: number): Promise<RateVerdict> {
    this.reporter.failed('The primary process did not answer a rate-limit count, so this worker counts on its own until it does.');
    return this.local.hit(scope, key, limit, nowMs);
  }
}

/** The primary's side: answers every worker's rate-limit counts from one limiter. */
export function answerRateHits(channel: Channel, limiter: RateLimiter): void {
  channel.on('message', (message) => {
    if (!isMessage(message) || message.bs !== 'rate-hit') return;
    void limiter.hit(message.scope, message.key, message.limit, message.nowMs).then(
      (verdict) => channel.send({ bs: 'rate-verdict', id: message.id, verdict }, ignore),
      () => channel.send({ bs: 'rate-verdict', id: message.id, verdict: { ok: true } }, ignore),
    );
  });
}

/**
 * A worker's side of the content changes: its own go to the primary, and those the primary passes on
 * from the other workers are replayed here, marked as remote. Returns a function that stops it.
 */
export function shareContentChanges(channel: Channel, events: ContentEvents): () => void {
  let stopped = false;
  channel.on('message', (message) => {
    if (!stopped && isMessage(message) && message.bs === 'content-changed') events.changed({ ...message.change, remote: true });
  });
  const unsubscribe = events.onChange((change) => {
    // Should the primary be gone, the others learn of the change from the database within a second (content-version.ts).
    if (!change.remote) channel.send({ bs: 'content-changed', change }, ignore);
  });
  return () => {
    stopped = true;
    unsubscribe();
  };
}

/** The primary's side: a worker's content change goes to every other worker. */
export function passOnContentChanges(from: Channel, others: () => Iterable<Channel>): void {
  from.on('message', (message) => {
    if (!isMessage(message) || message.bs !== 'content-changed') return;
    // A worker that is stopping may miss it; the one started in its place reads the database afresh.
    for (const worker of others()) if (worker !== from) worker.send(message, ignore);
  });
}

/**
 * A worker's last word before it exits, once its server is closed: it waits until the primary has read
 * that (and so hands it no more connections) and answers, by which time every connection the primary
 * had already sent it has come in and been handed back. A worker that exited with such a connection
 * still on its way would leave that reader waiting for an answer that never comes.
 */
export function drainFromPrimary(channel: Channel, withinMs = ANSWER_WITHIN_MS): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, withinMs);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    channel.on('message', (message) => {
      if (isMessage(message) && message.bs === 'drained') done();
    });
    channel.send({ bs: 'closed' }, (error) => {
      if (error) done();
    });
  });
}

/** The primary's side of drainFromPrimary(): messages on one channel arrive in order, so the answer comes after every connection sent before it. */
export function answerDrains(channel: Channel): void {
  channel.on('message', (message) => {
    if (isMessage(message) && message.bs === 'closed') channel.send({ bs: 'drained' }, ignore);
  });
}
