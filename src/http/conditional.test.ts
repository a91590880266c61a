import { expect, test } from 'vitest';
import { etagOf, isNotModified } from './conditional.js';

const etag = etagOf(Buffer.from('<html>hello</html>'));
const lastModified = 'Thu, 26 Nov 2026 12:00:00 GMT';

test('the same body always has the same weak ETag, a different body another', () => {
  expect(etag).toMatch(/^W\/"[\w-]{22}"$/);
  expect(etagOf(Buffer.from('<html>hello</html>'))).toBe(etag);
  expect(etagOf(Buffer.from('<html>hello!</html>'))).not.toBe(etag);
});

test.each([
  [{ 'if-none-match': etag }, true],
  [{ 'if-none-match': etag.slice(2) }, true],
  [{ 'if-none-match': `"other", ${etag}` }, true],
  [{ 'if-none-match': '"other"' }, false],
  [{ 'if-none-match': '*' }, true],
  [{ 'if-modified-since': lastModified }, true],
  [{ 'if-modified-since': 'Thu, 26 Nov 2026 11:59:59 GMT' }, false],
  [{ 'if-modified-since': 'not a date' }, false],
  [{ 'if-none-match': '"other"', 'if-modified-since': lastModified }, false],
  [{}, false],
])('%o → not modified: %s', (headers, expected) => {
  expect(isNotModified(headers, etag, lastModified)).toBe(expected);
});
