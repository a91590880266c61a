// Dates as readers see them, in the site's time zone (SITE_TIMEZONE). Intl formatters are costly to
// create and to call (a few microseconds a date, and a page of an archive shows dozens of different
// dates), so Intl is asked once per day: for the zone's offset from UTC and the zone's short name. A
// day on which these do not change (every day but the two a year when clocks change) is then written
// out by arithmetic, exactly as Intl would write it; the other days are left to Intl.

import { offsetInZone } from './wall-time.js';

export interface DateFormats {
  /** "26 November 2026" */
  date(date: Date): string;
  /** "26 November 2026 at 14:05 UTC" */
  dateTime(date: Date): string;
  /** "2026-11-26", the calendar day in the site's time zone */
  isoDay(date: Date): string;
}

const DAY_MS = 86_400_000;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** What a UTC day looks like in the zone: null when the offset or the zone's name changes during it. */
type DayInZone = { offsetMs: number; zoneName: string } | null;

function memoised(format: (date: Date) => string, resolutionMs: number): (date: Date) => string {
  const seen = new Map<number, string>();
  return (date) => {
    const key = Math.floor(date.getTime() / resolutionMs);
    let text = seen.get(key);
    if (text === undefined) {
      if (seen.size >= 10_000) seen.clear();
      text = format(date);
      seen.set(key, text);
    }
    return text;
  };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function createFormats(timeZone: string): DateFormats {
  const intlDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone });
  const intlDateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
  // en-CA writes dates as YYYY-MM-DD.
  const intlIsoDay = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });

  const at = (ms: number) => {
    const offsetMs = offsetInZone(ms, timeZone);
    const zoneName = intlDateTime.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
    return { offsetMs, zoneName };
  };
  const days = new Map<number, DayInZone>();
  const dayOf = (ms: number): DayInZone => {
    const day = Math.floor(ms / DAY_MS);
    let known = days.get(day);
    if (known === undefined) {
      if (days.size >= 20_000) days.clear();
      const start = at(day * DAY_MS);
      const end = at(day * DAY_MS + DAY_MS - 1000);
      known = start.offsetMs === end.offsetMs && start.zoneName === end.zoneName ? start : null;
      days.set(day, known);
    }
    return known;
  };

  const intlDateMemo = memoised((d) => intlDate.format(d), 60_000);
  const intlDateTimeMemo = memoised((d) => intlDateTime.format(d), 60_000);
  const intlIsoDayMemo = memoised((d) => intlIsoDay.format(d), 60_000);

  return {
    date(date) {
      const zone = dayOf(date.getTime());
      if (!zone) return intlDateMemo(date);
      const local = new Date(date.getTime() + zone.offsetMs);
      return `${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()}`;
    },
    dateTime(date) {
      const zone = dayOf(date.getTime());
      if (!zone) return intlDateTimeMemo(date);
      const local = new Date(date.getTime() + zone.offsetMs);
      return `${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} at ${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())} ${zone.zoneName}`;
    },
    isoDay(date) {
      const zone = dayOf(date.getTime());
      if (!zone) return intlIsoDayMemo(date);
      const local = new Date(date.getTime() + zone.offsetMs);
      return `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`;
    },
  };
}

const byZone = new Map<string, DateFormats>();

export function dateFormats(timeZone: string): DateFormats {
  let formats = byZone.get(timeZone);
  if (!formats) {
    formats = createFormats(timeZone);
    byZone.set(timeZone, formats);
  }
  return formats;
}

/** The UTC calendar days seen so far, as toISOString() writes them ("2026-11-26T"). */
const isoDayPrefixes = new Map<number, string>();

/**
 * Exactly what date.toISOString() returns, about five times faster: a page of comments or an archive
 * writes dozens of machine-readable times. The day is written once per UTC day, the time by arithmetic.
 */
export function isoTime(date: Date): string {
  const ms = date.getTime();
  const day = Math.floor(ms / DAY_MS);
  let prefix = isoDayPrefixes.get(day);
  if (prefix === undefined) {
    if (isoDayPrefixes.size >= 20_000) isoDayPrefixes.clear();
    const iso = date.toISOString();
    prefix = iso.slice(0, iso.indexOf('T') + 1);
    isoDayPrefixes.set(day, prefix);
  }
  const t = ms - day * DAY_MS;
  const milli = t % 1000;
  return `${prefix}${pad2(Math.floor(t / 3_600_000))}:${pad2(Math.floor(t / 60_000) % 60)}:${pad2(Math.floor(t / 1000) % 60)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/** Whether Intl knows the time zone (an IANA name such as Europe/Kyiv). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const utc = dateFormats('UTC');

/** "1 minute", "15 minutes". */
export function countOf(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** A wait as a reader is told it: "40 seconds", "3 minutes" (rounded up). */
export function describeWait(seconds: number): string {
  return seconds < 60 ? countOf(seconds, 'second') : countOf(Math.ceil(seconds / 60), 'minute');
}

/** "5 minutes ago", "3 hours ago", "yesterday", or the date. */
export function formatRelative(date: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${countOf(minutes, 'minute')} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${countOf(hours, 'hour')} ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return utc.date(date);
}
