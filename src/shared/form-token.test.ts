import { expect, test } from 'vitest';
import { checkFormToken, issueFormToken } from './form-token.js';

const secret = 'a-secret-for-tests-only-0123456789';
const shown = new Date('2026-11-26T12:00:00Z');
const token = issueFormToken(shown, secret);
const later = (ms: number) => new Date(shown.getTime() + ms);

test.each([
  [token, later(5_000), 'ok'],
  [token, later(1_000), 'too_fast'],
  [token, later(8 * 86_400_000), 'expired'],
  [token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), later(5_000), 'invalid'],
  [issueFormToken(shown, 'another-secret-another-secret-0000'), later(5_000), 'invalid'],
  ['', later(5_000), 'invalid'],
  ['zzzzzzzzzzzzzzzzz.abc', later(5_000), 'invalid'],
  [undefined, later(5_000), 'invalid'],
])('token %s checked at %s is %s', (t, at, verdict) => {
  expect(checkFormToken(t, at, secret, 3)).toBe(verdict);
});
