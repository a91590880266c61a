// Portable column types shared by migrations.

/**
 * Timestamps are stored as fixed-width ISO-8601 UTC text ("2026-11-26T14:05:00.000Z") on both dialects:
 * they sort correctly as text, compare with parameters as text, and read back identically everywhere.
 */
export function timestamp(): 'text' {
  return 'text';
}
