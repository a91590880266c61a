import { expect, test } from 'vitest';
import { dateFormats, formatRelative, isTimeZone } from './format.js';

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

test('dates are written out in full, in the site\'s time zone', () => {
  expect(dateFormats('UTC').date(now)).toBe('26 November 2026');
  expect(dateFormats('UTC').dateTime(new Date('2026-11-26T09:05:00Z'))).toBe('26 November 2026 at 09:05 UTC');
  expect(dateFormats('Europe/Kyiv').dateTime(new Date('2026-11-26T22:30:00Z'))).toMatch(/^27 November 2026 at 00:30 (EET|GMT\+2)$/);
  expect(dateFormats('America/New_York').date(new Date('2026-11-27T02:00:00Z'))).toBe('26 November 2026');
  expect(dateFormats('Europe/Kyiv').isoDay(new Date('2026-11-26T22:30:00Z'))).toBe('2026-11-27');
});

test('time zones are checked by name', () => {
  expect(isTimeZone('Europe/Kyiv')).toBe(true);
  expect(isTimeZone('Mars/Olympus')).toBe(false);
});
