// Values the site signs with its secret so that what comes back can be trusted without a table: the
// comment form's "shown at" time (form-token.ts) and preview links (modules/articles/preview-token.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** An HMAC-SHA256 of `message` under `secret`, written in `encoding` and cut to `length` characters. */
export function signatureOf(secret: string, message: string, encoding: 'hex' | 'base64url', length: number): string {
  return createHmac('sha256', secret).update(message).digest(encoding).slice(0, length);
}

/** Whether a signature sent back is the one expected, compared in constant time. */
export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
