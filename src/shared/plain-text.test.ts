import { describe, expect, test } from 'vitest';
import { oneLine, withoutControlCharacters } from './plain-text.js';

describe('one line of text', () => {
  test.each([
    ['Word\u000bpasted headline\u0001 with controls', 'Word pasted headline with controls'],
    ['  Two\nlines\r\nof it  ', 'Two lines of it'],
    ['Tab\tand  spaces', 'Tab and spaces'],
    ['Soft\u00adhyphen and café stay', 'Soft\u00adhyphen and café stay'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(oneLine(input)).toBe(expected);
  });
});

describe('text of many lines without control characters', () => {
  test.each([
    ['A vertical\u000btab and \u0002a control.', 'A vertical\ntab and a control.'],
    ['Windows\r\nline ends\rand old Mac ones', 'Windows\nline ends\nand old Mac ones'],
    ['Page\u000cbreak', 'Page\nbreak'],
    ['\tIndented code stays\n\n> quote', '\tIndented code stays\n\n> quote'],
  ])('%j → %j', (input, expected) => {
    expect(withoutControlCharacters(input)).toBe(expected);
  });
});
