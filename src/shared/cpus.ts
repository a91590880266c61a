// How many processes WORKERS=auto should start: the cores this process may run on, and no more than a
// container's CPU quota allows. A container started with `--cpus=2` on a 32-core host sees all 32 cores
// (os.availableParallelism() counts them), but the kernel lets it use two; 32 workers there would each
// take their memory for a sixteenth of a core.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

type ReadFile = (path: string) => string | null;

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The CPUs a cgroup quota allows, rounded up (cgroup v2's cpu.max, else v1's CFS quota), or null when none is set. */
export function cgroupCpuLimit(read: ReadFile = readOrNull): number | null {
  const v2 = read('/sys/fs/cgroup/cpu.max');
  if (v2 !== null) {
    const [quota, period] = v2.trim().split(/\s+/);
    return quotaCpus(quota, period);
  }
  return quotaCpus(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')?.trim(), read('/sys/fs/cgroup/cpu/cpu.cfs_period_us')?.trim());
}

function quotaCpus(quota: string | undefined, period: string | undefined): number | null {
  const q = Number(quota);
  const p = Number(period);
  // "max" (v2) or -1 (v1): no quota.
  if (!Number.isFinite(q) || !Number.isFinite(p) || q <= 0 || p <= 0) return null;
  return Math.max(1, Math.ceil(q / p));
}

/** The processes worth starting for WORKERS=auto. */
export function usableCpus(read: ReadFile = readOrNull, cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores, cgroupCpuLimit(read) ?? cores));
}
