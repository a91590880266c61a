// Targets from the product issue, the checks against them, and the printed tables (Markdown, so a run's
// output can be pasted into docs/benchmarks.md as it is).
import type { LoadResult } from './load.js';

export type TargetId = 'article' | 'floor' | 'home' | 'section' | 'search' | 'comments-page' | 'comments-floor' | 'cached' | 'cached-hot' | 'workers' | 'comment-post' | 'detector';

export const TARGETS = {
  articleRatio: 0.35,
  cachedRatio: 0.85,
  p99Ms: 25,
  startupMs: 1500,
  rssMb: 150,
  /** The memory target is set for an archive of this size. */
  rssAtArticles: 100_000,
  /** An article page carrying 500 comments (50 threads shown), page cache off. */
  commentsPageRatio: 0.25,
  commentsPageP99Ms: 30,
  /** Accepted comment posts a second on SQLite, every rule applied. */
  commentPostsPerSec: 1000,
  /** Mean time of detectLinks() on a 5,000-character comment. */
  detectorMeanMs: 1,
};

export interface Check {
  name: string;
  target: string;
  value: string;
  /** null: reported, but the target does not apply to this run. */
  pass: boolean | null;
  /** 'validity' checks say whether a measurement counts (every response 2xx), not whether a target is met. */
  kind?: 'validity';
}

export interface TargetRow {
  id: TargetId;
  label: string;
  real: LoadResult;
  /** Absent where there is nothing to compare with (comment posts). */
  raw?: LoadResult;
  /** Both servers measured again with wrk (--wrk). */
  wrk?: WrkComparison;
  /** Non-2xx responses and errors in the warm-ups, which are not part of real/raw. */
  warmupProblems: { non2xx: number; errors: number };
  /** null where there is no raw server to compare with. */
  ratio: number | null;
  /** Comment posts: 201 responses over all runs (warm-ups included) against the rows added to the database. */
  accepted?: AcceptedPosts;
  checks: Check[];
  note?: string;
}

export interface AcceptedPosts {
  /** 201 responses in the measured rounds, a second. */
  perSec: number;
  /** 201 responses in every run, warm-ups included. */
  responses201: number;
  /** Comments added to the database while the load ran (read once the server has stopped). */
  inDatabase: number;
  /** Of the comments the 201 responses named (by id), those found in the database. */
  acceptedFound: number;
  /**
   * Posts sent but never answered: autocannon ends a run at its deadline and drops the requests still in
   * flight (up to one per connection), which the server may well have stored.
   */
  cutOff: number;
  /** Articles the posts were spread over. */
  articles: number;
}

/** detectLinks() timed in this process on one input. */
export interface DetectorResult {
  label: string;
  chars: number;
  linksPut: number;
  linksFound: number;
  runs: number;
  meanUs: number;
  p99Us: number;
  maxUs: number;
  /** Whether the mean < 1 ms target applies (comments up to 5,000 characters). */
  judged: boolean;
  check?: Check;
  /** Whether the links found are the links put in (judged inputs only). */
  findsCheck?: Check;
}

/** The article given 500 comments for the comments-page target. */
export interface CommentThreadInfo {
  path: string;
  comments: number;
  topLevel: number;
  repliesByDepth: [number, number, number];
  /** Top-level comments a page shows (COMMENTS_PER_PAGE), and the comments found in the page's HTML. */
  threadsShown: number;
  commentsShown: number | null;
  pageKb: number | null;
}

export interface WrkComparison {
  requestsPerSec: number;
  rawRequestsPerSec: number;
  ratio: number;
  non2xx: number;
}

export interface StartupResult {
  label: string;
  ms: number;
  check: Check;
}

export interface MemoryResult {
  label: string;
  rssMb: number;
  peakMb: number;
  /** Absent for readings that are reported only. */
  check?: Check;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  sqlite: string;
  autocannon: string;
  loadAverage: number[];
  /** Share of CPU time other processes used during the second before the benchmark started. */
  busyBeforeStart: number | undefined;
}

export interface Report {
  startedAt: string;
  machine: Machine;
  options: {
    articles: number; duration: number; warmup: number; connections: number; rounds: number; only: TargetId[]; wrk: boolean;
    /** The Node options Broadsheet's server ran with. */
    serverNodeOptions: string[];
  };
  dataSet: {
    articles: number; sections: number; authors: number; tags: number; generationMs: number;
    /** "SQLite 3.53.2" or "PostgreSQL 15.19". */
    database: string;
    databaseMb: number; articlePageKb: number | null;
    commentThread?: CommentThreadInfo;
  };
  rows: TargetRow[];
  startup: StartupResult[];
  memory: MemoryResult[];
  detector: DetectorResult[];
  checks: Check[];
}

export function ratioCheck(id: TargetId, ratio: number): Check | null {
  if (id === 'article') return { name: 'article page ≥ 0.35 of raw', target: `≥ ${TARGETS.articleRatio}`, value: ratio.toFixed(3), pass: ratio >= TARGETS.articleRatio };
  if (id === 'cached') return { name: 'article page with page cache ≥ 0.85 of raw', target: `≥ ${TARGETS.cachedRatio}`, value: ratio.toFixed(3), pass: ratio >= TARGETS.cachedRatio };
  if (id === 'comments-page') {
    return { name: `article page with 500 comments ≥ ${TARGETS.commentsPageRatio} of raw`, target: `≥ ${TARGETS.commentsPageRatio}`, value: ratio.toFixed(3), pass: ratio >= TARGETS.commentsPageRatio };
  }
  return null;
}

export function p99Check(label: string, p99Ms: number, limitMs = TARGETS.p99Ms): Check {
  return { name: `${label}: p99 < ${limitMs} ms`, target: `< ${limitMs} ms`, value: `${p99Ms.toFixed(1)} ms`, pass: p99Ms < limitMs };
}

export function acceptedRateCheck(perSec: number): Check {
  const target = TARGETS.commentPostsPerSec;
  return { name: `accepted comment posts ≥ ${target.toLocaleString('en')}/s`, target: `≥ ${target.toLocaleString('en')}/s`, value: `${Math.round(perSec).toLocaleString('en')}/s`, pass: perSec >= target };
}

/** Comment posts: anything but 201 (a refusal, a server error, a connection error) means the row does not measure accepted posts. */
export function all201Check(label: string, real: LoadResult, warmups: ReadonlyArray<{ statusCodes: Record<string, number>; errors: number }>): Check {
  const codes: Record<string, number> = {};
  for (const run of [real, ...warmups]) for (const [code, n] of Object.entries(run.statusCodes)) if (code !== '201') codes[code] = (codes[code] ?? 0) + n;
  const errors = real.errors + warmups.reduce((n, w) => n + w.errors, 0);
  const refused = Object.values(codes).reduce((a, b) => a + b, 0);
  const value = refused + errors === 0 ? 'all 201' : `${Object.entries(codes).map(([code, n]) => `${n}×${code}`).join(', ') || 'no other status'}; ${errors} errors (warm-ups included)`;
  return { name: `${label}: every response 201`, target: '0 other responses, 0 errors', value, pass: refused + errors === 0, kind: 'validity' };
}

/**
 * Every comment a 201 named is in the database, and the database holds no more than those plus the posts
 * cut off in flight when a run ended (their answers never came, but the server may have stored them).
 */
export function commentsStoredCheck(a: Pick<AcceptedPosts, 'responses201' | 'inDatabase' | 'acceptedFound' | 'cutOff'>): Check {
  const n = (x: number) => x.toLocaleString('en');
  const extra = a.inDatabase - a.responses201;
  return {
    name: 'every accepted comment is in the database',
    target: '= 201s (+ ≤ cut off in flight)',
    value: `${n(a.inDatabase)} added = ${n(a.responses201)} × 201 (${a.acceptedFound === a.responses201 ? 'all' : `only ${n(a.acceptedFound)}`} found by id)` +
      ` + ${n(extra)} of ${n(a.cutOff)} cut off in flight`,
    pass: a.acceptedFound === a.responses201 && extra >= 0 && extra <= a.cutOff,
    kind: 'validity',
  };
}

/** The timing only means something if the detector still finds what it should (0 in honest text, every link put in). */
export function detectorFindsCheck(result: Pick<DetectorResult, 'label' | 'linksPut' | 'linksFound'>): Check {
  return {
    name: `link detector, ${result.label}: finds ${result.linksPut} links`,
    target: `${result.linksPut} links`,
    value: `${result.linksFound} links`,
    pass: result.linksFound === result.linksPut,
    kind: 'validity',
  };
}

export function detectorCheck(result: Pick<DetectorResult, 'label' | 'meanUs'>): Check {
  const limitUs = TARGETS.detectorMeanMs * 1000;
  return { name: `link detector, ${result.label}: mean < ${TARGETS.detectorMeanMs} ms`, target: `mean < ${TARGETS.detectorMeanMs} ms`, value: `${result.meanUs.toFixed(0)} µs`, pass: result.meanUs < limitUs };
}

export function all2xxCheck(label: string, real: LoadResult, raw: LoadResult, warmup: { non2xx: number; errors: number }): Check {
  const bad = real.non2xx + real.errors + raw.non2xx + raw.errors + warmup.non2xx + warmup.errors;
  const codes = Object.entries(real.statusCodes).filter(([code]) => !code.startsWith('2')).map(([code, n]) => `${n}×${code}`);
  const value = bad === 0 ? 'all 2xx' : `${real.non2xx} non-2xx (${codes.join(', ') || '-'}), ${real.errors} errors; raw ${raw.non2xx}/${raw.errors}; warm-ups ${warmup.non2xx}/${warmup.errors}`;
  return { name: `${label}: every response 2xx`, target: '0 non-2xx, 0 errors', value, pass: bad === 0, kind: 'validity' };
}

export function startupCheck(label: string, ms: number): Check {
  return { name: `start-up (${label}) < ${TARGETS.startupMs} ms`, target: `< ${TARGETS.startupMs} ms`, value: `${Math.round(ms)} ms`, pass: ms < TARGETS.startupMs };
}

export function memoryCheck(label: string, rssMb: number, articles: number): Check {
  const applies = articles >= TARGETS.rssAtArticles;
  return {
    name: `RSS (${label}) < ${TARGETS.rssMb} MB at ${TARGETS.rssAtArticles.toLocaleString('en')} articles`,
    target: `< ${TARGETS.rssMb} MB`,
    value: `${rssMb.toFixed(1)} MB`,
    pass: applies ? rssMb < TARGETS.rssMb : null,
  };
}

function verdict(check: Check | null | undefined): string {
  if (!check) return '';
  return check.pass === null ? '' : check.pass ? ' PASS' : ' FAIL';
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : '-');
const fmtMicros = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(0)} µs`);

/** The servers' CPU time per response: Broadsheet's, then the raw server's in brackets. */
function cpuCell(row: TargetRow): string {
  const real = row.real.cpuMicrosPerResponse;
  if (real === undefined) return 'n/a';
  const raw = row.raw?.cpuMicrosPerResponse;
  return raw === undefined ? int(real) : `${int(real)} (${int(raw)})`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function formatReport(report: Report): string {
  const out: string[] = [];
  const { dataSet, options } = report;
  out.push(
    `Broadsheet benchmark: ${dataSet.articles.toLocaleString('en')} articles, ${options.connections} connections, ` +
      `${options.warmup} s warm-up + ${options.duration} s measured (${options.rounds} alternating rounds) per server and target, autocannon ${report.machine.autocannon}, ` +
      `${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node} (server: ${options.serverNodeOptions.join(' ')}), ${dataSet.database}`,
    '',
  );
  if (report.rows.length > 0) {
    out.push(
      table(
        ['target', 'req/s', 'p50 ms', 'p99 ms', 'raw req/s', 'ratio to raw', 'CPU µs per response (raw)', 'non-2xx / errors'],
        report.rows.map((r) => {
          const ratio = r.checks.find((c) => c.name.includes('of raw'));
          const p99 = r.checks.find((c) => c.name.includes('p99'));
          const allOk = r.checks.find((c) => /every response (2xx|201)$/.test(c.name));
          // Comment posts count accepted ones (201) a second, against their own target; there is no raw server.
          const rate = r.accepted ? `${int(r.accepted.perSec)}${verdict(r.checks.find((c) => c.name.startsWith('accepted comment posts')))}` : int(r.real.requestsPerSec);
          return [
            r.label,
            rate,
            fmt(r.real.p50Ms),
            `${fmt(r.real.p99Ms)}${verdict(p99)}`,
            r.raw ? int(r.raw.requestsPerSec) : 'n/a',
            r.ratio === null ? 'n/a' : `${fmt(r.ratio, 3)}${verdict(ratio)}`,
            cpuCell(r),
            `${r.real.non2xx} / ${r.real.errors}${allOk?.pass === false ? ' FAIL' : ''}`,
          ];
        }),
      ),
      '',
    );
  }
  const measures: string[][] = [
    ...report.startup.map((s) => [s.label, s.check.value, s.check.target, verdictWord(s.check)]),
    ...report.memory.map((m) => [
      m.label,
      `${fmt(m.rssMb)} MB (peak ${fmt(m.peakMb)} MB)`,
      m.check ? `${m.check.target} at ${TARGETS.rssAtArticles.toLocaleString('en')} articles` : '',
      m.check ? verdictWord(m.check, dataSet.articles) : 'reported only',
    ]),
    ...report.rows.flatMap((r) => {
      const stored = r.checks.find((c) => c.name === 'every accepted comment is in the database');
      return r.accepted && stored ? [[`comments in the database after the posts (${r.accepted.articles.toLocaleString('en')} articles)`, stored.value, stored.target, verdictWord(stored)]] : [];
    }),
    ...report.detector.map((d) => [
      `link detector: ${d.label} (${d.runs.toLocaleString('en')} runs)`,
      `mean ${fmtMicros(d.meanUs)}, p99 ${fmtMicros(d.p99Us)}; ${d.linksPut > 0 ? `${d.linksFound} of ${d.linksPut}` : d.linksFound} link${d.linksFound === 1 && d.linksPut === 0 ? '' : 's'} found` +
        (d.findsCheck?.pass === false ? ' FAIL' : ''),
      d.check ? d.check.target : '',
      d.check ? verdictWord(d.check) : 'reported only',
    ]),
  ];
  if (measures.length > 0) out.push(table(['measure', 'value', 'target', 'result'], measures), '');
  const notes = report.rows.filter((r) => r.note).map((r) => `- ${r.label}: ${r.note}`);
  const wrkRows = report.rows.filter((r) => r.wrk);
  if (wrkRows.length > 0) {
    out.push(
      'The same targets measured with wrk (C, one thread, same URL lists), where autocannon is not the limit:',
      '',
      table(
        ['target', 'req/s', 'raw req/s', 'ratio to raw', 'non-2xx/3xx'],
        wrkRows.map((r) => [r.label, int(r.wrk!.requestsPerSec), int(r.wrk!.rawRequestsPerSec), fmt(r.wrk!.ratio, 3), String(r.wrk!.non2xx)]),
      ),
      '',
    );
  }
  if (notes.length > 0) out.push(...notes, '');
  const busy = report.machine.busyBeforeStart;
  if (busy !== undefined) out.push(`Other processes kept the CPUs ${(busy * 100).toFixed(0)}% busy in the second before the start.`);
  const thread = dataSet.commentThread;
  if (thread) {
    out.push(
      `Comment thread: ${thread.path} has ${thread.comments} approved comments, ${thread.topLevel} top-level and ` +
        `${thread.repliesByDepth.join(' / ')} replies at depth 1 / 2 / 3; its page shows the first ${thread.threadsShown} threads` +
        (thread.commentsShown !== null ? `, ${thread.commentsShown} comments in all` : '') +
        (thread.pageKb ? ` (≈ ${fmt(thread.pageKb)} KB)` : '') + '.',
    );
  }
  out.push(
    `Data set: ${dataSet.sections} sections, ${dataSet.authors} authors, ${dataSet.tags} tags; generated in ${fmt(dataSet.generationMs / 1000)} s; ` +
      `database ${fmt(dataSet.databaseMb)} MB` + (dataSet.articlePageKb ? `; article page ≈ ${fmt(dataSet.articlePageKb)} KB` : '') + '.',
  );
  return out.join('\n');
}

function verdictWord(check: Check, articles?: number): string {
  if (check.pass === null) return `n/a (${articles?.toLocaleString('en') ?? '?'} articles)`;
  return check.pass ? 'PASS' : 'FAIL';
}

export function formatSummary(report: Report): string {
  const targets = report.checks.filter((c) => c.kind !== 'validity');
  const applicable = targets.filter((c) => c.pass !== null);
  const failed = applicable.filter((c) => c.pass === false);
  const invalid = report.checks.filter((c) => c.kind === 'validity' && c.pass === false);
  const lines = [`Summary: ${applicable.length - failed.length} of ${applicable.length} targets pass.`];
  for (const c of applicable) lines.push(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.name}: ${c.value}`);
  for (const c of targets.filter((x) => x.pass === null)) {
    lines.push(`  n/a   ${c.name}: ${c.value} (reported only at ${report.dataSet.articles.toLocaleString('en')} articles)`);
  }
  if (invalid.length === 0) {
    const posts = report.rows.some((r) => r.accepted);
    lines.push(
      `Every response in every run (warm-ups included) was 2xx${posts ? ' (201 for the comment posts)' : ''}, with no connection errors` +
        `${posts ? '; every accepted comment is in the database' : ''}.`,
    );
  } else {
    lines.push('WARNING: some responses were not as expected, or failed; these rows do not measure what they name:');
    for (const c of invalid) lines.push(`  ${c.name.replace(/: every response (2xx|201)$/, '')}: ${c.value}`);
  }
  return lines.join('\n');
}
