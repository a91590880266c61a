// Stopping the server: requests under way finish, and keep-alive connections do not hold it open.
import { afterEach, describe, expect, test } from 'vitest';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { createTestContext, type TestContext } from './db/test-db.js';
import type { PageRoute } from './http/page-server.js';

/** A GET on a keep-alive connection, as a browser makes it; resolves with the whole answer. */
function get(port: number, path: string, agent: Agent): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

describe('stopping the server', () => {
  let t: TestContext | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  // A page under way when the stop begins is answered in full, and the stop then completes (the test's
  // own timeout is far below the 65 s keep-alive timeout that a lingering connection would wait for).
  test.each(['the page server', 'the framework'])(
    'a page under way from %s when the server stops still arrives, and its connection does not keep the server open',
    { timeout: 15_000 },
    async (via) => {
      t = await createTestContext('sqlite');
      const { app, pages } = await buildApp({ config: t.ctx.config, db: t.ctx.db, dialect: t.ctx.dialect, clock: t.ctx.clock, events: t.ctx.events });
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let arrived!: () => void;
      const hasArrived = new Promise<void>((resolve) => (arrived = resolve));
      const slowPage = async () => {
        arrived();
        await released;
        return { html: '<p>Late edition</p>', options: {} };
      };
      // Put first: the section pages' route would otherwise take every one-segment address.
      if (via === 'the page server') (pages as unknown as { routes: PageRoute[] }).routes.unshift((segments) => (segments[0] === 'late-edition' ? slowPage() : null));
      else app.get('/late-edition', async (_request, reply) => reply.type('text/html').send((await slowPage()).html));
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;

      const agent = new Agent({ keepAlive: true });
      const answer = get(port, '/late-edition', agent);
      await hasArrived;
      const closed = app.close();
      release();
      const { status, body } = await answer;
      expect(status).toBe(200);
      expect(body).toContain('Late edition');
      await closed;
      agent.destroy();
    },
  );
});
