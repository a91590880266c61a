import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createFloorServer, pageFrame } from './floor-server.js';
import { seedCommentThread, type SeededThread } from './comments.js';
import { generateDataSet, listArticlePaths } from './generate.js';
import type { RecordedResponse } from './raw-server.js';

describe('the frame of a recorded page', () => {
  test('is the text before <main> and from </main> on', () => {
    expect(pageFrame('<body><header>x</header><main id="main"><h1>t</h1></main><footer>y</footer></body>')).toEqual({
      head: '<body><header>x</header>',
      foot: '</main><footer>y</footer></body>',
    });
  });

  test('a page without a main element has none', () => {
    expect(pageFrame('<body><h1>t</h1></body>')).toBeNull();
    expect(pageFrame('</main><main>')).toBeNull();
  });
});

describe('the floor server, on a generated archive', () => {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-floor-'));
  const file = join(dir, 'bench.db');
  let db: SQLite.Database;
  let base = '';
  let paths: string[] = [];
  const sample: RecordedResponse = {
    url: '/world/sample',
    kind: 'article',
    headers: { 'content-type': 'text/html; charset=utf-8', 'x-content-type-options': 'nosniff', etag: '"abc"', 'last-modified': 'Thu, 26 Nov 2026 10:00:00 GMT' },
    bodyBase64: Buffer.from('<!doctype html><title>Sample</title><main>recorded</main><footer>Foot</footer>').toString('base64'),
  };
  let server: ReturnType<typeof createFloorServer>;
  let thread: SeededThread;

  beforeAll(async () => {
    await generateDataSet({ databaseUrl: `sqlite:${file}`, articles: 60 });
    paths = await listArticlePaths(`sqlite:${file}`);
    // 30 comments, 10 of them replies, on the newest article open for comments; 5 threads a page.
    thread = await seedCommentThread(`sqlite:${file}`, { comments: 30, replies: 10, commenters: 8 });
    db = new SQLite(file);
    server = createFloorServer(db, sample, 5);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('answers an article with its headline, body, tags and related articles inside the recorded frame', async () => {
    // The newest article has older ones in its section to show as related.
    const article = db.prepare("select id, slug, title from articles where status = 'published' order by published_at desc limit 1").get() as { id: string; slug: string; title: string };
    const path = paths.find((p) => p.endsWith(`/${article.slug}`))!;
    const tagCount = (db.prepare('select count(*) as n from article_tags where article_id = ?').get(article.id) as { n: number }).n;
    const res = await fetch(`${base}${path}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('etag')).toBeNull();
    expect(html.startsWith('<!doctype html><title>Sample</title><main id="main"><article><h1>')).toBe(true);
    expect(html.endsWith('</main><footer>Foot</footer>')).toBe(true);
    expect(html).toContain(`<h1>${article.title.replace(/'/g, '&#39;')}</h1>`);
    expect(html.match(/href="\/tag\//g)).toHaveLength(tagCount);
    expect(html).toMatch(/<ul class="related"><li><a href="\/[a-z]+\/[a-z0-9-]+">/);
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(html));
  });

  test('an article with comments gets its first page of threads, oldest first, every comment of them escaped', async () => {
    const html = await (await fetch(`${base}${thread.path}`)).text();
    expect(html).toContain('<h2>Comments (30)</h2>');
    const shown = [...html.matchAll(/<article id="comment-(\d+)">/g)].map((m) => Number(m[1]));
    // The five oldest threads: their top-level comments and every reply in them.
    const rows = db.prepare('select id, coalesce(root_id, id) as thread from comments where article_id = ? order by id').all(thread.articleId) as Array<{ id: number; thread: number }>;
    const firstThreads = [...new Set(rows.filter((r) => r.id === r.thread).map((r) => r.thread))].slice(0, 5);
    expect(shown).toEqual(rows.filter((r) => firstThreads.includes(r.thread)).map((r) => r.id));
    expect(html).not.toMatch(/<article id="comment-\d+"><header>[^<]*[<>"][^<]*<time/);
  });

  test('answers 404 for an unknown slug or another kind of URL', async () => {
    expect((await fetch(`${base}/world/no-such-article`)).status).toBe(404);
    expect((await fetch(`${base}/world`)).status).toBe(404);
  });
});
