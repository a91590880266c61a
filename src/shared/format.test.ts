import { expect, test } from 'vitest';
import { formatDate, formatDateTime, formatRelative } from './format.js';

const now = new Date('2026-11-26T12:00:00Z');

test.each([
  ['2026-11-26T11:59:30Z', 'just now'],
  ['2026-11-26T11:59:00Z', '1 minute ago'],
  ['2026-11-26T11:15:00Z', '45 minutes ago'],
  ['2026-11-26T09:00:00Z', '3 hours ago'],
  ['2026-11-25T10:00:00Z', 'yesterday'],
  ['2026-11-22T12:00:00Z', '4 days ago'],
  ['2026-11-01T12:00:00Z', '1 November 2026'],
])('%s reads as "%s"', (at, text) => {
  expect(formatRelative(new Date(at), now)).toBe(text);
});

test('dates are written out in full, in UTC', () => {
  expect(formatDate(now)).toBe('26 November 2026');
  expect(formatDateTime(new Date('2026-11-26T09:05:00Z'))).toBe('26 November 2026 at 09:05 UTC');
});
