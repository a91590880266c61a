// WORKERS=2: one site served by two processes on one machine, which count rate limits together, pass
// content changes to each other, replace a worker that dies, are replaced in turn on SIGHUP, and stop together.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from './harness.js';

const ARTICLE = '/world/harbour-talks-stall-in-valmora';

/** The worker processes: the primary's children. */
function workersOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

/** One request on a connection of its own, so that each goes to the next worker in turn; `from` is the reader's address. */
function send(url: string, options: { method?: string; body?: object; from?: string } = {}): Promise<{ status: number; text: string }> {
  const { method = 'GET', body, from } = options;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, agent: false, localAddress: from, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    // A request nobody answers is a failure of its own, not a test that hangs.
    req.setTimeout(5000, () => req.destroy(new Error(`no answer within 5 s: ${method} ${url}`)));
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('a site served by two worker processes', () => {
  let server: RunningServer;
  const comments = () => `${server.url}/api/v1/articles/${ARTICLE.split('/')[2]}/comments`;

  beforeAll(async () => {
    server = await startServer({ WORKERS: '2', COMMENT_RATE_LIMIT: '2/10', COMMENT_MODERATION: 'none', PAGE_CACHE: 'on' });
    // The health check answers as soon as one worker listens; the primary says when both do.
    for (const deadline = Date.now() + 20_000; !server.output().includes('2 workers).'); ) {
      if (Date.now() > deadline) throw new Error(`The second worker did not start:\n${server.output()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  test('two processes serve, and a reader\'s comment limit holds across both', async () => {
    expect(workersOf(server.pid)).toHaveLength(2);
    const statuses = [];
    for (let i = 1; i <= 3; i++) statuses.push((await send(comments(), { method: 'POST', body: { author_name: 'Vera Lind', body: `Comment number ${i} on the harbour talks.` }, from: '127.0.0.2' })).status);
    // Connections go to the workers in turn: counted apart, the third post would be the second on its worker.
    expect(statuses).toEqual([201, 201, 429]);
  });

  test('a comment posted through one worker shows on the pages every worker serves', async () => {
    // Both workers keep the page in their page caches.
    for (let i = 0; i < 4; i++) expect((await send(server.url + ARTICLE)).status).toBe(200);
    const text = 'Posted through one worker, to be read from both.';
    expect((await send(comments(), { method: 'POST', body: { author_name: 'Oren Vale', body: text }, from: '127.0.0.3' })).status).toBe(201);
    await expect.poll(async () => {
      const pages = await Promise.all([0, 1, 2, 3].map(() => send(server.url + ARTICLE)));
      return pages.every((page) => page.text.includes(text));
    }, { timeout: 10_000 }).toBe(true);
  });

  test('a worker that dies is replaced, and the site answers meanwhile', async () => {
    const [victim, survivor] = workersOf(server.pid) as [number, number];
    process.kill(victim, 'SIGKILL');
    await expect.poll(() => workersOf(server.pid).filter((pid) => pid !== victim).length, { timeout: 15_000 }).toBe(2);
    expect(workersOf(server.pid)).toContain(survivor);
    await expect.poll(() => server.output(), { timeout: 5000 }).toContain(`worker ${victim} stopped (SIGKILL); starting another.`);
    await expect.poll(() => server.output(), { timeout: 15_000 }).toMatch(/worker \d+ serves in place of the one that stopped\./);
    for (let i = 0; i < 4; i++) expect((await send(`${server.url}/healthz`)).status).toBe(200);
  });

  test('SIGHUP replaces every worker with a new one, one at a time, and every request meanwhile is answered', async () => {
    const before = workersOf(server.pid);
    const answered: number[] = [];
    const failed: string[] = [];
    process.kill(server.pid, 'SIGHUP');
    // Requests, one connection each, until the primary says the reload is done.
    for (const deadline = Date.now() + 30_000; !server.output().includes('all 2 workers reloaded.'); ) {
      if (Date.now() > deadline) throw new Error(`The reload did not finish:\n${server.output()}`);
      try {
        answered.push((await send(server.url + ARTICLE)).status);
      } catch (error) {
        failed.push(String(error));
      }
    }
    expect(failed).toEqual([]);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.every((status) => status === 200)).toBe(true);
    expect(server.output()).toContain('Running the migrations of the code on disk first.');
    const after = workersOf(server.pid);
    expect(after).toHaveLength(2);
    expect(after.filter((pid) => before.includes(pid))).toEqual([]);
  });

  test('SIGTERM stops every worker, then the primary, which exits with 0', async () => {
    const workers = workersOf(server.pid);
    expect(await server.stop()).toBe(0);
    expect(workers.filter(alive)).toEqual([]);
  });
});
