import { describe, expect, test } from 'vitest';
import { cgroupCpuLimit, usableCpus } from './cpus.js';

/** A file system holding only the given files. */
const files = (contents: Record<string, string>) => (path: string) => contents[path] ?? null;

describe('the CPUs a container may use', () => {
  test.each([
    [{ '/sys/fs/cgroup/cpu.max': 'max 100000\n' }, null],
    [{ '/sys/fs/cgroup/cpu.max': '200000 100000\n' }, 2],
    [{ '/sys/fs/cgroup/cpu.max': '150000 100000\n' }, 2],
    [{ '/sys/fs/cgroup/cpu.max': '50000 100000\n' }, 1],
    [{ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' }, null],
    [{ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '400000\n', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' }, 4],
    [{ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': 'garbage', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000' }, null],
    [{}, null],
  ])('%o allows %s', (contents, cpus) => {
    expect(cgroupCpuLimit(files(contents))).toBe(cpus);
  });

  test('WORKERS=auto starts one process per core, no more than the quota allows', () => {
    expect(usableCpus(files({}), 8)).toBe(8);
    expect(usableCpus(files({ '/sys/fs/cgroup/cpu.max': '200000 100000' }), 32)).toBe(2);
    expect(usableCpus(files({ '/sys/fs/cgroup/cpu.max': '800000 100000' }), 4)).toBe(4);
  });
});
