import { describe, expect, test } from 'vitest';
import { lowerCaseAddress } from './errors.js';

describe('the lower-case address of a page not found', () => {
  test.each([
    ['/World', '/world'],
    ['/World/Harbour-Talks?cpage=2#x', '/world/harbour-talks?cpage=2#x'],
    ['/tag/Ceasefire?page=2&Q=A', '/tag/ceasefire?page=2&Q=A'],
    ['/world', null],
    ['/world?Page=2', null],
    ['//Evil.example/path', null],
    ['/\\Evil.example', null],
    ['World', null],
  ])('%s → %s', (url, expected) => {
    expect(lowerCaseAddress(url)).toBe(expected);
  });
});
