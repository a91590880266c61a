// npm run bench: how fast Broadsheet serves its public pages, next to a bare node:http server sending the
// same bytes on the same machine. See docs/benchmarks.md for the method and recorded results.
//
// 1. Generates a data set in a fresh temporary SQLite file (generate.ts).
// 2. Starts the real server (node dist/server.js) as a child, timing spawn → first 2xx from /healthz.
// 3. Records a sample of its pages and starts the raw server (raw-server.ts) with them.
// 4. For each target: an autocannon warm-up on each server, then measured rounds, real and raw taking turns.
// 5. Reads the server's resident memory, restarts it with the page cache on, measures the article page again.
// 6. Prints the table with PASS/FAIL per target; --json writes the same data.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { generateDataSet, listArticlePaths } from './generate.js';
import { runLoad, summarize, type LoadRound } from './load.js';
import { Children, cpuBusyShare, freePort, httpGet, readMemory, waitUntilServing, type StartedChild } from './processes.js';
import { pageKind, type RecordedResponse } from './raw-server.js';
import {
  all2xxCheck, formatReport, formatSummary, memoryCheck, p99Check, ratioCheck, startupCheck,
  type Check, type Machine, type MemoryResult, type Report, type StartupResult, type TargetId, type TargetRow, type WrkComparison,
} from './report.js';

const HELP = `Usage: npm run bench -- [options]      (or: node dist/bench/bench.js [options])

Generates a news archive in a temporary SQLite file, starts Broadsheet on it (node dist/server.js) and a
bare node:http server that sends the same bytes, and load-tests both with autocannon, one after the other.

Options:
  --articles N      articles to generate (default 10000; the memory target is set for 100000)
  --duration S      measured seconds per server and target (default 10)
  --warmup S        seconds of warm-up per server and target, not measured (default 3)
  --connections N   concurrent connections (default 32)
  --rounds N        split each measured run into N rounds, Broadsheet and raw taking turns (default 5)
  --only LIST       run only some targets, comma-separated (default: all):
                      article     article pages, spread over the whole archive, page cache off
                      home        the home page /, page cache off
                      section     /{section}?page=1..5, random section and page, page cache off
                      cached      article pages over the whole archive, page cache on
                      cached-hot  the 1,000 newest article pages, page cache on (all fit in the cache)
  --json FILE       also write the results as JSON
  --wrk             after each target, measure both servers again with wrk (C, one thread, same URLs
                    through a Lua script): a second opinion where autocannon itself is the limit
  --keep            keep the temporary directory with the database (its path is printed)
  -h, --help        show this help

Targets: article page >= 0.35 of raw (>= 0.85 with the page cache), p99 < 25 ms, start-up < 1.5 s,
RSS < 150 MB at 100,000 articles. Failing a target does not change the exit code (it is a measurement);
the exit code is 1 only when the benchmark itself could not run.`;

const ALL_TARGETS: TargetId[] = ['article', 'home', 'section', 'cached', 'cached-hot'];
const LABELS: Record<TargetId, string> = {
  article: 'article page',
  home: 'home page',
  section: 'section page',
  cached: 'article page, page cache on',
  'cached-hot': 'article page, page cache on, 1,000 newest',
};
const ARTICLE_SAMPLES = 200;
const SECTION_PAGES = 5;
const HOT_ARTICLES = 1000;

interface Options {
  articles: number;
  duration: number;
  warmup: number;
  connections: number;
  rounds: number;
  json: string | undefined;
  keep: boolean;
  wrk: boolean;
  only: TargetId[];
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      articles: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
      json: { type: 'string' },
      keep: { type: 'boolean' },
      wrk: { type: 'boolean' },
      only: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const number = (name: string, value: string | undefined, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value.replace(/[_,]/g, ''));
    if (!Number.isFinite(n) || n < min) throw new UsageError(`--${name} must be a number of at least ${min}, got "${value}".`);
    return n;
  };
  const only = (values.only ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const unknown = only.filter((v) => !ALL_TARGETS.includes(v as TargetId));
  if (unknown.length > 0) throw new UsageError(`--only takes ${ALL_TARGETS.join(', ')}; unknown: ${unknown.join(', ')}.`);
  return {
    articles: Math.floor(number('articles', values.articles, 10_000, 50)),
    duration: number('duration', values.duration, 10, 1),
    warmup: number('warmup', values.warmup, 3, 0),
    connections: Math.floor(number('connections', values.connections, 32, 1)),
    rounds: Math.floor(number('rounds', values.rounds, 5, 1)),
    json: values.json,
    keep: values.keep ?? false,
    wrk: values.wrk ?? false,
    only: only.length > 0 ? ALL_TARGETS.filter((t) => only.includes(t)) : ALL_TARGETS,
  };
}

const here = dirname(fileURLToPath(import.meta.url));
const SERVER_ENTRY = resolve(here, '..', 'server.js');
const RAW_ENTRY = join(here, 'raw-server.js');

const children = new Children();
let tempDir: string | undefined;
let keepTemp = false;

function removeTemp(): void {
  if (tempDir && !keepTemp) rmSync(tempDir, { recursive: true, force: true });
  tempDir = keepTemp ? tempDir : undefined;
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function machineInfo(): Promise<Machine> {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpuModel;
  } catch {
    // Not Linux: os.cpus() is good enough.
  }
  const memory = new SQLite(':memory:');
  const sqlite = (memory.prepare('select sqlite_version() as v').get() as { v: string }).v;
  memory.close();
  const require = createRequire(import.meta.url);
  return {
    cpus: availableParallelism(),
    cpuModel,
    memoryGb: totalmem() / 2 ** 30,
    os: `${osType()} ${release()}`,
    node: process.versions.node,
    sqlite,
    autocannon: (require('autocannon/package.json') as { version: string }).version,
    loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
    busyBeforeStart: await cpuBusyShare(1000),
  };
}

interface RunningServer {
  child: StartedChild;
  baseUrl: string;
  startupMs: number;
}

async function startBroadsheet(dbFile: string, dataDir: string, pageCache: boolean): Promise<RunningServer> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    NODE_ENV: 'production',
    DATABASE_URL: `sqlite:${dbFile}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'off',
    COMMENT_RATE_LIMIT: '0',
    CHECK_RATE_LIMIT: '0',
    DATA_DIR: dataDir,
    PAGE_CACHE: pageCache ? 'on' : 'off',
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const child = children.start(`Broadsheet (page cache ${pageCache ? 'on' : 'off'})`, process.execPath, [SERVER_ENTRY], env);
  const startupMs = await waitUntilServing(child, `${baseUrl}/healthz`, since);
  log(`  ${child.name} pid ${child.pid} answered after ${Math.round(startupMs)} ms`);
  return { child, baseUrl, startupMs };
}

async function startRaw(samplesFile: string): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const child = children.start('raw node:http server', process.execPath, [RAW_ENTRY, samplesFile, String(port)], { PATH: process.env.PATH ?? '' });
  const startupMs = await waitUntilServing(child, `${baseUrl}/`, since);
  log(`  ${child.name} pid ${child.pid} answered after ${Math.round(startupMs)} ms`);
  return { child, baseUrl, startupMs };
}

const HOP_BY_HOP = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'set-cookie']);

/** Fetches each URL once from the real server; every one must answer 200 (section pages past the end are dropped). */
async function recordResponses(baseUrl: string, urls: string[]): Promise<RecordedResponse[]> {
  const recorded: RecordedResponse[] = [];
  for (const url of urls) {
    const res = await httpGet(`${baseUrl}${url}`);
    if (res.status !== 200) {
      if (pageKind(url) === 'section' && url.includes('?page=')) continue;
      throw new Error(`GET ${url} answered ${res.status} before the load started: the data set or the app is broken.\n${res.body.toString('utf8').slice(0, 500)}`);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    recorded.push({ url, kind: pageKind(url), headers, bodyBase64: res.body.toString('base64') });
  }
  return recorded;
}

/** Up to `count` distinct items picked at random. */
function sampleOf(items: readonly string[], count: number): string[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, items.length)) picked.add(Math.floor(Math.random() * items.length));
  return [...picked].map((i) => items[i]!);
}

function randomFrom(items: readonly string[]): () => string {
  return () => items[Math.floor(Math.random() * items.length)]!;
}

/** Server log lines at warn level or above (pino JSON: level 40+), e.g. errors during the load. */
function serverWarnings(child: StartedChild): string[] {
  return child.output.filter((line) => {
    const level = /"level":(\d+)/.exec(line)?.[1];
    return level !== undefined ? Number(level) >= 40 : !line.startsWith('Broadsheet is serving');
  });
}

async function measureTarget(
  id: TargetId,
  real: RunningServer,
  raw: RunningServer,
  paths: string[],
  options: Options,
): Promise<TargetRow> {
  const label = LABELS[id];
  const nextPath = randomFrom(paths);
  const run = (server: RunningServer, seconds: number) =>
    runLoad({ baseUrl: server.baseUrl, nextPath, seconds, connections: options.connections });
  const perRound = options.duration / options.rounds;
  log(`  ${label}: warm-up ${options.warmup} s each, then ${options.rounds} × ${perRound} s Broadsheet / raw, alternating`);
  const warmups: LoadRound[] = [];
  if (options.warmup > 0) warmups.push(await run(real, options.warmup), await run(raw, options.warmup));
  const realRounds: LoadRound[] = [];
  const rawRounds: LoadRound[] = [];
  for (let i = 0; i < options.rounds; i++) {
    realRounds.push(await run(real, perRound));
    rawRounds.push(await run(raw, perRound));
    const [a, b] = [realRounds[i]!, rawRounds[i]!];
    log(`    round ${i + 1}: ${Math.round(a.requests / a.seconds)} / ${Math.round(b.requests / b.seconds)} req/s`);
  }
  const realResult = summarize(realRounds);
  const rawResult = summarize(rawRounds);
  const ratio = realResult.requestsPerSec / rawResult.requestsPerSec;
  log(`    → ${Math.round(realResult.requestsPerSec)} req/s (p99 ${realResult.p99Ms.toFixed(1)} ms) vs raw ${Math.round(rawResult.requestsPerSec)} req/s: ${ratio.toFixed(3)}`);
  let wrk: WrkComparison | undefined;
  if (options.wrk) {
    const script = join(tempDir!, `wrk-${id}.lua`);
    writeFileSync(script, wrkScript(paths));
    log(`    wrk, ${options.duration} s each: Broadsheet, then raw`);
    const wrkReal = await runWrk(real.baseUrl, script, options.duration, options.connections);
    const wrkRaw = await runWrk(raw.baseUrl, script, options.duration, options.connections);
    if (wrkReal && wrkRaw) {
      wrk = { requestsPerSec: wrkReal.requestsPerSec, rawRequestsPerSec: wrkRaw.requestsPerSec, ratio: wrkReal.requestsPerSec / wrkRaw.requestsPerSec, non2xx: wrkReal.non2xx + wrkRaw.non2xx };
      log(`    → wrk: ${Math.round(wrk.requestsPerSec)} vs raw ${Math.round(wrk.rawRequestsPerSec)} req/s: ${wrk.ratio.toFixed(3)}`);
    }
  }
  const warmupProblems = {
    non2xx: warmups.reduce((n, w) => n + w.non2xx, 0),
    errors: warmups.reduce((n, w) => n + w.errors, 0),
  };
  const checks = [ratioCheck(id, ratio), p99Check(label, realResult.p99Ms), all2xxCheck(label, realResult, rawResult, warmupProblems)].filter(
    (c): c is Check => c !== null,
  );
  return { id, label, real: realResult, raw: rawResult, wrk, warmupProblems, ratio, checks };
}

/** A wrk Lua script that asks for a random path from the list on each request. */
function wrkScript(paths: string[]): string {
  const list = paths.map((p) => JSON.stringify(p)).join(',\n');
  return `local paths = {\n${list}\n}\nlocal n = #paths\nrequest = function()\n  return wrk.format("GET", paths[math.random(n)])\nend\n`;
}

/** One wrk run (one thread); undefined when wrk is not installed or its output cannot be read. */
async function runWrk(baseUrl: string, script: string, seconds: number, connections: number): Promise<{ requestsPerSec: number; non2xx: number } | undefined> {
  let child: StartedChild;
  try {
    child = children.start('wrk', 'wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', script, `${baseUrl}/`], { PATH: process.env.PATH ?? '' });
  } catch {
    log('    wrk is not installed; skipped.');
    return undefined;
  }
  await child.exited;
  const find = (pattern: RegExp) => child.output.map((line) => pattern.exec(line)?.[1]).find((v) => v !== undefined);
  const rps = find(/Requests\/sec:\s+([\d.]+)/);
  if (rps === undefined) {
    log(`    wrk failed: ${child.output.slice(-3).join(' / ')}`);
    return undefined;
  }
  return { requestsPerSec: Number(rps), non2xx: Number(find(/Non-2xx or 3xx responses:\s+(\d+)/) ?? 0) };
}

async function main(): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    return 64;
  }
  if (options === 'help') {
    console.log(HELP);
    return 0;
  }
  const opts = options;
  keepTemp = opts.keep;

  const machine = await machineInfo();
  if (machine.cpus < 2) log('Warning: fewer than 2 CPUs; the load generator and the server share one core.');
  if (machine.busyBeforeStart !== undefined && machine.busyBeforeStart > 0.1) {
    log(`Warning: other processes kept the CPUs ${(machine.busyBeforeStart * 100).toFixed(0)}% busy before the start; numbers will be lower and noisier.`);
  }

  tempDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-'));
  const dbFile = join(tempDir, 'bench.db');
  const dataDir = join(tempDir, 'data');
  log(`Generating ${opts.articles.toLocaleString('en')} articles in ${dbFile}`);
  const generated = await generateDataSet({ file: dbFile, articles: opts.articles });
  const articlePaths = await listArticlePaths(dbFile);
  const databaseMb = ['', '-wal'].reduce((sum, suffix) => {
    try {
      return sum + statSync(dbFile + suffix).size / 2 ** 20;
    } catch {
      return sum;
    }
  }, 0);
  log(`  done in ${(generated.millis / 1000).toFixed(1)} s (${databaseMb.toFixed(0)} MB)`);

  const rows: TargetRow[] = [];
  const startup: StartupResult[] = [];
  const memory: MemoryResult[] = [];
  const uncachedTargets = opts.only.filter((t) => t === 'article' || t === 'home' || t === 'section');
  const cachedTargets = opts.only.filter((t) => t === 'cached' || t === 'cached-hot');

  // Phase 1: page cache off. Also the source of the recorded responses for the raw server.
  log('Starting Broadsheet, page cache off');
  const plain = await startBroadsheet(dbFile, dataDir, false);
  startup.push({ label: 'start-up, page cache off', ms: plain.startupMs, check: startupCheck('page cache off', plain.startupMs) });
  const idle = readMemory(plain.child.pid);
  if (idle) memory.push({ label: 'RSS right after start-up, page cache off', ...idle });

  const sampleArticles = sampleOf(articlePaths, ARTICLE_SAMPLES);
  const sectionUrls = generated.sections.flatMap((s) => Array.from({ length: SECTION_PAGES }, (_, i) => (i === 0 ? `/${s}` : `/${s}?page=${i + 1}`)));
  log(`Recording ${1 + sectionUrls.length + sampleArticles.length} responses for the raw server`);
  const recorded = await recordResponses(plain.baseUrl, ['/', ...sectionUrls, ...sampleArticles]);
  const samplesFile = join(tempDir, 'raw-responses.json');
  writeFileSync(samplesFile, JSON.stringify(recorded));
  const articleBytes = recorded.filter((r) => r.kind === 'article').map((r) => Buffer.byteLength(r.bodyBase64, 'base64'));
  const articlePageKb = articleBytes.length > 0 ? articleBytes.reduce((a, b) => a + b, 0) / articleBytes.length / 1024 : null;
  const liveSectionUrls = recorded.filter((r) => r.kind === 'section').map((r) => r.url);

  log('Starting the raw server');
  const raw = await startRaw(samplesFile);

  const targetPaths: Record<TargetId, string[]> = {
    article: articlePaths,
    home: ['/'],
    section: liveSectionUrls,
    cached: articlePaths,
    'cached-hot': articlePaths.slice(0, HOT_ARTICLES),
  };

  for (const id of uncachedTargets) rows.push(await measureTarget(id, plain, raw, targetPaths[id], opts));
  if (uncachedTargets.length > 0) {
    const mem = readMemory(plain.child.pid);
    if (mem) memory.push({ label: 'RSS after load, page cache off', ...mem, check: memoryCheck('page cache off', mem.rssMb, opts.articles) });
  }
  const warnings = serverWarnings(plain.child);
  await children.stop(plain.child);

  // Phase 2: page cache on, in a fresh process.
  if (cachedTargets.length > 0) {
    log('Starting Broadsheet, page cache on');
    const cached = await startBroadsheet(dbFile, dataDir, true);
    startup.push({ label: 'start-up, page cache on', ms: cached.startupMs, check: startupCheck('page cache on', cached.startupMs) });
    for (const id of cachedTargets) {
      const row = await measureTarget(id, cached, raw, targetPaths[id], opts);
      if (id === 'cached') {
        // The cache holds at most 10,000 pages and 64 MB; with requests spread evenly over the archive, about
        // that share of them can be hits. Stated so a low ratio is read for what it is.
        const pageKb = articlePageKb ?? 20;
        const capacity = Math.min(10_000, Math.floor((64 * 1024) / pageKb));
        row.note = `the page cache holds at most ~${capacity.toLocaleString('en')} pages of ~${pageKb.toFixed(0)} KB (10,000 entries, 64 MB), ` +
          `so with requests spread evenly over ${opts.articles.toLocaleString('en')} articles at most ~${Math.min(100, (100 * capacity) / opts.articles).toFixed(0)}% can be cache hits.`;
      }
      rows.push(row);
    }
    const mem = readMemory(cached.child.pid);
    if (mem) memory.push({ label: 'RSS after load, page cache on', ...mem, check: memoryCheck('page cache on', mem.rssMb, opts.articles) });
    warnings.push(...serverWarnings(cached.child));
    await children.stop(cached.child);
  }
  await children.stop(raw.child);

  const checks = [...rows.flatMap((r) => r.checks), ...startup.map((s) => s.check), ...memory.flatMap((m) => (m.check ? [m.check] : []))];
  const report: Report = {
    startedAt: new Date().toISOString(),
    machine,
    options: { articles: opts.articles, duration: opts.duration, warmup: opts.warmup, connections: opts.connections, rounds: opts.rounds, only: opts.only, wrk: opts.wrk },
    dataSet: {
      articles: generated.articles,
      sections: generated.sections.length,
      authors: generated.authors,
      tags: generated.tags,
      generationMs: generated.millis,
      databaseMb,
      articlePageKb,
    },
    rows,
    startup,
    memory,
    checks,
  };

  console.log(`\n${formatReport(report)}\n`);
  if (warnings.length > 0) {
    const shown = warnings.slice(0, 3).map((w) => `  ${w.length > 400 ? `${w.slice(0, 400)}…` : w}`);
    console.log(`The server logged ${warnings.length}${warnings.length >= 200 ? '+' : ''} line(s) at warn level or above, e.g.:\n${shown.join('\n')}\n`);
  }
  console.log(formatSummary(report));
  if (opts.json) {
    writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`Results written to ${opts.json}`);
  }
  if (opts.keep) log(`Kept ${tempDir} (database: ${dbFile}).`);
  return 0;
}

let stopping = false;
function onSignal(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  log(`\n${signal}: stopping the servers and cleaning up…`);
  void children.stopAll().finally(() => {
    removeTemp();
    process.exit(130);
  });
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('exit', () => {
  children.killAllNow();
  removeTemp();
});

main()
  .then(async (code) => {
    await children.stopAll();
    removeTemp();
    process.exitCode = code;
  })
  .catch(async (error: unknown) => {
    console.error(`The benchmark could not run: ${error instanceof Error ? error.message : String(error)}`);
    await children.stopAll();
    removeTemp();
    process.exitCode = 1;
  });
