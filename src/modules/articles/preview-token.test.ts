import { describe, expect, test } from 'vitest';
import { newId } from '../../shared/ids.js';
import { previewToken, readPreviewToken } from './preview-token.js';

const SECRET = 'preview-secret-preview-secret-preview!';
const now = new Date('2026-12-07T12:00:00Z');
const inTwoDays = new Date('2026-12-09T12:00:00Z');
const id = newId('art', now);

describe('preview links', () => {
  test('open the article they were made for until they expire', () => {
    const token = previewToken(SECRET, id, inTwoDays);
    expect(token).toMatch(/^art_[0-9a-z]+\.[0-9a-z]+\.[0-9a-f]{32}$/);
    expect(readPreviewToken(SECRET, token, now)).toBe(id);
    expect(readPreviewToken(SECRET, token, new Date('2026-12-09T11:59:58Z'))).toBe(id);
    expect(readPreviewToken(SECRET, token, inTwoDays)).toBeNull();
  });

  test.each([
    ['another article', (t: string) => t.replace(id, newId('art', now))],
    ['a later expiry', (t: string) => { const [a, e, s] = t.split('.'); return `${a}.${(parseInt(e!, 36) + 86_400).toString(36)}.${s}`; }],
    ['a changed signature', (t: string) => t.slice(0, -1) + (t.endsWith('a') ? 'b' : 'a')],
    ['a cut signature', (t: string) => t.slice(0, -2)],
    ['no signature', (t: string) => t.split('.').slice(0, 2).join('.')],
    ['an extra part', (t: string) => `${t}.x`],
    ['not a token at all', () => 'hello'],
    ['an empty string', () => ''],
    ['an id of another shape', (t: string) => t.replace(id, '../../etc')],
  ])('refuse %s', (_name, alter) => {
    expect(readPreviewToken(SECRET, alter(previewToken(SECRET, id, inTwoDays)), now)).toBeNull();
  });

  test('made with another secret (another site, or a new secret) open nothing', () => {
    expect(readPreviewToken(SECRET, previewToken('another-secret-another-secret-another', id, inTwoDays), now)).toBeNull();
  });
});
