import { describe, expect, test } from 'vitest';
import { addressWithoutTrailingSlash, listeningUrl, lowerCaseAddress } from './addresses.js';

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
    ['/World/Caf%C3%A9', '/world/caf%C3%A9'],
    ['/world/caf%C3%A9', null],
    ['/%2F%2Fevil.example/x', null],
    ['/100%/X', '/100%/x'],
  ])('%s → %s', (url, expected) => {
    expect(lowerCaseAddress(url)).toBe(expected);
  });
});

describe('the address without a slash at the end', () => {
  test.each([
    ['/world/', '/world'],
    ['/world//', '/world'],
    ['/world/harbour-talks/?cpage=2#x', '/world/harbour-talks?cpage=2#x'],
    ['/world', null],
    ['/', null],
    ['/?page=2', null],
    ['//', null],
    ['//evil.example/', null],
    ['///evil.example/', null],
    ['/\\evil.example/', null],
    ['/api/v1/articles/', null],
    ['/world?next=/', null],
  ])('%s → %s', (url, expected) => {
    expect(addressWithoutTrailingSlash(url)).toBe(expected);
  });

  test('slashes inside the path are kept, however many', () => {
    expect(addressWithoutTrailingSlash(`/a${'/'.repeat(100_000)}x/`)).toBe(`/a${'/'.repeat(100_000)}x`);
  });
});

describe('the address the server says it listens on', () => {
  test.each([
    ['127.0.0.1', 3000, 'http://127.0.0.1:3000'],
    ['::1', 3000, 'http://[::1]:3000'],
    ['::', 8080, 'http://[::]:8080'],
    ['news.internal', 80, 'http://news.internal:80'],
  ])('%s, port %d → %s', (host, port, expected) => {
    expect(listeningUrl(host, port)).toBe(expected);
  });
});
