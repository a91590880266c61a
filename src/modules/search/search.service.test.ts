import { describe, expect, test } from 'vitest';
import { progressInTenths } from './search.service.js';

describe('progress of indexing while serving', () => {
  test('a line each time another tenth is done, none at the end and none twice', () => {
    const lines: string[] = [];
    const report = progressInTenths((line) => lines.push(line), 100);
    for (let done = 10; done <= 1000; done += 10) report(done, 1000);
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe('100 of 1000 article(s) (10%)');
    expect(lines.at(-1)).toBe('900 of 1000 article(s) (90%)');
  });

  test('batches larger than a tenth skip the tenths they jump over', () => {
    const lines: string[] = [];
    const report = progressInTenths((line) => lines.push(line), 100);
    for (const done of [250, 500, 750, 1000]) report(done, 1000);
    expect(lines).toEqual(['250 of 1000 article(s) (20%)', '500 of 1000 article(s) (50%)', '750 of 1000 article(s) (70%)']);
  });

  test('a short run says nothing until it ends', () => {
    const lines: string[] = [];
    const report = progressInTenths((line) => lines.push(line), 100);
    for (let done = 10; done <= 90; done += 10) report(done, 90);
    expect(lines).toEqual([]);
  });
});
