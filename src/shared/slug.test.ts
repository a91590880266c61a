import { describe, expect, test } from 'vitest';
import { isValidSlug, slugFromTitle } from './slug.js';

describe('slugFromTitle', () => {
  test.each([
    ['Harbour talks stall in Valmora', 'harbour-talks-stall-in-valmora'],
    ['  Ministers’ “red lines” — explained ', 'ministers-red-lines-explained'],
    ['Zoë & Łukasz: Café talks', 'zoe-and-lukasz-cafe-talks'],
    ['Київ говорить', 'kiyiv-govorit'],
    ['100% of 2026’s budget', '100percent-of-2026s-budget'],
    ['---', ''],
  ])('%s → %s', (title, slug) => {
    expect(slugFromTitle(title)).toBe(slug);
  });

  test('a title slugify cannot spell in Latin letters gets a short code, the same every time', () => {
    const slug = slugFromTitle('北京新闻', 'article');
    expect(slug).toMatch(/^article-[0-9a-f]{8}$/);
    expect(isValidSlug(slug)).toBe(true);
    expect(slugFromTitle(' 北京新闻 ', 'article')).toBe(slug);
    expect(slugFromTitle('東京のニュース', 'tag')).toMatch(/^tag-[0-9a-f]{8}$/);
    expect(slugFromTitle('東京のニュース', 'tag')).not.toBe(slugFromTitle('北京新闻', 'tag'));
  });

  test('long titles are cut at a word boundary', () => {
    const slug = slugFromTitle('word '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
    expect(isValidSlug(slug)).toBe(true);
  });
});

describe('isValidSlug', () => {
  test.each([
    ['a', true],
    ['world-news-2026', true],
    ['World', false],
    ['a--b', false],
    ['-a', false],
    ['a_b', false],
    ['', false],
    ['feed.xml', false],
  ])('%s is %s', (slug, ok) => {
    expect(isValidSlug(slug)).toBe(ok);
  });
});
