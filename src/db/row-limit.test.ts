import { describe, expect, test } from 'vitest';
import { perLimit, rowLimit } from './row-limit.js';

describe('row limits written into the SQL text', () => {
  test.each([0, 1, 20, 51, 100_000])('%i is written as it is', (n) => {
    expect(rowLimit(n)).toBe(String(n));
  });

  test.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 100_001, '20; drop table articles' as unknown as number, '20' as unknown as number])(
    '%s is refused, so nothing but a whole number in range reaches the SQL',
    (n) => {
      expect(() => rowLimit(n)).toThrow(RangeError);
    },
  );

  test('each limit gets one query, made on first use and kept', () => {
    const made: number[] = [];
    const queryFor = perLimit((limit) => {
      made.push(limit);
      return { limit };
    });
    const first = queryFor(20);
    expect(queryFor(20)).toBe(first);
    expect(queryFor(51).limit).toBe(51);
    expect(made).toEqual([20, 51]);
    expect(() => queryFor(-3)).toThrow(RangeError);
  });
});
