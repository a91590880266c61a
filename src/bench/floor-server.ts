// The benchmark's floor for the article page: about the least any server could do to answer it from this
// database. A bare node:http server that runs the article page's own statement (the one Broadsheet runs,
// straight through better-sqlite3, no query builder), splices the headline, standfirst, byline, body, tags
// and related articles, escaped, into a fixed page (the head and foot of a page Broadsheet sent), and sends
// it with that page's headers. No framework, templates, view models, dates, ETag or comment section.
// Measured like Broadsheet against the raw server, its ratio bounds what the article page can reach here.
//
//   node dist/bench/floor-server.js DATABASE_FILE SAMPLES.json PORT
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import SQLite from 'better-sqlite3';
import { articlePageSql } from '../modules/articles/articles.store.js';
import type { RecordedResponse } from './raw-server.js';

interface PageRow {
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

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The recorded article page's text before <main> and from </main> on: the fixed part of the floor's page. */
export function pageFrame(html: string): { head: string; foot: string } | null {
  const start = html.indexOf('<main');
  const end = html.indexOf('</main>');
  return start < 0 || end < start ? null : { head: html.slice(0, start), foot: html.slice(end) };
}

/** The floor server on an open database, around a recorded article page (its head, foot and headers). */
export function createFloorServer(db: SQLite.Database, sample: RecordedResponse): Server {
  const frame = pageFrame(Buffer.from(sample.bodyBase64, 'base64').toString('utf8'));
  if (!frame) throw new Error(`The recorded page ${sample.url} has no <main> element.`);
  const { head, foot } = frame;
  const { etag: _etag, 'last-modified': _lastModified, ...headers } = sample.headers;
  const statement = db.prepare<[string], PageRow>(articlePageSql('sqlite'));

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
    const body = Buffer.from(`${html}</ul></main>${foot}`);
    res.writeHead(200, { ...headers, 'content-length': body.length });
    res.end(body);
  });
}

function main(): void {
  const [dbFile, samplesFile, portArg] = process.argv.slice(2);
  if (!dbFile || !samplesFile || !portArg) {
    console.error('usage: node dist/bench/floor-server.js DATABASE_FILE SAMPLES.json PORT');
    process.exit(64);
  }
  const sample = (JSON.parse(readFileSync(samplesFile, 'utf8')) as RecordedResponse[]).find((r) => r.kind === 'article' && !r.exact);
  if (!sample) {
    console.error(`${samplesFile} holds no recorded article page.`);
    process.exit(65);
  }
  const db = new SQLite(dbFile);
  db.pragma('journal_mode = WAL');
  const server = createFloorServer(db, sample);
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  server.listen(Number(portArg), '127.0.0.1');
}

if (process.argv[1]?.endsWith('floor-server.js')) main();
