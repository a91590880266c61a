import { expect, test } from 'vitest';
import { mostRecent } from './clock.js';

test('the most recent of some times, skipping missing ones; none for none', () => {
  const a = new Date('2026-11-26T10:00:00Z');
  const b = new Date('2026-11-26T12:00:00Z');
  expect(mostRecent([a, undefined, b])).toBe(b);
  expect(mostRecent([b, a])).toBe(b);
  expect(mostRecent([undefined])).toBeUndefined();
  expect(mostRecent([])).toBeUndefined();
});
