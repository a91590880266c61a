import { expect, test } from 'vitest';
import { dateFormats, formatRelative, isoTime, isTimeZone } from './format.js';

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

test.each(['UTC', 'Europe/Kyiv', 'Europe/London', 'America/New_York', 'America/St_Johns', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Sao_Paulo'])(
  'in %s every date reads exactly as Intl writes it, on the days clocks change too',
  (timeZone) => {
    const formats = dateFormats(timeZone);
    const intlDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone });
    const intlDateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
    const intlIsoDay = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
    // Every 37 minutes and 11 seconds for four years, from 2023: every hour of the day and every change of clocks.
    const different: string[] = [];
    for (let ms = Date.UTC(2023, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 37 * 60_000 + 11_000) {
      const date = new Date(ms);
      const ours = `${formats.date(date)} | ${formats.dateTime(date)} | ${formats.isoDay(date)}`;
      const intl = `${intlDate.format(date)} | ${intlDateTime.format(date)} | ${intlIsoDay.format(date)}`;
      if (ours !== intl) different.push(`${date.toISOString()}: ${ours} ≠ ${intl}`);
    }
    expect(different.slice(0, 5)).toEqual([]);
  },
);

test('isoTime() writes exactly what toISOString() does, before 1970, across years and at every millisecond boundary', () => {
  const samples = [0, -1, 1, 999, 1000, 86_399_999, 86_400_000, -86_400_001, Date.UTC(2026, 10, 26, 23, 59, 59, 999), Date.UTC(1899, 11, 31, 12, 0, 0, 5), Date.UTC(10_500, 0, 1), Date.UTC(-50, 5, 1, 1, 2, 3, 40)];
  let x = 123_456_789;
  for (let i = 0; i < 5000; i++) {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    samples.push((x - 1_073_741_824) * 3_000 + (i % 1000));
  }
  for (const ms of samples) expect(isoTime(new Date(ms)), String(ms)).toBe(new Date(ms).toISOString());
});
