// The benchmark's floor for the article page: about the least any server could do to answer it from this
// database. A bare node:http server that runs the article page's own statements (the ones Broadsheet
// runs, straight through better-sqlite3, no query builder), splices the headline, standfirst, byline,
// body, tags and related articles, escaped, into a fixed page (the head and foot of a page Broadsheet
// sent), and sends it with that page's headers. An article with comments also gets its first page of
// threads, as a flat list: author, time, paragraphs, a reply link. No framework, templates, view
// models, formatted dates, nesting, comment form or ETag. Measured like Broadsheet against the raw
// server, its ratio bounds what the article page can reach here.
//
//   node dist/bench/floor-server.js DATABASE_FILE SAMPLES.json PORT [COMMENTS_PER_PAGE]
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import SQLite from 'better-sqlite3';
import { articlePageSql } from '../modules/articles/articles.store.js';
import { threadPageStatements } from '../modules/comments/comments.store.js';
import { escapeHtml } from '../shared/escape-html.js';
import type { RecordedResponse } from './raw-server.js';

interface PageRow {
  id: string;
  comment_count: number;
  title: string;
  standfirst: string;
  author_slug: string;
  author_name: string;
  published_at: string | null;
  body_html: string;
  /** [kind, id, slug, name, position] */
  taxonomy: string | null;
  /** Summary columns, in the store's order: slug at 1, title 2, standfirst 3, section slug 18. */
  related: string | null;
}

/** The recorded article page's text before <main> and from </main> on: the fixed part of the floor's page. */
export function pageFrame(html: string): { head: string; foot: string } | null {
  const start = html.indexOf('<main');
  const end = html.indexOf('</main>');
  return start < 0 || end < start ? null : { head: html.slice(0, start), foot: html.slice(end) };
}

/** The floor server on an open database, around a recorded article page (its head, foot and headers). */
export function createFloorServer(db: SQLite.Database, sample: RecordedResponse, commentsPerPage = 50): Server {
  const frame = pageFrame(Buffer.from(sample.bodyBase64, 'base64').toString('utf8'));
  if (!frame) throw new Error(`The recorded page ${sample.url} has no <main> element.`);
  const { head, foot } = frame;
  const { etag: _etag, 'last-modified': _lastModified, ...headers } = sample.headers;
  const statement = db.prepare<[string], PageRow>(articlePageSql('sqlite'));
  const statements = new Map<string, SQLite.Statement>();
  const run = (query: { sql: string; parameters: readonly unknown[] }): unknown => {
    let prepared = statements.get(query.sql);
    if (!prepared) statements.set(query.sql, (prepared = db.prepare(query.sql)));
    return prepared.get(...query.parameters);
  };
  /** The first page of threads, oldest first, as Broadsheet reads it for a stranger; written flat. */
  const comments = (articleId: string, count: number): string => {
    const thread = threadPageStatements('sqlite', { articleId, order: 'oldest', limit: commentsPerPage, offset: 0, viewerKey: null });
    const range = run(thread.range) as { lo: number | null; hi: number | null };
    if (range.lo === null || range.hi === null) return '';
    const { rows } = run(thread.rows(range.lo, range.hi)) as { rows: string };
    // [id, parent_id, root_id, depth, author_name, body, status, commenter_key, created_at, edited_at]
    const list = (JSON.parse(rows) as Array<[number, number | null, number | null, number, string, string, string, string, string, string | null]>).sort((a, b) => a[0] - b[0]);
    let html = `<section id="comments"><h2>Comments (${count})</h2><ol>`;
    for (const [id, , , depth, author, body, , , createdAt] of list) {
      const name = escapeHtml(author);
      html += `<li class="depth-${Math.min(depth, 2)}"><article id="comment-${id}"><header>${name} <time datetime="${createdAt}">${createdAt}</time></header>`;
      for (const paragraph of body.split(/\n{2,}/)) html += `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`;
      html += `<a href="?reply=${id}#comment-form" data-reply-name="${name}">Reply to ${name}</a></article></li>`;
    }
    return `${html}</ol></section>`;
  };

  return createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const slug = /^\/[a-z0-9-]+\/([a-z0-9-]+)$/.exec(req.url ?? '')?.[1];
    const row = slug === undefined ? undefined : statement.get(slug);
    if (!row) {
      res.writeHead(404, { 'content-length': 0 });
      res.end();
      return;
    }
    let html = `${head}<main id="main"><article><h1>${escapeHtml(row.title)}</h1><p class="standfirst">${escapeHtml(row.standfirst)}</p>` +
      `<p class="byline"><a href="/author/${row.author_slug}">${escapeHtml(row.author_name)}</a> <time>${row.published_at ?? ''}</time></p>${row.body_html}<ul class="tags">`;
    for (const [kind, , slugOf, name] of JSON.parse(row.taxonomy ?? '[]') as Array<[string, string, string, string]>) {
      html += `<li><a href="/${kind === 'tag' ? 'tag/' : ''}${slugOf}">${escapeHtml(name)}</a></li>`;
    }
    html += '</ul></article><ul class="related">';
    for (const r of JSON.parse(row.related ?? '[]') as string[][]) {
      html += `<li><a href="/${r[18]}/${r[1]}">${escapeHtml(r[2]!)}</a><p>${escapeHtml(r[3]!)}</p></li>`;
    }
    html += '</ul>';
    if (row.comment_count > 0) html += comments(row.id, row.comment_count);
    const body = Buffer.from(`${html}</main>${foot}`);
    res.writeHead(200, { ...headers, 'content-length': body.length });
    res.end(body);
  });
}

function main(): void {
  const [dbFile, samplesFile, portArg, perPageArg] = process.argv.slice(2);
  if (!dbFile || !samplesFile || !portArg) {
    console.error('usage: node dist/bench/floor-server.js DATABASE_FILE SAMPLES.json PORT [COMMENTS_PER_PAGE]');
    process.exit(64);
  }
  const sample = (JSON.parse(readFileSync(samplesFile, 'utf8')) as RecordedResponse[]).find((r) => r.kind === 'article' && !r.exact);
  if (!sample) {
    console.error(`${samplesFile} holds no recorded article page.`);
    process.exit(65);
  }
  const db = new SQLite(dbFile);
  db.pragma('journal_mode = WAL');
  const server = createFloorServer(db, sample, perPageArg ? Number(perPageArg) : undefined);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  server.listen(Number(portArg), '127.0.0.1');
}

if (process.argv[1]?.endsWith('floor-server.js')) main();
