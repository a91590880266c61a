// A signed "form shown at" time. The comment form carries one, so a post that comes back sooner than a
// person could type is recognised, and a form older than a week is asked to be sent again.
import { signatureOf, signaturesMatch } from './signature.js';

const MAX_AGE_MS = 7 * 86_400_000;

function sign(ms: number, secret: string): string {
  return signatureOf(secret, `form:${ms}`, 'base64url', 22);
}

export function issueFormToken(now: Date, secret: string): string {
  const ms = now.getTime();
  return `${ms.toString(36)}.${sign(ms, secret)}`;
}

export type FormTokenVerdict = 'ok' | 'too_fast' | 'expired' | 'invalid';

export function checkFormToken(token: string | undefined, now: Date, secret: string, minSeconds: number): FormTokenVerdict {
  if (!token) return 'invalid';
  const [time, signature] = token.split('.');
  if (!time || !signature || !/^[0-9a-z]{1,12}$/.test(time)) return 'invalid';
  const ms = parseInt(time, 36);
  if (!signaturesMatch(sign(ms, secret), signature)) return 'invalid';
  const age = now.getTime() - ms;
  if (age > MAX_AGE_MS) return 'expired';
  if (age < minSeconds * 1000) return 'too_fast';
  return 'ok';
}
