import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { ContentEvents, type ContentChange } from './content-events.js';
import { MemoryRateLimiter } from './rate-limit.js';
import { answerDrains, answerRateHits, drainFromPrimary, IpcRateLimiter, passOnContentChanges, shareContentChanges, type Channel, type WorkerMessage } from './worker-channel.js';

/** Both ends of an IPC channel, delivering each message on a later turn, as Node's does. */
function pipe(): { worker: Channel; primary: Channel } {
  const toWorker = new EventEmitter();
  const toPrimary = new EventEmitter();
  const end = (inbox: EventEmitter, outbox: EventEmitter): Channel => ({
    send: (message: WorkerMessage, callback: (error: Error | null) => void) => setImmediate(() => {
      outbox.emit('message', structuredClone(message));
      callback(null);
    }),
    on: (event, listener) => inbox.on(event, listener),
  });
  return { worker: end(toWorker, toPrimary), primary: end(toPrimary, toWorker) };
}

const limit = { perMinute: 2, perHour: 10 };
const now = Date.parse('2026-12-07T12:00:00Z');

describe('rate limits counted by the primary for every worker', () => {
  test('two workers share one count', async () => {
    const shared = new MemoryRateLimiter();
    const [a, b] = [pipe(), pipe()];
    answerRateHits(a.primary, shared);
    answerRateHits(b.primary, shared);
    const onA = new IpcRateLimiter(a.worker);
    const onB = new IpcRateLimiter(b.worker);
    expect(await onA.hit('comment', 'client-1', limit, now)).toEqual({ ok: true });
    expect(await onB.hit('comment', 'client-1', limit, now + 1000)).toEqual({ ok: true });
    expect(await onA.hit('comment', 'client-1', limit, now + 2000)).toEqual({ ok: false, retryAfterSeconds: 58 });
    expect(await onB.hit('comment', 'client-2', limit, now + 2000)).toEqual({ ok: true });
  });

  test('several hits at once each get their own answer', async () => {
    const shared = new MemoryRateLimiter();
    const { worker, primary } = pipe();
    answerRateHits(primary, shared);
    const limiter = new IpcRateLimiter(worker);
    const verdicts = await Promise.all([0, 1, 2, 3].map((i) => limiter.hit('comment', `client-${i % 2}`, limit, now)));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, true]);
    expect((await limiter.hit('comment', 'client-0', limit, now)).ok).toBe(false);
  });

  test('a primary that does not answer leaves the worker counting on its own, said once', async () => {
    const silent: Channel = { send: () => undefined, on: () => undefined };
    const lines: string[] = [];
    const limiter = new IpcRateLimiter(silent, (line) => lines.push(line), 20);
    expect(await limiter.hit('comment', 'client-1', limit, now)).toEqual({ ok: true });
    expect(await limiter.hit('comment', 'client-1', limit, now)).toEqual({ ok: true });
    expect(await limiter.hit('comment', 'client-1', limit, now)).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(lines).toEqual(['The primary process did not answer a rate-limit count, so this worker counts on its own until it does.']);
  });

  test('a primary that has gone (the message cannot be sent) leaves the worker counting on its own at once', async () => {
    const gone: Channel = { send: (_m, callback) => setImmediate(() => callback(new Error('Channel closed'))), on: () => undefined };
    const lines: string[] = [];
    // Were it waiting for an answer, the test would time out.
    const limiter = new IpcRateLimiter(gone, (line) => lines.push(line), 60_000);
    expect(await limiter.hit('comment', 'client-1', { perMinute: 1, perHour: 10 }, now)).toEqual({ ok: true });
    expect(await limiter.hit('comment', 'client-1', { perMinute: 1, perHour: 10 }, now)).toEqual({ ok: false, retryAfterSeconds: 60 });
    expect(lines).toHaveLength(1);
  });

  test('a limit of 0 asks nobody', async () => {
    const sent: WorkerMessage[] = [];
    const limiter = new IpcRateLimiter({ send: (m: WorkerMessage) => sent.push(m), on: () => undefined });
    expect(await limiter.hit('comment', 'client-1', { perMinute: 0, perHour: 0 }, now)).toEqual({ ok: true });
    expect(sent).toEqual([]);
  });
});

describe('content changes passed between workers', () => {
  test('a change on one worker reaches the others, marked as remote, and is not sent back', async () => {
    const workers = [pipe(), pipe(), pipe()];
    const events = workers.map(() => new ContentEvents());
    const seen: ContentChange[][] = events.map(() => []);
    workers.forEach((w, i) => {
      shareContentChanges(w.worker, events[i]!);
      events[i]!.onChange((change) => seen[i]!.push(change));
      passOnContentChanges(w.primary, () => workers.map((x) => x.primary));
    });
    events[0]!.changed({ kind: 'comment', id: 'art_1', sectionIds: ['sec_1'] });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen[0]).toEqual([{ kind: 'comment', id: 'art_1', sectionIds: ['sec_1'] }]);
    expect(seen[1]).toEqual([{ kind: 'comment', id: 'art_1', sectionIds: ['sec_1'], remote: true }]);
    expect(seen[2]).toEqual([{ kind: 'comment', id: 'art_1', sectionIds: ['sec_1'], remote: true }]);
    expect(events.map((e) => e.version)).toEqual([1, 1, 1]);
  });

  test('once stopped, a worker neither sends nor applies changes', async () => {
    const { worker, primary } = pipe();
    const events = new ContentEvents();
    const sent: unknown[] = [];
    primary.on('message', (m) => sent.push(m));
    const stop = shareContentChanges(worker, events);
    stop();
    events.changed({ kind: 'site' });
    primary.send({ bs: 'content-changed', change: { kind: 'article', id: 'art_2' } }, () => undefined);
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toEqual([]);
    expect(events.version).toBe(1);
  });
});

describe('a worker leaving', () => {
  test('waits for the primary to answer that it has stopped handing it connections', async () => {
    const { worker, primary } = pipe();
    const order: string[] = [];
    // A connection the primary sent just before it read "closed" comes in first.
    worker.on('message', (m) => order.push((m as WorkerMessage).bs));
    primary.send({ bs: 'content-changed', change: { kind: 'site' } }, () => undefined);
    answerDrains(primary);
    await drainFromPrimary(worker, 60_000);
    expect(order).toEqual(['content-changed', 'drained']);
  });

  test('does not wait long for a primary that is gone', async () => {
    const gone: Channel = { send: (_m, callback) => setImmediate(() => callback(new Error('Channel closed'))), on: () => undefined };
    await drainFromPrimary(gone, 60_000);
    const silent: Channel = { send: () => undefined, on: () => undefined };
    await drainFromPrimary(silent, 20);
  });
});
