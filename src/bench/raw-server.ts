// The baseline of the benchmark: a bare node:http server that answers with responses recorded from the real
// server, byte for byte (same body, same headers). It does nothing per request but a Map lookup, so
// "ratio to raw" shows what the application costs on top of Node's HTTP stack on the same machine.
//
//   node dist/bench/raw-server.js SAMPLES.json PORT
//
// A URL that was not recorded gets a recorded response of the same kind (article, section or home page),
// never one marked `exact` (the article page with 500 comments is answered for its own URL only).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

export type PageKind = 'home' | 'section' | 'article';

export interface RecordedResponse {
  url: string;
  kind: PageKind;
  headers: Record<string, string>;
  bodyBase64: string;
  /** Served for its own URL only, never in place of another page of its kind. */
  exact?: boolean;
}

/** The kind of page a URL points at, from its shape: /, /{section} or /{section}/{slug}. */
export function pageKind(url: string): PageKind {
  const segments = url.split('?')[0]!.split('/').filter(Boolean).length;
  return segments === 0 ? 'home' : segments === 1 ? 'section' : 'article';
}

interface Prepared {
  headers: Record<string, string | number>;
  body: Buffer;
}

function main(): void {
  const [file, portArg] = process.argv.slice(2);
  if (!file || !portArg) {
    console.error('usage: node dist/bench/raw-server.js SAMPLES.json PORT');
    process.exit(64);
  }
  const recorded = JSON.parse(readFileSync(file, 'utf8')) as RecordedResponse[];
  const byUrl = new Map<string, Prepared>();
  const byKind: Record<PageKind, Prepared[]> = { home: [], section: [], article: [] };
  for (const r of recorded) {
    const body = Buffer.from(r.bodyBase64, 'base64');
    const prepared = { headers: { ...r.headers, 'content-length': body.length }, body };
    byUrl.set(r.url, prepared);
    if (!r.exact) byKind[r.kind].push(prepared);
  }
  const all = [...byUrl.values()];
  if (all.length === 0) {
    console.error(`${file} holds no recorded responses.`);
    process.exit(65);
  }
  const next: Record<PageKind, number> = { home: 0, section: 0, article: 0 };
  const fallback = (url: string): Prepared => {
    const kind = pageKind(url);
    const pool = byKind[kind].length > 0 ? byKind[kind] : all;
    next[kind] = (next[kind] + 1) % pool.length;
    return pool[next[kind]]!;
  };

  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const url = req.url ?? '/';
    const response = byUrl.get(url) ?? fallback(url);
    res.writeHead(200, response.headers);
    res.end(response.body);
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  server.listen(Number(portArg), '127.0.0.1');
}

// Only run when started as a program, so bench.ts can import the types and pageKind().
if (process.argv[1]?.endsWith('raw-server.js')) main();
