// Targets from the product issue, the checks against them, and the printed tables (Markdown, so a run's
// output can be pasted into docs/benchmarks.md as it is).
import type { LoadResult } from './load.js';

export type TargetId = 'article' | 'home' | 'section' | 'cached' | 'cached-hot';

export const TARGETS = {
  articleRatio: 0.35,
  cachedRatio: 0.85,
  p99Ms: 25,
  startupMs: 1500,
  rssMb: 150,
  /** The memory target is set for an archive of this size. */
  rssAtArticles: 100_000,
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
  raw: LoadResult;
  /** Both servers measured again with wrk (--wrk). */
  wrk?: WrkComparison;
  /** Non-2xx responses and errors in the warm-ups, which are not part of real/raw. */
  warmupProblems: { non2xx: number; errors: number };
  ratio: number;
  checks: Check[];
  note?: string;
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
  options: { articles: number; duration: number; warmup: number; connections: number; rounds: number; only: TargetId[]; wrk: boolean };
  dataSet: { articles: number; sections: number; authors: number; tags: number; generationMs: number; databaseMb: number; articlePageKb: number | null };
  rows: TargetRow[];
  startup: StartupResult[];
  memory: MemoryResult[];
  checks: Check[];
}

export function ratioCheck(id: TargetId, ratio: number): Check | null {
  if (id === 'article') return { name: 'article page ≥ 0.35 of raw', target: `≥ ${TARGETS.articleRatio}`, value: ratio.toFixed(3), pass: ratio >= TARGETS.articleRatio };
  if (id === 'cached') return { name: 'article page with page cache ≥ 0.85 of raw', target: `≥ ${TARGETS.cachedRatio}`, value: ratio.toFixed(3), pass: ratio >= TARGETS.cachedRatio };
  return null;
}

export function p99Check(label: string, p99Ms: number): Check {
  return { name: `${label}: p99 < ${TARGETS.p99Ms} ms`, target: `< ${TARGETS.p99Ms} ms`, value: `${p99Ms.toFixed(1)} ms`, pass: p99Ms < TARGETS.p99Ms };
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
      `${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}, SQLite ${report.machine.sqlite}`,
    '',
  );
  if (report.rows.length > 0) {
    out.push(
      table(
        ['target', 'req/s', 'p50 ms', 'p99 ms', 'raw req/s', 'ratio to raw', 'non-2xx / errors'],
        report.rows.map((r) => {
          const ratio = r.checks.find((c) => c.name.includes('of raw'));
          const p99 = r.checks.find((c) => c.name.includes('p99'));
          const all2xx = r.checks.find((c) => c.name.includes('2xx'));
          return [
            r.label,
            int(r.real.requestsPerSec),
            fmt(r.real.p50Ms),
            `${fmt(r.real.p99Ms)}${verdict(p99)}`,
            int(r.raw.requestsPerSec),
            `${fmt(r.ratio, 3)}${verdict(ratio)}`,
            `${r.real.non2xx} / ${r.real.errors}${all2xx?.pass === false ? ' FAIL' : ''}`,
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
    lines.push('Every response in every run (warm-ups included) was 2xx, with no connection errors.');
  } else {
    lines.push('WARNING: some responses were not 2xx, or failed; these rows do not measure the page they name:');
    for (const c of invalid) lines.push(`  ${c.name.replace(/: every response 2xx$/, '')}: ${c.value}`);
  }
  return lines.join('\n');
}
