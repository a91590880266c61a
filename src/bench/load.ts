// Load runs with autocannon, in this process (the servers are child processes). Each request asks
// nextPath() for its URL, so a run can spread over the whole archive. Latencies are recorded from every
// response with sub-millisecond precision (autocannon's own histogram rounds to whole milliseconds).
// A measurement is several short rounds, so the real and the raw server can take turns (see bench.ts).
// Comment posts use nextPost() instead: each request gets its own path and JSON body.
import autocannon from 'autocannon';
import { readCpuMicros } from './processes.js';

interface RunOptions {
  baseUrl: string;
  seconds: number;
  connections: number;
}

/** A POST run: a JSON body to a path, new for every request, and each response's status and body. */
interface PostOptions {
  nextPost: () => { path: string; body: string };
  onResponse?: (status: number, body: string) => void;
}

/** GETs of nextPath(), or POSTs. */
export type LoadOptions = RunOptions & ({ nextPath: () => string } | PostOptions);

/** One autocannon run. */
export interface LoadRound {
  latencies: Float64Array;
  requests: number;
  seconds: number;
  bytes: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU time the server process used during the round, in µs (Linux only). */
  serverCpuMicros?: number;
}

/** Rounds of one server and target, taken together. */
export interface LoadResult {
  requestsPerSec: number;
  /** Requests per second of each round, to show how steady the machine was. */
  roundsPerSec: number[];
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
  requests: number;
  seconds: number;
  /** Mean bytes per response (headers and body). */
  bytesPerResponse: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /**
   * The server's CPU time per response, in µs, over every round (Linux only): steadier than req/s on
   * a busy machine, since it leaves out time the server spent waiting for a core.
   */
  cpuMicrosPerResponse?: number;
}

export function runLoad(options: LoadOptions): Promise<LoadRound> {
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  // GETs copy the request object autocannon hands in with only the path changed, as cheap as it gets:
  // for the raw server, the client is the limit.
  const request: autocannon.Request =
    'nextPost' in options
      ? {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (r) => ({ ...r, ...options.nextPost() }),
          ...(options.onResponse ? { onResponse: options.onResponse } : {}),
        }
      : { method: 'GET', setupRequest: (r) => ({ ...r, path: options.nextPath() }) };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
        requests: [request],
      },
      (error: unknown, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const statusCodes: Record<string, number> = {};
        for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count ?? 0;
        resolve({
          latencies: latencies.slice(0, count),
          requests: result.requests.total,
          seconds: result.duration,
          bytes: result.throughput.total,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = responseTime;
    });
  });
}

export function summarize(rounds: LoadRound[]): LoadResult {
  const total = rounds.reduce((n, r) => n + r.latencies.length, 0);
  const sorted = new Float64Array(total);
  let offset = 0;
  for (const r of rounds) {
    sorted.set(r.latencies, offset);
    offset += r.latencies.length;
  }
  sorted.sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  const statusCodes: Record<string, number> = {};
  for (const r of rounds) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  return {
    requestsPerSec: seconds > 0 ? requests / seconds : 0,
    roundsPerSec: rounds.map((r) => (r.seconds > 0 ? Math.round(r.requests / r.seconds) : 0)),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    meanMs: total > 0 ? sum / total : NaN,
    maxMs: total > 0 ? sorted[total - 1]! : NaN,
    requests,
    seconds,
    bytesPerResponse: requests > 0 ? rounds.reduce((n, r) => n + r.bytes, 0) / requests : 0,
    non2xx: rounds.reduce((n, r) => n + r.non2xx, 0),
    errors: rounds.reduce((n, r) => n + r.errors, 0),
    timeouts: rounds.reduce((n, r) => n + r.timeouts, 0),
    statusCodes,
    cpuMicrosPerResponse: rounds.every((r) => r.serverCpuMicros !== undefined) && requests > 0
      ? rounds.reduce((n, r) => n + r.serverCpuMicros!, 0) / requests
      : undefined,
  };
}

/** One load run with the server's CPU time over it (where /proc tells). */
export async function runLoadOn(pid: number, options: LoadOptions): Promise<LoadRound> {
  const before = readCpuMicros(pid);
  const round = await runLoad(options);
  const after = readCpuMicros(pid);
  return before !== undefined && after !== undefined ? { ...round, serverCpuMicros: after - before } : round;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}
