import { describe, expect, test } from 'vitest';
import { cpuMicrosFromStat } from './processes.js';

describe('CPU time of a process, from /proc/PID/stat', () => {
  test('adds user and system time, in µs', () => {
    const stat = '4242 (node) S 1 4242 4242 0 -1 4194560 9000 0 0 0 1234 56 0 0 20 0 11 0 500 1000000 20000 18446744073709551615';
    expect(cpuMicrosFromStat(stat)).toBe((1234 + 56) * 10_000);
  });

  test('a name with spaces and parentheses does not shift the fields', () => {
    const stat = '77 (my (odd) name) R 1 77 77 0 -1 4194560 10 0 0 0 300 20 0 0 20 0 1 0 9 1 1 1';
    expect(cpuMicrosFromStat(stat)).toBe(320 * 10_000);
  });

  test('text that is not a stat line gives nothing', () => {
    expect(cpuMicrosFromStat('nonsense')).toBeUndefined();
  });
});
