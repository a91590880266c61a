import { describe, expect, test } from 'vitest';
import { parseWrittenTime } from './wall-time.js';

describe('a publication time as a writer types it', () => {
  test.each([
    ['2026-12-07T14:30:00Z', 'Europe/Kyiv', '2026-12-07T14:30:00.000Z'],
    ['2026-12-07T14:30:00+02:00', 'UTC', '2026-12-07T12:30:00.000Z'],
    ['2026-12-07T14:30-0530', 'UTC', '2026-12-07T20:00:00.000Z'],
    ['2026-12-07 14:30', 'Europe/Kyiv', '2026-12-07T12:30:00.000Z'],
    ['2026-07-07 14:30', 'Europe/Kyiv', '2026-07-07T11:30:00.000Z'],
    ['2026-12-07 14:30', 'UTC', '2026-12-07T14:30:00.000Z'],
    ['2026-12-07 09:15', 'America/New_York', '2026-12-07T14:15:00.000Z'],
    ['2026-12-07', 'Europe/Kyiv', '2026-12-06T22:00:00.000Z'],
    ['2026-12-07T14:30:05.250Z', 'UTC', '2026-12-07T14:30:05.250Z'],
    // the hour after the clocks went forward in Kyiv (29 March 2026, 03:00 → 04:00)
    ['2026-03-29 05:00', 'Europe/Kyiv', '2026-03-29T02:00:00.000Z'],
    ['2026-03-29 01:00', 'Europe/Kyiv', '2026-03-28T23:00:00.000Z'],
  ])('%s in %s is %s', (text, zone, iso) => {
    expect(parseWrittenTime(text, zone)?.toISOString()).toBe(iso);
  });

  test.each(['someday', '7 December 2026', '2026-13-01', '2026-02-30', '2026-12-07 25:00', '2026-12-07T14:30:00Q', ''])('%j is not one', (text) => {
    expect(parseWrittenTime(text, 'UTC')).toBeNull();
  });
});
