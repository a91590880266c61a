import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestContext, dialectsUnderTest, type TestContext } from '../../db/test-db.js';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import { publishArticle, removeDemoContent, saveArticle, unpublishArticle } from '../articles/articles.service.js';
import { toTimestamp } from '../../shared/clock.js';
import { removeFromSearch, searchDocumentOf, writeSearchDocument } from './search.index.js';
import { stemmingFor } from './stemming.js';
import { adoptEmptySearchIndex, bringSearchUpToDate, reindexAllArticles, SEARCH_PAGE_SIZE, searchArticles } from './search.service.js';

const dialects = await dialectsUnderTest();

describe.each(dialects)('search on %s', (dialect) => {
  let t: TestContext;
  const found = async (query: string, page = 1) => (await searchArticles(t.ctx, query, page)).articles.map((a) => a.slug);

  beforeAll(async () => {
    t = await createTestContext(dialect);
    await seedNewsroom(t.ctx);
    await makeArticle(t.ctx, { title: 'Ferries return to Valmora', standfirst: 'The first crossing in a month.', bodyMd: 'The harbour master waved the boat out at dawn.' });
    await makeArticle(t.ctx, { title: 'Budget talks resume', standfirst: 'Ministers meet again.', bodyMd: 'Delegates spoke of ferries only in passing, and of the [harbour fund](https://example.org/lighthouse-secret).' });
    await makeArticle(t.ctx, { title: 'Zürich café reopens', standfirst: 'A landmark is back.', bodyMd: 'Crème brûlée is on the menu again.' });
    await makeArticle(t.ctx, { title: 'Переговори в Києві тривають', standfirst: 'Делегації повернулися.', bodyMd: 'Die Gespräche über die Fähre gehen weiter.' });
  });
  afterAll(() => t.cleanup());

  test('an article is found by words of its headline, standfirst or body, every word needed', async () => {
    expect(await found('valmora')).toEqual(['ferries-return-to-valmora']);
    expect(await found('crossing month')).toEqual(['ferries-return-to-valmora']);
    expect(await found('harbour dawn')).toEqual(['ferries-return-to-valmora']);
    expect(await found('dawn ministers')).toEqual([]);
    // The words of a link are read; its address is not.
    expect(await found('harbour fund')).toEqual(['budget-talks-resume']);
    expect(await found('delegates')).toEqual(['budget-talks-resume']);
  });

  test('a word in the headline ranks above the same word in the body', async () => {
    expect(await found('ferries')).toEqual(['ferries-return-to-valmora', 'budget-talks-resume']);
  });

  test('accents, case and full-width letters do not matter, and the last word may be the start of one', async () => {
    expect(await found('ZURICH CAFE')).toEqual(['zurich-cafe-reopens']);
    expect(await found('creme brulee')).toEqual(['zurich-cafe-reopens']);
    expect(await found('ｖａｌｍｏｒａ')).toEqual(['ferries-return-to-valmora']);
    expect(await found('valm')).toEqual(['ferries-return-to-valmora']);
    // Only the last word, and only from three letters.
    expect(await found('valm ferries')).toEqual([]);
    expect(await found('va')).toEqual([]);
  });

  test('Chinese, Japanese and Thai are searched by their words, though written without spaces', async () => {
    await makeArticle(t.ctx, { slug: 'tokyo-election', title: '東京都で知事選挙が行われた', standfirst: '投票率は前回を上回った。', bodyMd: '開票は深夜まで続いた。' });
    await makeArticle(t.ctx, { slug: 'thai-made-easy', title: 'ภาษาไทยง่ายนิดเดียว', standfirst: 'บทความทดสอบ', bodyMd: 'เนื้อหา' });
    expect(await found('選挙')).toEqual(['tokyo-election']);
    expect(await found('投票率')).toEqual(['tokyo-election']);
    expect(await found('ไทย')).toEqual(['thai-made-easy']);
  });

  test('words in other scripts and languages are found the same way', async () => {
    expect(await found('києві')).toEqual(['peregovori-v-kiyevi-trivayut']);
    expect(await found('КИЄВІ делегац')).toEqual(['peregovori-v-kiyevi-trivayut']);
    expect(await found('fahre gesprache')).toEqual(['peregovori-v-kiyevi-trivayut']);
  });

  test('the forms of a word find each other, in the site language', async () => {
    await makeArticle(t.ctx, { title: 'Election night in Port Ardis', standfirst: 'Counting went on until dawn.', bodyMd: 'Two councillors were elected unopposed.' });
    await makeArticle(t.ctx, { title: 'Electricity prices rise', standfirst: 'The grid operator blames the cold.', bodyMd: 'Bills go up in March.' });
    expect(await found('elections')).toEqual(['election-night-in-port-ardis']);
    expect(await found('elected councillor')).toEqual(['election-night-in-port-ardis']);
    expect(await found('counted')).toEqual(['election-night-in-port-ardis']);
    expect(await found('price')).toEqual(['electricity-prices-rise']);
    // A word cut short still finds the longer words it begins.
    expect((await found('elec')).sort()).toEqual(['election-night-in-port-ardis', 'electricity-prices-rise']);
  });

  test('a new site language rewrites the index with its stemming, once', async () => {
    await makeArticle(t.ctx, { title: 'Koalition in Kessenich', bodyMd: 'Die Regierungen beraten weiter.' });
    const count = Number((await t.ctx.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    // Up to date for English (the test database's), then a start with SITE_LANGUAGE=de.
    await bringSearchUpToDate(t.ctx);
    expect(await found('regierung beraten')).toEqual([]);
    expect(await bringSearchUpToDate(t.ctx)).toBe(0);
    const german = { ...t.ctx, config: { ...t.ctx.config, siteLanguage: 'de' } };
    expect(await bringSearchUpToDate(german)).toBe(count);
    expect(await bringSearchUpToDate(german)).toBe(0);
    const inGerman = async (query: string) => (await searchArticles(german, query, 1)).articles.map((a) => a.slug);
    // "Regierungen" in the body, found by the singular with German stems on both sides, not with English ones.
    expect(await inGerman('Regierung beraten')).toEqual(['koalition-in-kessenich']);
    // And back: English again, written once more.
    expect(await bringSearchUpToDate(t.ctx)).toBe(count);
    expect(await found('regierung beraten')).toEqual([]);
    expect(await found('regierungen beraten')).toEqual(['koalition-in-kessenich']);
    expect(await found('elections')).toEqual(['election-night-in-port-ardis']);
  });

  test('an empty database adopts the index as this version writes it; one with articles does not', async () => {
    const empty = await createTestContext(dialect);
    try {
      await seedNewsroom(empty.ctx);
      await adoptEmptySearchIndex(empty.ctx);
      await makeArticle(empty.ctx, { title: 'First story on a new site' });
      expect(await bringSearchUpToDate(empty.ctx)).toBe(0);
      expect((await searchArticles(empty.ctx, 'first story', 1)).articles.map((a) => a.slug)).toEqual(['first-story-on-a-new-site']);
    } finally {
      await empty.cleanup();
    }
    const count = Number((await t.ctx.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const welsh = { ...t.ctx, config: { ...t.ctx.config, siteLanguage: 'cy' } };
    await adoptEmptySearchIndex(welsh);
    expect(await bringSearchUpToDate(welsh)).toBe(count);
    expect(await bringSearchUpToDate(t.ctx)).toBe(count);
  });

  test('indexing in small batches can be stopped between them, and the next run starts over until one finishes', async () => {
    const count = Number((await t.ctx.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const french = { ...t.ctx, config: { ...t.ctx.config, siteLanguage: 'fr' } };
    const controller = new AbortController();
    const progress: number[] = [];
    const run = bringSearchUpToDate(french, {
      batch: 2,
      signal: controller.signal,
      onProgress: (done) => progress.push(done),
      pause: async () => {
        if (progress.length === 2) controller.abort();
      },
    });
    await expect(run).rejects.toThrow();
    expect(progress).toEqual([2, 4]);
    // Stopped before it finished: the stemming is not recorded, so the next start writes everything again.
    const pauses: number[] = [];
    expect(await bringSearchUpToDate(french, { batch: 3, pause: async () => void pauses.push(1) })).toBe(count);
    expect(pauses.length).toBe(Math.ceil(count / 3));
    expect(await bringSearchUpToDate(french)).toBe(0);
    expect(await bringSearchUpToDate(t.ctx)).toBe(count);
  });

  // Only PostgreSQL has two connections that can write at once; SQLite has one writer.
  if (dialect === 'postgres') test('an article saved while the index is written again keeps its new words', async () => {
    const article = await makeArticle(t.ctx, { title: 'Lantern parade postponed', bodyMd: 'Rain again.' });
    const orderAt = toTimestamp(article.publishedAt!);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const documentWritten = new Promise<void>((resolve) => (written = resolve));
    // A save under way on another connection: its article and search document written, not yet committed.
    const save = t.ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('articles').set({ title: 'Lantern parade cancelled' }).where('id', '=', article.id).execute();
      await writeSearchDocument(trx, t.ctx.dialect, searchDocumentOf({ id: article.id, title: 'Lantern parade cancelled', standfirst: article.standfirst, bodyHtml: '<p>Rain again.</p>', orderAt }, stemmingFor('en')));
      written();
      await released;
    });
    await documentWritten;
    const reindex = reindexAllArticles(t.ctx);
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await save;
    await reindex;
    // Indexing read the article after the save committed, not the text it had before.
    expect(await found('lantern cancelled')).toEqual([article.slug]);
    expect(await found('lantern postponed')).toEqual([]);
  });

  test('a search in a section finds the articles listed in it, in every tier', async () => {
    const sections = await t.ctx.db.selectFrom('sections').select(['id', 'slug']).execute();
    const sectionId = (slug: string) => sections.find((s) => s.slug === slug)!.id;
    await makeArticle(t.ctx, { title: 'Minesweepers sail for Port Ardis', sections: ['defense'] });
    await makeArticle(t.ctx, { title: 'Coastguard drill', standfirst: 'Minesweepers join in.', sections: ['world', 'defense'] });
    await makeArticle(t.ctx, { title: 'Harbour fees', bodyMd: 'Minesweepers pay nothing.', sections: ['world'] });
    const inSection = async (query: string, slug: string) => (await searchArticles(t.ctx, query, 1, undefined, { sectionId: sectionId(slug) })).articles.map((a) => a.slug);
    expect(await found('minesweepers')).toEqual(['minesweepers-sail-for-port-ardis', 'coastguard-drill', 'harbour-fees']);
    expect(await inSection('minesweepers', 'defense')).toEqual(['minesweepers-sail-for-port-ardis', 'coastguard-drill']);
    expect(await inSection('minesweepers', 'world')).toEqual(['coastguard-drill', 'harbour-fees']);
  });

  test('link addresses and search syntax are not searched', async () => {
    expect(await found('lighthouse')).toEqual([]);
    expect(await found('example org')).toEqual([]);
    expect(await found('"ferries" OR NOT')).toEqual([]);
    expect(await found('ferries*')).toEqual(['ferries-return-to-valmora', 'budget-talks-resume']);
    expect((await searchArticles(t.ctx, ' ?! ', 1)).terms).toBeNull();
  });

  test('drafts and scheduled articles are not found until they are live; an unpublished one no longer is', async () => {
    await makeArticle(t.ctx, { title: 'Secret lighthouse plan', status: 'draft', publishedAt: null });
    const later = new Date(t.ctx.clock.now().getTime() + 3600_000);
    await makeArticle(t.ctx, { title: 'Embargoed lighthouse report', publishedAt: later });
    expect(await found('lighthouse')).toEqual([]);
    t.clock.advance(2 * 3600_000);
    expect(await found('lighthouse')).toEqual(['embargoed-lighthouse-report']);
    t.clock.advance(-2 * 3600_000);
    await unpublishArticle(t.ctx, 'ferries-return-to-valmora');
    expect(await found('valmora')).toEqual([]);
  });

  test('an edit is searched as it now reads', async () => {
    await makeArticle(t.ctx, { title: 'Quarry closes', bodyMd: 'The granite ran out.' });
    expect(await found('granite')).toEqual(['quarry-closes']);
    await saveArticle(t.ctx, { title: 'Quarry closes', bodyMd: 'The marble ran out.', sections: ['world'], author: 'ada-quill' }, 'quarry-closes');
    expect(await found('granite')).toEqual([]);
    expect(await found('marble')).toEqual(['quarry-closes']);
  });

  test('results come a page at a time, newest first among equal matches', async () => {
    for (let i = 0; i < SEARCH_PAGE_SIZE + 3; i++) await makeArticle(t.ctx, { title: `Tide table ${i}`, bodyMd: 'Tides.' });
    const first = await searchArticles(t.ctx, 'tide table', 1);
    expect(first.articles).toHaveLength(SEARCH_PAGE_SIZE);
    expect(first.hasMore).toBe(true);
    const times = first.articles.map((a) => a.publishedAt!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const second = await searchArticles(t.ctx, 'tide table', 2);
    expect(second.articles).toHaveLength(3);
    expect(second.hasMore).toBe(false);
    expect(new Set([...first.articles, ...second.articles].map((a) => a.slug)).size).toBe(SEARCH_PAGE_SIZE + 3);
  });

  test('every word in the headline comes first, then in the headline or standfirst, then anywhere; newest first in each, however old', async () => {
    const daysAgo = (days: number) => new Date(t.ctx.clock.now().getTime() - days * 86_400_000);
    await makeArticle(t.ctx, { title: 'Kelp farm expands', bodyMd: 'Text.', publishedAt: daysAgo(900) });
    await makeArticle(t.ctx, { title: 'Coast news', standfirst: 'A kelp farm opens.', bodyMd: 'Text.', publishedAt: daysAgo(30) });
    await makeArticle(t.ctx, { title: 'Harbour notes', bodyMd: 'The kelp farm is busy.', publishedAt: daysAgo(1) });
    await makeArticle(t.ctx, { title: 'Kelp harvest', standfirst: 'The farm reports.', bodyMd: 'Text.', publishedAt: daysAgo(2) });
    await makeArticle(t.ctx, { title: 'Farm of kelp wins prize', bodyMd: 'Text.', publishedAt: daysAgo(400) });
    expect(await found('kelp farm')).toEqual(['farm-of-kelp-wins-prize', 'kelp-farm-expands', 'kelp-harvest', 'coast-news', 'harbour-notes']);
    // Saved in any order, found by publication time: a story published again later moves up its tier.
    await unpublishArticle(t.ctx, 'kelp-farm-expands');
    await publishArticle(t.ctx, 'kelp-farm-expands', new Date(t.ctx.clock.now().getTime() - 1000));
    expect(await found('kelp farm')).toEqual(['kelp-farm-expands', 'farm-of-kelp-wins-prize', 'kelp-harvest', 'coast-news', 'harbour-notes']);
  });

  test('articles published within the same second are in publication order, whatever order they were saved in', async () => {
    const second = Math.floor(t.ctx.clock.now().getTime() / 1000) * 1000 - 86_400_000;
    await makeArticle(t.ctx, { title: 'Tidal gauge late reading', publishedAt: new Date(second + 900) });
    await makeArticle(t.ctx, { title: 'Tidal gauge early reading', publishedAt: new Date(second + 100) });
    await makeArticle(t.ctx, { title: 'Tidal gauge middle reading', publishedAt: new Date(second + 500) });
    expect(await found('tidal gauge')).toEqual(['tidal-gauge-late-reading', 'tidal-gauge-middle-reading', 'tidal-gauge-early-reading']);
  });

  test('two saves of articles with the same publication time, at the same time, are both indexed', async () => {
    const at = toTimestamp(new Date(t.ctx.clock.now().getTime() - 3 * 86_400_000));
    const one = await makeArticle(t.ctx, { title: 'Pier lamp one' });
    const two = await makeArticle(t.ctx, { title: 'Pier lamp two' });
    const doc = (articleId: string) => ({ articleId, title: 'pier lamp', standfirst: '', body: '', orderAt: at });
    // The first save holds its transaction open while the second numbers its document (on PostgreSQL,
    // each in a connection of its own).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = t.ctx.db.transaction().execute(async (trx) => {
      await writeSearchDocument(trx, t.ctx.dialect, doc(one.id));
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = t.ctx.db.transaction().execute((trx) => writeSearchDocument(trx, t.ctx.dialect, doc(two.id)));
    await new Promise((resolve) => setTimeout(resolve, 30));
    release();
    await Promise.all([first, second]);
    expect((await found('pier lamp')).sort()).toEqual(['pier-lamp-one', 'pier-lamp-two']);
  });

  test('articles published at the same moment are each found once, page after page', async () => {
    const at = new Date(t.ctx.clock.now().getTime() - 7 * 86_400_000);
    for (let i = 0; i < SEARCH_PAGE_SIZE + 5; i++) await makeArticle(t.ctx, { title: `Buoy report ${i}`, bodyMd: 'Buoys.', publishedAt: at });
    const first = await searchArticles(t.ctx, 'buoy report', 1);
    const second = await searchArticles(t.ctx, 'buoy report', 2);
    expect(first.articles).toHaveLength(SEARCH_PAGE_SIZE);
    expect(second.articles).toHaveLength(5);
    expect(new Set([...first.articles, ...second.articles].map((a) => a.slug)).size).toBe(SEARCH_PAGE_SIZE + 5);
  });

  test('reindexing writes every document again from the articles as they are', async () => {
    const quarry = await t.ctx.db.selectFrom('articles').select('id').where('slug', '=', 'quarry-closes').executeTakeFirstOrThrow();
    // A document that no longer says what its article says (an older way of reading text, a damaged index).
    await writeSearchDocument(t.ctx.db, t.ctx.dialect, { articleId: quarry.id, title: 'stale', standfirst: '', body: 'stale', orderAt: toTimestamp(t.ctx.clock.now()) });
    expect(await found('stale')).toEqual(['quarry-closes']);
    expect(await found('marble')).toEqual([]);
    const count = Number((await t.ctx.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const progress: number[] = [];
    expect(await reindexAllArticles(t.ctx, { onProgress: (done) => progress.push(done) })).toBe(count);
    expect(progress.at(-1)).toBe(count);
    expect(await found('stale')).toEqual([]);
    expect(await found('marble')).toEqual(['quarry-closes']);
  });

  test('articles without a search document are indexed once, and removing demo content leaves no words behind', async () => {
    const ids = (await t.ctx.db.selectFrom('articles').select('id').execute()).map((r) => r.id);
    await removeFromSearch(t.ctx.db, t.ctx.dialect, ids);
    expect(await found('marble')).toEqual([]);
    expect(await bringSearchUpToDate(t.ctx)).toBe(ids.length);
    expect(await found('marble')).toEqual(['quarry-closes']);
    expect(await bringSearchUpToDate(t.ctx)).toBe(0);

    await makeArticle(t.ctx, { title: 'Demo walrus sighting', isDemo: true });
    expect(await found('walrus')).toEqual(['demo-walrus-sighting']);
    await removeDemoContent(t.ctx);
    expect(await found('walrus')).toEqual([]);
    const documents = Number((await t.ctx.db.selectFrom('search_documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(documents).toBe(ids.length);
    if (dialect === 'sqlite') {
      // The FTS5 tables keep no row for a document that is gone.
      for (const table of ['search_index', 'search_headlines']) {
        const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.ctx.db);
        expect(rows[0]!.n).toBe(documents);
      }
    }
  });
});
