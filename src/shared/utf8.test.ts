import { expect, test } from 'vitest';
import { utf8Bytes } from './utf8.js';

test.each([
  ['empty', ''],
  ['ASCII', 'Ferries return to Valmora.'],
  ['Latin-1', 'Café · naïve — no, that dash is not Latin-1'],
  ['Ukrainian', 'Київ, вересень: паромна переправа відновлена'],
  ['emoji (two UTF-16 units each)', 'Harbour 🚢 reopened 🎉'],
  ['a lone surrogate', 'broken \ud800 text'],
  ['longer than the scratch buffer', 'Наш порт '.repeat(40_000)],
])('%s encodes exactly as Buffer.from does', (_name, text) => {
  expect(utf8Bytes(text).equals(Buffer.from(text, 'utf8'))).toBe(true);
});

test('each result is its own copy', () => {
  const first = utf8Bytes('first page');
  utf8Bytes('second page, which is longer');
  expect(first.toString()).toBe('first page');
});
