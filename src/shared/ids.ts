// Prefixed, time-ordered identifiers: "art_" + 10 characters of time + 12 of randomness (Crockford base 32).
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export type IdPrefix = 'art' | 'sec' | 'aut' | 'tag' | 'cmt' | 'usr';

export function newId(prefix: IdPrefix, at: Date = new Date()): string {
  let time = at.getTime();
  let timePart = '';
  for (let i = 0; i < 10; i++) {
    timePart = ALPHABET[time % 32] + timePart;
    time = Math.floor(time / 32);
  }
  const bytes = randomBytes(12);
  let randomPart = '';
  for (const byte of bytes) randomPart += ALPHABET[byte % 32];
  return `${prefix}_${timePart}${randomPart}`;
}

/** The largest id the database gives a numbered row (comments, moderation log entries): PostgreSQL's integer. */
export const MAX_ROW_NUMBER = 2_147_483_647;

/**
 * Whether a number from a request could be such an id. Anything else is not looked up: PostgreSQL
 * refuses an integer past its range, which would otherwise turn "/comments/99999999999" into a 500.
 */
export function couldBeRowNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_ROW_NUMBER;
}
