import { describe, expect, it } from 'vitest';
import { RepeatReporter } from './repeat-reporter.js';

function reporter() {
  const lines: string[] = [];
  let now = 0;
  const r = new RepeatReporter((line) => lines.push(line), (line) => lines.push(`recovered: ${line}`), 60_000, () => now);
  return { r, lines, at: (ms: number) => (now = ms) };
}

describe('RepeatReporter', () => {
  it('reports the first failure at once and the repeats once a minute, with their count', () => {
    const { r, lines, at } = reporter();
    r.failed('Redis: connection refused');
    for (let s = 2; s < 60; s += 2) {
      at(s * 1000);
      r.failed('Redis: connection refused');
    }
    expect(lines).toEqual(['Redis: connection refused']);
    at(60_000);
    r.failed('Redis: connection refused');
    expect(lines).toEqual(['Redis: connection refused', 'Redis: connection refused (29 more times since the last report)']);
  });

  it('says once that the failure stopped, with the repeats not yet reported', () => {
    const { r, lines, at } = reporter();
    r.recovered('Redis answers again.');
    expect(lines).toEqual([]);
    r.failed('down');
    at(1000);
    r.failed('down');
    r.recovered('Redis answers again.');
    r.recovered('Redis answers again.');
    expect(lines).toEqual(['down', 'recovered: Redis answers again. (it failed 1 more time after the last report)']);
  });

  it('reports a new failure after a recovery at once', () => {
    const { r, lines, at } = reporter();
    r.failed('down');
    r.recovered('up');
    at(5000);
    r.failed('down again');
    expect(lines).toEqual(['down', 'recovered: up', 'down again']);
  });
});
