import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestContext, dialectsUnderTest, type TestContext } from '../db/test-db.js';
import { ContentEvents, type ContentChange } from './content-events.js';
import { trackContentVersion } from './content-version.js';

const dialects = await dialectsUnderTest();

describe.each(dialects)('content changes between processes on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
  });
  afterAll(() => t.cleanup());

  test('a change made by one process is announced in another at its next poll, once', async () => {
    const server = new ContentEvents();
    const cli = new ContentEvents();
    const serverTracker = await trackContentVersion(t.ctx.db, server, { intervalMs: 0 });
    const cliTracker = await trackContentVersion(t.ctx.db, cli, { intervalMs: 0 });
    const seen: ContentChange[] = [];
    server.onChange((c) => seen.push(c));

    cli.changed({ kind: 'comment', id: 'x' });
    await cliTracker.poll();
    await serverTracker.poll();
    expect(seen).toEqual([{ kind: 'site', remote: true }]);
    await serverTracker.poll();
    expect(seen).toHaveLength(1);

    // The server's own change is not announced back to it.
    server.changed({ kind: 'article' });
    await serverTracker.poll();
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual({ kind: 'article' });
    serverTracker.stop();
    cliTracker.stop();
  });

  test('a poll asked for while one is under way joins it, so a slow database does not pile them up', async () => {
    const tracker = await trackContentVersion(t.ctx.db, new ContentEvents(), { intervalMs: 0 });
    const first = tracker.poll();
    expect(tracker.poll()).toBe(first);
    await first;
    const next = tracker.poll();
    expect(next).not.toBe(first);
    await next;
    tracker.stop();
  });
});
