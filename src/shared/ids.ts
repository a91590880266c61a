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
