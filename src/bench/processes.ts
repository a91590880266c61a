// Child processes of the benchmark (the real server and the raw baseline), and the small HTTP and /proc
// helpers around them. Every child is tracked by PID so it can be stopped on exit, also after Ctrl-C.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';

export interface StartedChild {
  name: string;
  pid: number;
  process: ChildProcess;
  /** The last lines the child wrote to stdout and stderr. */
  output: string[];
  /** Set once the child has exited. */
  exitCode: number | null | undefined;
  exited: Promise<void>;
}

const OUTPUT_LINES = 200;

export class Children {
  private readonly running = new Map<number, StartedChild>();

  start(name: string, command: string, args: string[], env: Record<string, string>): StartedChild {
    const proc = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    // A command that cannot be started reports it here (asynchronously) as well as through the missing pid.
    proc.on('error', () => undefined);
    if (proc.pid === undefined) throw new Error(`Could not start ${name} (${command} ${args.join(' ')}).`);
    const output: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) output.push(line);
      if (output.length > OUTPUT_LINES) output.splice(0, output.length - OUTPUT_LINES);
    };
    proc.stdout?.on('data', collect);
    proc.stderr?.on('data', collect);
    const child: StartedChild = {
      name,
      pid: proc.pid,
      process: proc,
      output,
      exitCode: undefined,
      exited: new Promise((resolve) => {
        proc.once('exit', (code, signal) => {
          child.exitCode = code ?? (signal ? null : 0);
          this.running.delete(proc.pid!);
          resolve();
        });
      }),
    };
    this.running.set(proc.pid, child);
    return child;
  }

  /** SIGTERM, then SIGKILL if the child is still there after a few seconds. */
  async stop(child: StartedChild, graceMs = 5000): Promise<void> {
    if (child.exitCode !== undefined) return;
    signal(child.pid, 'SIGTERM');
    const timer = setTimeout(() => signal(child.pid, 'SIGKILL'), graceMs);
    await child.exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.values()].map((c) => this.stop(c)));
  }

  /** Last resort from a synchronous 'exit' handler: kill whatever is left, by PID. */
  killAllNow(): void {
    for (const pid of this.running.keys()) signal(pid, 'SIGKILL');
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One GET on a fresh connection, without Accept-Encoding (as autocannon sends it), body as raw bytes. */
export function httpGet(url: string, timeoutMs = 10_000): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `url` every `intervalMs` until it answers 2xx; returns the milliseconds since `since`
 * (performance.now() taken just before the spawn). Fails if the child exits or `timeoutMs` passes.
 */
export async function waitUntilServing(child: StartedChild, url: string, since: number, intervalMs = 10, timeoutMs = 30_000): Promise<number> {
  while (performance.now() - since < timeoutMs) {
    if (child.exitCode !== undefined) {
      throw new Error(`${child.name} exited with code ${child.exitCode} before answering ${url}.\n${child.output.slice(-20).join('\n')}`);
    }
    try {
      const res = await httpGet(url, 1000);
      if (res.status >= 200 && res.status < 300) return performance.now() - since;
    } catch {
      // Not listening yet.
    }
    await sleep(intervalMs);
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs / 1000} s.\n${child.output.slice(-20).join('\n')}`);
}

export interface Memory {
  /** Resident set size now, MB. */
  rssMb: number;
  /** Peak resident set size, MB. */
  peakMb: number;
}

/** VmRSS and VmHWM from /proc/PID/status (Linux); undefined elsewhere. */
export function readMemory(pid: number): Memory | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ, the same on every mainstream kernel). */
const MICROS_PER_TICK = 10_000;

/**
 * CPU time (user and system, all threads) a process has used, in µs, from the text of /proc/PID/stat.
 * The process name may hold spaces and parentheses, so fields are counted from the last ")".
 */
export function cpuMicrosFromStat(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state (3rd field of the line) … utime (14th) and stime (15th).
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * MICROS_PER_TICK : undefined;
}

/** CPU time a process and its children (the workers, with WORKERS > 1) have used so far, in µs (Linux); undefined elsewhere. */
export function readCpuMicros(pid: number): number | undefined {
  try {
    let micros = cpuMicrosFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
      const own = cpuMicrosFromStat(readFileSync(`/proc/${child}/stat`, 'utf8'));
      micros = micros === undefined || own === undefined ? undefined : micros + own;
    }
    return micros;
  } catch {
    return undefined;
  }
}

/** Share of CPU time (all cores) spent busy over `ms`, from /proc/stat; undefined where there is none. */
export async function cpuBusyShare(ms = 1000): Promise<number | undefined> {
  const read = (): { idle: number; total: number } | undefined => {
    try {
      const fields = /^cpu\s+(.+)$/m.exec(readFileSync('/proc/stat', 'utf8'))![1]!.trim().split(/\s+/).map(Number);
      // user nice system idle iowait irq softirq steal …: idle and iowait count as not busy.
      return { idle: fields[3]! + (fields[4] ?? 0), total: fields.slice(0, 8).reduce((a, b) => a + b, 0) };
    } catch {
      return undefined;
    }
  };
  const before = read();
  await sleep(ms);
  const after = read();
  if (!before || !after || after.total === before.total) return undefined;
  return 1 - (after.idle - before.idle) / (after.total - before.total);
}

