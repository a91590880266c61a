import { describe, expect, test } from 'vitest';
import { findLiveIds, type SearchBackend, type SearchTier } from './search.index.js';

/** A backend over fixed tiers, newest first, that records how many rows each tier was asked for. */
function fakeBackend(tiers: Record<SearchTier, string[]>): SearchBackend & { asked: Array<[SearchTier, number]> } {
  const asked: Array<[SearchTier, number]> = [];
  return {
    asked,
    write: () => Promise.resolve(),
    remove: () => Promise.resolve(),
    findTier: (_db, _terms, tier, _scope, limit) => {
      asked.push([tier, limit]);
      return Promise.resolve(tiers[tier].slice(0, limit));
    },
  };
}

const terms = { words: ['kelp'], prefixLast: true };
const db = undefined as never;
// Each tier holds the one before it, as the databases' tiers do.
const tiers = {
  headline: ['h1', 'h2'],
  'headline-standfirst': ['h1', 's1', 'h2', 's2'],
  anywhere: ['b1', 'h1', 's1', 'b2', 'h2', 's2', 'b3'],
};

describe('a page of search results over the tiers', () => {
  test('lists each tier after the one before it, each article once', async () => {
    expect(await findLiveIds(fakeBackend(tiers), db, terms, { now: 'now', sectionId: null }, { offset: 0, limit: 10 })).toEqual(['h1', 'h2', 's1', 's2', 'b1', 'b2', 'b3']);
  });

  test('pages continue across tiers', async () => {
    const pages = [];
    for (let offset = 0; offset < 8; offset += 3) pages.push(await findLiveIds(fakeBackend(tiers), db, terms, { now: 'now', sectionId: null }, { offset, limit: 3 }));
    expect(pages).toEqual([['h1', 'h2', 's1'], ['s2', 'b1', 'b2'], ['b3']]);
  });

  test('reads no further than the page needs', async () => {
    const backend = fakeBackend(tiers);
    expect(await findLiveIds(backend, db, terms, { now: 'now', sectionId: null }, { offset: 0, limit: 2 })).toEqual(['h1', 'h2']);
    expect(backend.asked).toEqual([['headline', 2]]);
    const deeper = fakeBackend(tiers);
    await findLiveIds(deeper, db, terms, { now: 'now', sectionId: null }, { offset: 3, limit: 2 });
    // Past the two headline matches, the next tier is read as far as five new ones would need.
    expect(deeper.asked).toEqual([['headline', 5], ['headline-standfirst', 7], ['anywhere', 9]]);
  });
});
