import { describe, expect, test } from 'vitest';
import { testConfig } from '../config.js';
import type { Ctx } from '../context.js';
import { ContentEvents } from '../shared/content-events.js';
import { fakeExchange } from '../test/http-exchange.js';
import { PageServer } from './page-server.js';

const exchange = fakeExchange;

function server() {
  const ctx = { config: testConfig(), events: new ContentEvents() } as unknown as Ctx;
  return new PageServer({ ctx, headers: { 'x-content-type-options': 'nosniff' }, cache: null, freshValue: () => 'fresh' });
}

const page = { html: '<!doctype html><p>Harbour news</p>', options: {} };

describe('PageServer', () => {
  test('answers the paths its routes know, and leaves every other request alone', async () => {
    const pages = server();
    pages.add((segments) => (segments.join('/') === 'world/quay' ? Promise.resolve(page) : null));
    const known = exchange('/world/quay');
    expect(pages.handle(known.req, known.res, () => undefined)).toBe(true);
    await known.done;
    expect(known.written.status).toBe(200);
    expect(known.written.body?.toString()).toBe(page.html);
    for (const [url, headers, method] of [
      ['/world/other', {}, 'GET'],
      ['/world/quay?corder=newest', {}, 'GET'],
      ['/world/quay', { cookie: 'bs_commenter=abc' }, 'GET'],
      ['/world/quay', {}, 'POST'],
      ['/static/site.css', {}, 'GET'],
      ['/World/Quay', {}, 'GET'],
    ] as const) {
      const other = exchange(url, headers, method);
      expect(pages.handle(other.req, other.res, () => undefined), `${method} ${url}`).toBe(false);
    }
  });

  test('a page it cannot render goes on to the framework, whether the route fails at once or later', async () => {
    const pages = server();
    let calls = 0;
    pages.add((segments) => {
      if (segments[0] === 'sync') throw new Error('route broke');
      if (segments[0] === 'none') return Promise.resolve(null);
      if (segments[0] === 'status') return Promise.resolve({ html: 'gone', options: { status: 410 } });
      return Promise.reject(new Error('database went away'));
    });
    const broken = exchange('/sync');
    expect(pages.handle(broken.req, broken.res, () => calls++)).toBe(false);
    for (const url of ['/none', '/status', '/later']) {
      const r = exchange(url);
      const passedOn = new Promise<void>((resolve) => {
        expect(pages.handle(r.req, r.res, () => resolve())).toBe(true);
      });
      await passedOn;
      expect(r.written.status, url).toBeUndefined();
    }
    expect(calls).toBe(0);
    expect(pages.served).toBe(0);
  });
});
