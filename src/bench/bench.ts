// npm run bench: how fast Broadsheet serves its public pages, next to a bare node:http server sending the
// same bytes on the same machine. See docs/benchmarks.md for the method and recorded results.
//
// 1. Generates a data set in a fresh temporary SQLite file, or an empty PostgreSQL database (generate.ts).
// 2. Starts the real server (node dist/server.js) as a child, timing spawn → first 2xx from /healthz.
// 3. Records a sample of its pages and starts the raw server (raw-server.ts) with them.
// 4. For each target: an autocannon warm-up on each server, then measured rounds, real and raw taking turns.
// 5. Reads the server's resident memory, restarts it with the page cache on, measures the article page again.
// 6. Comment posts: a third start (page cache off, COMMENT_MODERATION=none), POSTs to the JSON API, then the
//    database is counted. Last, because the posts change pages the other targets measure.
// 7. The link detector on its own, in this process, once every server has stopped.
// 8. Prints the table with PASS/FAIL per target; --json writes the same data.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { commentIdsAfter, commentPost, lastCommentId, listOpenArticleSlugs, seedCommentThread, type SeededThread } from './comments.js';
import { detectorInputs, timeDetector } from './detector.js';
import { generateDataSet, listArticlePaths } from './generate.js';
import { runLoadOn, summarize, type LoadRound } from './load.js';
import { Children, cpuBusyShare, freePort, httpGet, readMemory, waitUntilServing, type StartedChild } from './processes.js';
import { pageKind, type RecordedResponse } from './raw-server.js';
import {
  acceptedRateCheck, all201Check, all2xxCheck, commentsStoredCheck, detectorCheck, detectorFindsCheck, formatReport, formatSummary,
  memoryCheck, p99Check, ratioCheck, startupCheck, TARGETS,
  type Check, type CommentThreadInfo, type DetectorResult, type Machine, type MemoryResult, type Report, type StartupResult,
  type TargetId, type TargetRow, type WrkComparison,
} from './report.js';
import { Random } from './words.js';
import { emptyPostgres, postgresSizeMb, preparePostgres } from './postgres.js';
import { redact } from '../config.js';
import type { DialectName } from '../db/database.js';
import { serverNodeOptions } from '../node-options.js';

const HELP = `Usage: npm run bench -- [options]      (or: node dist/bench/bench.js [options])

Generates a news archive in a temporary SQLite file (or --database), starts Broadsheet on it (node dist/server.js) and a
bare node:http server that sends the same bytes, and load-tests both with autocannon, one after the other.

Options:
  --articles N      articles to generate (default 10000; the memory target is set for 100000)
  --duration S      measured seconds per server and target (default 10)
  --warmup S        seconds of warm-up per server and target, not measured (default 3)
  --connections N   concurrent connections (default 32)
  --rounds N        split each measured run into N rounds, Broadsheet and raw taking turns (default 5)
  --only LIST       run only some targets, comma-separated (default: all):
                      article        article pages, spread over the whole archive, page cache off
                      floor          the same article pages from a bare node:http server that runs
                                     only the page's query and fills a fixed page: what any server
                                     could reach here (no target; it puts the article ratio in scale)
                      home           the home page /, page cache off
                      section        /{section}?page=1..5, random section and page, page cache off
                      search         /search?q=… for words most articles hold, several words, the
                                     start of a word, page 2, words found nowhere (no target;
                                     SEARCH_RATE_LIMIT=0, like the other limits)
                      comments-page  one article page carrying 500 comments (the page shows 50
                                     threads), page cache off
                      comments-floor the same page from the floor server, which also runs the
                                     thread's statements and writes its comments flat (no target)
                      cached         article pages over the whole archive, page cache on
                      cached-hot     the 1,000 newest article pages, page cache on (all fit in the cache)
                      workers        article pages as for "article", from WORKERS=2 (two server
                                     processes; no target)
                      comment-post   accepted comment POSTs to /api/v1/articles/{slug}/comments, every
                                     rule applied, COMMENT_MODERATION=none (no raw comparison)
                      detector       detectLinks() alone, in this process: 5,000-character comments
                                     and 50,000-character hostile inputs
  --database URL    run on PostgreSQL: postgres://… of an empty database, which the benchmark fills
                    and empties again when it is done (unless --keep); the floor is SQLite only
  --json FILE       also write the results as JSON
  --wrk             after each target, measure both servers again with wrk (C, one thread, same URLs
                    through a Lua script): a second opinion where autocannon itself is the limit
  --keep            keep the temporary directory with the database (its path is printed)
  -h, --help        show this help

Targets: article page >= 0.35 of raw (>= 0.85 with the page cache), p99 < 25 ms, start-up < 1.5 s,
RSS < 150 MB at 100,000 articles; article page with 500 comments >= 0.25 of raw and p99 < 30 ms;
>= 1,000 accepted comment posts a second; link detector mean < 1 ms on 5,000 characters. Failing a target does not change the exit code (it is a measurement);
the exit code is 1 only when the benchmark itself could not run.`;

const ALL_TARGETS: TargetId[] = ['article', 'floor', 'home', 'section', 'search', 'comments-page', 'comments-floor', 'cached', 'cached-hot', 'workers', 'comment-post', 'detector'];
const LABELS: Record<TargetId, string> = {
  article: 'article page',
  floor: 'article page, floor: its query and a fixed page',
  home: 'home page',
  section: 'section page',
  search: 'search page',
  'comments-page': 'article page with 500 comments',
  'comments-floor': 'article page with 500 comments, floor',
  cached: 'article page, page cache on',
  'cached-hot': 'article page, page cache on, 1,000 newest',
  workers: 'article page, 2 workers (WORKERS=2)',
  'comment-post': 'comment posts, accepted/s (SQLite, every rule)',
  detector: 'link detector',
};
/**
 * Searches as readers type them, for the search row: words the generated bodies use (each is in most
 * articles, the costliest kind of search), two and three words, the start of a word, a second page, and
 * words found nowhere. URL-encoded when the list is made.
 */
const SEARCHES = [
  'harbour', 'election', 'inflation', 'ceasefire', 'parliament', 'refugees', 'glacier', 'pipeline', 'strike', 'budget',
  'harbour strike', 'central bank rates', 'navy patrol strait', 'climate research', 'court ruling appeal',
  'infl', 'parl', 'ceasef', 'gov',
  'zzyzx', 'quetzalcoatl harbour',
];
const SEARCH_SECOND_PAGES = ['harbour', 'election', 'budget'];
const ARTICLE_SAMPLES = 200;
const SECTION_PAGES = 5;
const HOT_ARTICLES = 1000;
const THREAD_COMMENTS = 500;
const THREAD_REPLIES = 150;
// Server defaults the comment targets rely on (neither is set in the server's environment).
const COMMENTS_PER_PAGE = 50; // COMMENTS_PER_PAGE
const COMMENTS_OPEN_DAYS = 30; // COMMENT_CLOSE_AFTER_DAYS
/** p99 targets per row; the rest are held to TARGETS.p99Ms. */
const P99_LIMITS: Partial<Record<TargetId, number>> = { 'comments-page': TARGETS.commentsPageP99Ms };

interface Options {
  articles: number;
  duration: number;
  warmup: number;
  connections: number;
  rounds: number;
  json: string | undefined;
  /** A PostgreSQL URL; SQLite (a temporary file) when absent. */
  database: string | undefined;
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
      database: { type: 'string' },
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
  if (values.database !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(values.database)) {
    throw new UsageError(`--database takes a postgres:// URL of an empty database (SQLite is the default), got "${values.database}".`);
  }
  return {
    articles: Math.floor(number('articles', values.articles, 10_000, 50)),
    duration: number('duration', values.duration, 10, 1),
    warmup: number('warmup', values.warmup, 3, 0),
    connections: Math.floor(number('connections', values.connections, 32, 1)),
    rounds: Math.floor(number('rounds', values.rounds, 5, 1)),
    json: values.json,
    database: values.database,
    keep: values.keep ?? false,
    wrk: values.wrk ?? false,
    only: only.length > 0 ? ALL_TARGETS.filter((t) => only.includes(t)) : ALL_TARGETS,
  };
}

const here = dirname(fileURLToPath(import.meta.url));
const SERVER_ENTRY = resolve(here, '..', 'server.js');
/** The server runs with the Node options its database wants (node-options.ts), as an operator runs it. */
const dialectOfUrl = (url: string): DialectName => (url.startsWith('sqlite:') ? 'sqlite' : 'postgres');
const RAW_ENTRY = join(here, 'raw-server.js');
const FLOOR_ENTRY = join(here, 'floor-server.js');

const children = new Children();
const SESSION_SECRET = randomBytes(24).toString('base64url');
let tempDir: string | undefined;
let keepTemp = false;
/** The PostgreSQL database the benchmark filled, to be emptied again at the end (unless --keep). */
let filledPostgres: string | undefined;

async function emptyFilledPostgres(): Promise<void> {
  const url = filledPostgres;
  filledPostgres = undefined;
  if (!url || keepTemp) return;
  try {
    await emptyPostgres(url);
  } catch (error) {
    log(`Could not empty the PostgreSQL database again: ${error instanceof Error ? error.message : String(error)}`);
  }
}

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

async function startBroadsheet(databaseUrl: string, dataDir: string, pageCache: boolean, extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const port = await freePort();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'off',
    COMMENT_RATE_LIMIT: '0',
    CHECK_RATE_LIMIT: '0',
    SEARCH_RATE_LIMIT: '0',
    DATA_DIR: dataDir,
    PAGE_CACHE: pageCache ? 'on' : 'off',
    // On PostgreSQL a server without a given secret warns that other nodes would not share its own.
    ...(databaseUrl.startsWith('sqlite:') ? {} : { SESSION_SECRET: SESSION_SECRET }),
    ...extraEnv,
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const extras = Object.entries(extraEnv).map(([name, value]) => `, ${name}=${value}`).join('');
  const child = children.start(`Broadsheet (page cache ${pageCache ? 'on' : 'off'}${extras})`, process.execPath, [...serverNodeOptions(dialectOfUrl(databaseUrl)), SERVER_ENTRY], env);
  const startupMs = await waitUntilServing(child, `${baseUrl}/healthz`, since);
  log(`  ${child.name} pid ${child.pid} answered after ${Math.round(startupMs)} ms`);
  return { child, baseUrl, startupMs };
}

/**
 * Starts one of the bare node:http servers (the raw server, the floor server): `args` go to its entry
 * with the chosen port, and it is ready once `readyPath` answers 2xx.
 */
async function startBare(name: string, entry: string, args: (port: number) => string[], readyPath: string): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const child = children.start(name, process.execPath, [entry, ...args(port)], { PATH: process.env.PATH ?? '' });
  const startupMs = await waitUntilServing(child, `${baseUrl}${readyPath}`, since);
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

/** The mean size of the pages a server sends for these URLs, in KB. */
async function meanPageKb(baseUrl: string, urls: string[]): Promise<number> {
  let bytes = 0;
  for (const url of urls) bytes += (await httpGet(`${baseUrl}${url}`)).body.length;
  return bytes / urls.length / 1024;
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
    runLoadOn(server.child.pid, { baseUrl: server.baseUrl, nextPath, seconds, connections: options.connections });
  const perRound = options.duration / options.rounds;
  log(`  ${label}: warm-up ${options.warmup} s each, then ${options.rounds} × ${perRound} s ${id.endsWith('floor') ? 'floor' : 'Broadsheet'} / raw, alternating`);
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
  // The floor is a yardstick, not a page of ours, and two workers and search are not what the targets are
  // set for: only their answers are checked.
  const untargeted = id === 'floor' || id === 'comments-floor' || id === 'workers' || id === 'search';
  const p99 = untargeted ? null : p99Check(label, realResult.p99Ms, P99_LIMITS[id]);
  const checks = [ratioCheck(id, ratio), p99, all2xxCheck(label, realResult, rawResult, warmupProblems)].filter(
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

/**
 * Comment posts: a warm-up, then the measured rounds, all against the one server (there is no raw
 * counterpart for a write). Each request carries the next counter value, so every body is new and the
 * duplicate rule never refuses one. The ids the 201 answers name are kept, to be looked up in the database
 * once the server has stopped (postsStored()).
 */
async function measurePosts(server: RunningServer, slugs: string[], options: Options): Promise<{ row: TargetRow; acceptedIds: number[] }> {
  const id: TargetId = 'comment-post';
  const label = LABELS[id];
  const random = new Random(20_261_127);
  // autocannon calls setupRequest once for every request it writes, so `sent` counts the posts sent.
  let sent = 0;
  const nextPost = () => commentPost(sent++, slugs, random);
  const acceptedIds: number[] = [];
  const onResponse = (status: number, body: string) => {
    const commentId = status === 201 ? /"id":(\d+)/.exec(body)?.[1] : undefined;
    if (commentId) acceptedIds.push(Number(commentId));
  };
  const run = (seconds: number) => runLoadOn(server.child.pid, { baseUrl: server.baseUrl, nextPost, onResponse, seconds, connections: options.connections });
  const perRound = options.duration / options.rounds;
  log(`  ${label}: ${slugs.length.toLocaleString('en')} articles open for comments; warm-up ${options.warmup} s, then ${options.rounds} × ${perRound} s`);
  const warmups: LoadRound[] = [];
  if (options.warmup > 0) warmups.push(await run(options.warmup));
  const rounds: LoadRound[] = [];
  for (let i = 0; i < options.rounds; i++) {
    rounds.push(await run(perRound));
    const r = rounds[i]!;
    log(`    round ${i + 1}: ${Math.round((r.statusCodes['201'] ?? 0) / r.seconds)} accepted/s`);
  }
  const result = summarize(rounds);
  const perSec = result.seconds > 0 ? (result.statusCodes['201'] ?? 0) / result.seconds : 0;
  const responses201 = [...warmups, ...rounds].reduce((sum, r) => sum + (r.statusCodes['201'] ?? 0), 0);
  const answered = [...warmups, ...rounds].reduce((sum, r) => sum + r.latencies.length, 0);
  log(`    → ${Math.round(perSec)} accepted/s (p99 ${result.p99Ms.toFixed(1)} ms); ${responses201.toLocaleString('en')} × 201 in all, warm-up included`);
  const warmupProblems = {
    non2xx: warmups.reduce((sum, w) => sum + w.non2xx, 0),
    errors: warmups.reduce((sum, w) => sum + w.errors, 0),
  };
  const row: TargetRow = {
    id,
    label,
    real: result,
    warmupProblems,
    ratio: null,
    accepted: { perSec, responses201, inDatabase: NaN, acceptedFound: NaN, cutOff: sent - answered, articles: slugs.length },
    // The target is set for SQLite; on PostgreSQL the rate is reported, not judged.
    checks: options.database ? [all201Check(label, result, warmups)] : [acceptedRateCheck(perSec), all201Check(label, result, warmups)],
    note: 'no raw-server comparison for a write (n/a). Posts go to the JSON API without a cookie, so each is a first comment from a new browser; ' +
      'with COMMENT_MODERATION=none it is approved at once, which also adds one to the article\'s comment_count and records a content change.',
  };
  return { row, acceptedIds };
}

/** Looks the accepted posts up in the database (server stopped) and adds the check to the row. */
async function postsStored(databaseUrl: string, row: TargetRow, lastIdBefore: number, acceptedIds: number[]): Promise<void> {
  const added = await commentIdsAfter(databaseUrl, lastIdBefore);
  const accepted = row.accepted!;
  accepted.inDatabase = added.size;
  accepted.acceptedFound = acceptedIds.filter((id) => added.has(id)).length;
  log(`    ${added.size.toLocaleString('en')} comments added to the database; ${accepted.responses201.toLocaleString('en')} × 201, ` +
    `${accepted.acceptedFound.toLocaleString('en')} of them found by id; ${accepted.cutOff} posts cut off in flight`);
  row.checks.push(commentsStoredCheck(accepted));
}

/** Times detectLinks() on each input, in this process. */
function measureDetector(): DetectorResult[] {
  return detectorInputs().map((input) => {
    const result = timeDetector(input);
    if (result.judged) {
      result.check = detectorCheck(result);
      result.findsCheck = detectorFindsCheck(result);
    }
    log(`  ${result.label}: mean ${result.meanUs.toFixed(0)} µs, p99 ${result.p99Us.toFixed(0)} µs over ${result.runs} runs; ${result.linksFound} links found (${result.linksPut} put in)`);
    return result;
  });
}

/** Comments shown in a page's HTML (each is an <article class="comment…">, or a placeholder when removed). */
function countShownComments(html: string): number {
  return (html.match(/<(article|p) class="comment[ "][^>]*id="comment-\d+"/g) ?? []).length;
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
  const startedAt = new Date().toISOString();

  const machine = await machineInfo();
  if (machine.cpus < 2) log('Warning: fewer than 2 CPUs; the load generator and the server share one core.');
  if (machine.busyBeforeStart !== undefined && machine.busyBeforeStart > 0.1) {
    log(`Warning: other processes kept the CPUs ${(machine.busyBeforeStart * 100).toFixed(0)}% busy before the start; numbers will be lower and noisier.`);
  }

  tempDir = mkdtempSync(join(tmpdir(), 'broadsheet-bench-'));
  const dbFile = join(tempDir, 'bench.db');
  const dataDir = join(tempDir, 'data');
  const databaseUrl = opts.database ?? `sqlite:${dbFile}`;
  const database = opts.database ? await preparePostgres(opts.database) : `SQLite ${machine.sqlite}`;
  if (opts.database) {
    filledPostgres = opts.database;
    if (opts.only.includes('floor') || opts.only.includes('comments-floor')) log('The floor reads a SQLite file: skipped on PostgreSQL.');
    opts.only = opts.only.filter((t) => t !== 'floor' && t !== 'comments-floor');
  }
  log(`Generating ${opts.articles.toLocaleString('en')} articles in ${opts.database ? redact(opts.database) : dbFile}`);
  const generated = await generateDataSet({ databaseUrl, articles: opts.articles });
  // The article with 500 comments is measured on its own; the other targets leave it out, so they keep
  // measuring the pages they always did.
  let thread: SeededThread | undefined;
  if (opts.only.includes('comments-page') || opts.only.includes('comments-floor')) {
    thread = await seedCommentThread(databaseUrl, { comments: THREAD_COMMENTS, replies: THREAD_REPLIES });
    log(`  ${thread.comments} comments on ${thread.path} (${thread.topLevel} top-level; replies at depth 1/2/3: ${thread.repliesByDepth.join('/')}) in ${thread.millis.toFixed(0)} ms`);
  }
  const articlePaths = (await listArticlePaths(databaseUrl)).filter((path) => path !== thread?.path);
  const databaseMb = opts.database
    ? await postgresSizeMb(opts.database)
    : ['', '-wal'].reduce((sum, suffix) => {
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
  const detector: DetectorResult[] = [];
  const uncachedTargets = opts.only.filter((t) => t === 'article' || t === 'floor' || t === 'home' || t === 'section' || t === 'search' || t === 'comments-page' || t === 'comments-floor');
  const cachedTargets = opts.only.filter((t) => t === 'cached' || t === 'cached-hot');

  // Phase 1: page cache off. Also the source of the recorded responses for the raw server.
  log('Starting Broadsheet, page cache off');
  const plain = await startBroadsheet(databaseUrl, dataDir, false);
  startup.push({ label: 'start-up, page cache off', ms: plain.startupMs, check: startupCheck('page cache off', plain.startupMs) });
  const idle = readMemory(plain.child.pid);
  if (idle) memory.push({ label: 'RSS right after start-up, page cache off', ...idle });

  const sampleArticles = sampleOf(articlePaths, ARTICLE_SAMPLES);
  const sectionUrls = generated.sections.flatMap((s) => Array.from({ length: SECTION_PAGES }, (_, i) => (i === 0 ? `/${s}` : `/${s}?page=${i + 1}`)));
  log(`Recording ${1 + sectionUrls.length + sampleArticles.length} responses for the raw server`);
  const recorded = await recordResponses(plain.baseUrl, ['/', ...sectionUrls, ...sampleArticles]);
  let commentThread: CommentThreadInfo | undefined;
  if (thread) {
    const [page] = await recordResponses(plain.baseUrl, [thread.path]);
    const html = Buffer.from(page!.bodyBase64, 'base64');
    recorded.push({ ...page!, exact: true });
    commentThread = {
      path: thread.path,
      comments: thread.comments,
      topLevel: thread.topLevel,
      repliesByDepth: thread.repliesByDepth,
      threadsShown: Math.min(COMMENTS_PER_PAGE, thread.topLevel),
      commentsShown: countShownComments(html.toString('utf8')),
      pageKb: html.length / 1024,
    };
    log(`  ${thread.path}: ${commentThread.commentsShown} comments on its page, ${commentThread.pageKb!.toFixed(1)} KB`);
  }
  const searchUrls = [
    ...SEARCHES.map((q) => `/search?q=${encodeURIComponent(q)}`),
    ...SEARCH_SECOND_PAGES.map((q) => `/search?q=${encodeURIComponent(q)}&page=2`),
  ];
  if (opts.only.includes('search')) {
    // Each search has its own page: the raw server sends it for that URL only.
    for (const page of await recordResponses(plain.baseUrl, searchUrls)) recorded.push({ ...page, exact: true });
  }
  const samplesFile = join(tempDir, 'raw-responses.json');
  writeFileSync(samplesFile, JSON.stringify(recorded));
  const articleBytes = recorded.filter((r) => r.kind === 'article' && !r.exact).map((r) => Buffer.byteLength(r.bodyBase64, 'base64'));
  const articlePageKb = articleBytes.length > 0 ? articleBytes.reduce((a, b) => a + b, 0) / articleBytes.length / 1024 : null;
  const liveSectionUrls = recorded.filter((r) => r.kind === 'section' && !r.exact).map((r) => r.url);

  log('Starting the raw server');
  const raw = await startBare('raw node:http server', RAW_ENTRY, (port) => [samplesFile, String(port)], '/');

  const targetPaths: Record<TargetId, string[]> = {
    article: articlePaths,
    floor: articlePaths,
    home: ['/'],
    section: liveSectionUrls,
    search: searchUrls,
    'comments-page': thread ? [thread.path] : [],
    'comments-floor': thread ? [thread.path] : [],
    cached: articlePaths,
    'cached-hot': articlePaths.slice(0, HOT_ARTICLES),
    workers: articlePaths,
    // Not page loads: measured by measurePosts() and measureDetector().
    'comment-post': [],
    detector: [],
  };

  for (const id of uncachedTargets) {
    if (id !== 'floor' && id !== 'comments-floor') {
      rows.push(await measureTarget(id, plain, raw, targetPaths[id], opts));
      continue;
    }
    const paths = targetPaths[id];
    if (paths.length === 0) continue;
    log('Starting the floor server');
    const floor = await startBare('floor node:http server', FLOOR_ENTRY, (port) => [dbFile, samplesFile, String(port), String(COMMENTS_PER_PAGE)], paths[0]!);
    const sampled = id === 'floor' ? sampleArticles : paths;
    const floorKb = await meanPageKb(floor.baseUrl, sampled);
    const realKb = id === 'floor' ? articlePageKb ?? 0 : commentThread?.pageKb ?? 0;
    const row = await measureTarget(id, floor, raw, paths, opts);
    row.note = (id === 'floor'
      ? 'a bare node:http server that runs the article page\'s own query (better-sqlite3, no query builder) and writes the headline, standfirst, byline, body, tags and related articles, escaped, into a fixed page: the head and foot of a page Broadsheet sent. No framework, templates, dates, ETag or comment section'
      : `the same floor server on the article with ${THREAD_COMMENTS} comments: it also runs the comment thread's two statements and writes the first page of threads (${COMMENTS_PER_PAGE} top-level comments and their replies) as a flat list, escaped, without nesting, reply form or ETag`) +
      `; its pages average ${floorKb.toFixed(1)} KB against ${realKb.toFixed(1)} KB for Broadsheet's (which the raw server sends). ` +
      'No target: about the most of the raw rate that any server reading this data could reach on this machine.';
    rows.push(row);
    await children.stop(floor.child);
  }
  if (uncachedTargets.length > 0) {
    const mem = readMemory(plain.child.pid);
    if (mem) memory.push({ label: 'RSS after load, page cache off', ...mem, check: memoryCheck('page cache off', mem.rssMb, opts.articles) });
  }
  const warnings = serverWarnings(plain.child);
  await children.stop(plain.child);

  // Phase 2: page cache on, in a fresh process.
  if (cachedTargets.length > 0) {
    log('Starting Broadsheet, page cache on');
    const cached = await startBroadsheet(databaseUrl, dataDir, true);
    startup.push({ label: 'start-up, page cache on', ms: cached.startupMs, check: startupCheck('page cache on', cached.startupMs) });
    for (const id of cachedTargets) {
      const row = await measureTarget(id, cached, raw, targetPaths[id], opts);
      if (id === 'cached') {
        // The cache holds at most 10,000 pages and PAGE_CACHE_MB (default 16 MB); with requests spread evenly over
        // the archive, about that share of them can be hits. Stated so a low ratio is read for what it is.
        const pageKb = articlePageKb ?? 20;
        const capacity = Math.min(10_000, Math.floor((16 * 1024) / pageKb));
        row.note = `the page cache holds at most ~${capacity.toLocaleString('en')} pages of ~${pageKb.toFixed(0)} KB (10,000 entries, 16 MB, the default PAGE_CACHE_MB), ` +
          `so with requests spread evenly over ${opts.articles.toLocaleString('en')} articles at most ~${Math.min(100, (100 * capacity) / opts.articles).toFixed(0)}% can be cache hits, ` +
          'and fewer are: a page is kept only when it is asked for a second time while still remembered.';
      }
      rows.push(row);
    }
    const mem = readMemory(cached.child.pid);
    if (mem) memory.push({ label: 'RSS after load, page cache on', ...mem, check: memoryCheck('page cache on', mem.rssMb, opts.articles) });
    warnings.push(...serverWarnings(cached.child));
    await children.stop(cached.child);
  }
  // Phase 2b: the article pages again, page cache off, from two worker processes.
  if (opts.only.includes('workers')) {
    log('Starting Broadsheet, page cache off, WORKERS=2');
    const two = await startBroadsheet(databaseUrl, dataDir, false, { WORKERS: '2' });
    const row = await measureTarget('workers', two, raw, targetPaths.workers, opts);
    row.note = 'the same article pages as the first row, from two server processes sharing the port (WORKERS=2; the raw server is one process). ' +
      'No target: on this 2-core machine the load generator takes one core of its own, so this says what a second process gains when the cores are shared; ' +
      'the CPU time per response is that of the first process and both workers together.';
    rows.push(row);
    warnings.push(...serverWarnings(two.child));
    await children.stop(two.child);
  }
  await children.stop(raw.child);

  // Phase 3: comment posts, on a fresh page-cache-off server that publishes comments at once.
  if (opts.only.includes('comment-post')) {
    const slugs = await listOpenArticleSlugs(databaseUrl, COMMENTS_OPEN_DAYS, thread ? [thread.articleId] : []);
    if (slugs.length === 0) {
      log(`  comment posts skipped: no article of ${opts.articles.toLocaleString('en')} is open for comments (published in the last ${COMMENTS_OPEN_DAYS} days).`);
    } else {
      const lastIdBefore = await lastCommentId(databaseUrl);
      log('Starting Broadsheet, page cache off, COMMENT_MODERATION=none');
      const posting = await startBroadsheet(databaseUrl, dataDir, false, { COMMENT_MODERATION: 'none' });
      const { row, acceptedIds } = await measurePosts(posting, slugs, opts);
      warnings.push(...serverWarnings(posting.child));
      await children.stop(posting.child);
      await postsStored(databaseUrl, row, lastIdBefore, acceptedIds);
      row.label = `comment posts, accepted/s (${opts.database ? 'PostgreSQL' : 'SQLite'}, every rule)`;
      rows.push(row);
    }
  }

  // Phase 4: the link detector alone, with the servers gone.
  if (opts.only.includes('detector')) {
    log('Timing the link detector in this process');
    detector.push(...measureDetector());
  }

  const checks = [
    ...rows.flatMap((r) => r.checks),
    ...startup.map((s) => s.check),
    ...memory.flatMap((m) => (m.check ? [m.check] : [])),
    ...detector.flatMap((d) => [d.check, d.findsCheck].filter((c): c is Check => c !== undefined)),
  ];
  const report: Report = {
    startedAt,
    machine,
    options: { articles: opts.articles, duration: opts.duration, warmup: opts.warmup, connections: opts.connections, rounds: opts.rounds, only: opts.only, wrk: opts.wrk, serverNodeOptions: serverNodeOptions(dialectOfUrl(databaseUrl)) },
    dataSet: {
      articles: generated.articles,
      sections: generated.sections.length,
      authors: generated.authors,
      tags: generated.tags,
      generationMs: generated.millis,
      database,
      databaseMb,
      articlePageKb,
      commentThread,
    },
    rows,
    startup,
    memory,
    detector,
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
  if (opts.keep) log(opts.database ? `Kept ${tempDir}; the data stays in ${redact(opts.database)}.` : `Kept ${tempDir} (database: ${dbFile}).`);
  return 0;
}

let stopping = false;
function onSignal(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  log(`\n${signal}: stopping the servers and cleaning up…`);
  void children.stopAll().finally(async () => {
    removeTemp();
    await emptyFilledPostgres();
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
    await emptyFilledPostgres();
    process.exitCode = code;
  })
  .catch(async (error: unknown) => {
    console.error(`The benchmark could not run: ${error instanceof Error ? error.message : String(error)}`);
    await children.stopAll();
    removeTemp();
    await emptyFilledPostgres();
    process.exitCode = 1;
  });
