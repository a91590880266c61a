// A publication time as a writer types it in front matter: "2026-12-07", "2026-12-07 14:30",
// "2026-12-07T14:30:00Z", "2026-12-07T14:30+02:00". Without a zone it is the newsroom's own time
// (SITE_TIMEZONE), not UTC and not the server's zone: "14:30" in Kyiv is 12:30 UTC in winter.

const WRITTEN_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** The moment a written time stands for, or null when it is not written in one of the forms above. */
export function parseWrittenTime(text: string, timeZone: string): Date | null {
  const m = WRITTEN_TIME.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour = 0, minute = 0, second = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((v) => (v === undefined ? undefined : Number(v)));
  const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year!, month! - 1, day!, hour, minute, second, ms);
  if (new Date(wall).getUTCDate() !== day) return null; // 31 April, 30 February
  const zone = m[8];
  if (zone) return new Date(wall - zoneOffsetMs(zone));
  // The zone's offset at that wall time; asked twice, so that a time just after a clock change is right.
  const first = wall - offsetInZone(wall, timeZone);
  const offset = offsetInZone(first, timeZone);
  return new Date(wall - offset);
}

/** "Z", "+02:00", "-0530", "+02": the offset from UTC in milliseconds. */
function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return (zone[0] === '-' ? -1 : 1) * minutes * 60_000;
}

const numericFormats = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's clocks are ahead of UTC at a moment, in milliseconds (to the second). */
export function offsetInZone(ms: number, timeZone: string): number {
  let format = numericFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23', timeZone });
    numericFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - Math.floor(ms / 1000) * 1000;
}
