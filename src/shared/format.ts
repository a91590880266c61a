// Dates as readers see them, in the site's time zone (SITE_TIMEZONE). Intl formatters are costly to
// create and to call, so each is built once per time zone and remembers what it formatted.

export interface DateFormats {
  /** "26 November 2026" */
  date(date: Date): string;
  /** "26 November 2026 at 14:05 UTC" */
  dateTime(date: Date): string;
  /** "2026-11-26", the calendar day in the site's time zone */
  isoDay(date: Date): string;
}

function memoised(format: Intl.DateTimeFormat, resolutionMs: number): (date: Date) => string {
  const seen = new Map<number, string>();
  return (date) => {
    const key = Math.floor(date.getTime() / resolutionMs);
    let text = seen.get(key);
    if (text === undefined) {
      if (seen.size >= 10_000) seen.clear();
      text = format.format(date);
      seen.set(key, text);
    }
    return text;
  };
}

const byZone = new Map<string, DateFormats>();

export function dateFormats(timeZone: string): DateFormats {
  let formats = byZone.get(timeZone);
  if (!formats) {
    formats = {
      date: memoised(new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone }), 60_000),
      dateTime: memoised(
        new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }),
        60_000,
      ),
      // en-CA writes dates as YYYY-MM-DD.
      isoDay: memoised(new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }), 60_000),
    };
    byZone.set(timeZone, formats);
  }
  return formats;
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

/** "5 minutes ago", "3 hours ago", "yesterday", or the date. */
export function formatRelative(date: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return utc.date(date);
}
