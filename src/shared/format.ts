// Dates and numbers as readers see them. Formatters are built once: Intl objects are costly to create.
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short',
});

/** Intl formatting costs microseconds per call; pages show the same times again and again. */
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

export const formatDate = memoised(dateFormat, 60_000);
export const formatDateTime = memoised(dateTimeFormat, 60_000);


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
  return formatDate(date);
}
