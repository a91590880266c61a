import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestContext, dialectsUnderTest, type TestContext } from '../../db/test-db.js';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import {
  changeArticleSlug, deskState, findLiveArticle, findLiveSummary, getSummariesByIds, listArticlesForDesk, listLiveArticles, listNewestIdsBySection, publishArticle,
  removeDemoContent, rerenderArticles, saveArticle, setArticleComments, unpublishArticle,
} from './articles.service.js';
import { getSectionBySlug, saveSection } from '../sections/sections.service.js';

const dialects = await dialectsUnderTest();

describe.each(dialects)('articles on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    await seedNewsroom(t.ctx);
  });
  afterAll(() => t.cleanup());

  test('a published article can be read back with its sections and tags', async () => {
    await makeArticle(t.ctx, { title: 'Ferries return to Valmora', sections: ['world', 'defense'], tags: ['Ferries', 'valmora'] });
    const found = await findLiveArticle(t.ctx, 'ferries-return-to-valmora');
    expect(found.kind).toBe('found');
    if (found.kind !== 'found') return;
    expect(found.article.primarySection.slug).toBe('world');
    expect(found.article.sections.map((s) => s.slug)).toEqual(['world', 'defense']);
    expect(found.article.tags.map((s) => s.slug)).toEqual(['ferries', 'valmora']);
    expect(found.article.bodyHtml).toContain('<h2>A heading</h2>');
    expect(found.article.author.name).toBe('Ada Quill');
  });

  test('a draft and a scheduled article are not visible until their time', async () => {
    await makeArticle(t.ctx, { title: 'Secret draft', status: 'draft', publishedAt: null });
    await expect(findLiveArticle(t.ctx, 'secret-draft')).rejects.toMatchObject({ code: 'not_found' });
    const later = new Date(t.ctx.clock.now().getTime() + 3600_000);
    const { article } = await saveArticle(t.ctx, { title: 'Embargoed budget', bodyMd: 'Numbers.', sections: ['world'], author: 'ada-quill', publishedAt: later });
    expect(article.status).toBe('scheduled');
    await expect(findLiveArticle(t.ctx, 'embargoed-budget')).rejects.toMatchObject({ code: 'not_found' });
    t.clock.advance(2 * 3600_000);
    expect((await findLiveArticle(t.ctx, 'embargoed-budget')).kind).toBe('found');
    t.clock.advance(-2 * 3600_000);
  });

  test('changing a slug leaves a redirect from the old one', async () => {
    await makeArticle(t.ctx, { title: 'Old headline' });
    await saveArticle(t.ctx, { slug: 'new-headline', title: 'New headline', bodyMd: 'Text.', sections: ['defense'], author: 'ada-quill', publishedAt: new Date('2026-11-20T10:00:00Z') }, 'old-headline');
    expect(await findLiveArticle(t.ctx, 'old-headline')).toEqual({ kind: 'moved', slug: 'new-headline', sectionSlug: 'defense' });
  });

  test('changeArticleSlug moves an article with everything else unchanged', async () => {
    await makeArticle(t.ctx, { title: 'Working title', tags: ['a', 'b'] });
    expect(await changeArticleSlug(t.ctx, 'working-title', 'final-title')).toBe('/world/final-title');
    const found = await findLiveArticle(t.ctx, 'final-title');
    expect(found.kind === 'found' && found.article.tags.map((s) => s.slug)).toEqual(['a', 'b']);
    expect(await findLiveArticle(t.ctx, 'working-title')).toEqual({ kind: 'moved', slug: 'final-title', sectionSlug: 'world' });
  });

  test('saving the same article twice reports it unchanged', async () => {
    const input = { title: 'Steady state', bodyMd: 'Same.', sections: ['world'], tags: ['calm'], author: 'ada-quill', publishedAt: new Date('2026-11-21T10:00:00Z') };
    expect((await saveArticle(t.ctx, input)).outcome).toBe('created');
    expect((await saveArticle(t.ctx, input, 'steady-state')).outcome).toBe('unchanged');
    expect((await saveArticle(t.ctx, { ...input, bodyMd: 'Changed.' }, 'steady-state')).outcome).toBe('updated');
  });

  test('a taken slug and unknown sections are refused with field messages', async () => {
    await expect(saveArticle(t.ctx, { title: 'Steady state', bodyMd: 'x', sections: ['world'], author: 'ada-quill' })).rejects.toMatchObject({ code: 'slug_taken' });
    await expect(saveArticle(t.ctx, { title: 'Nowhere', bodyMd: 'x', sections: ['sport'], author: 'nobody' })).rejects.toMatchObject({
      code: 'invalid',
      fields: {
        sections: 'Unknown section: sport. Give a section by its slug or its name: world, defense.',
        author: 'Unknown author: nobody. Give an author by the slug of their page (/author/SLUG) or their full name.',
      },
    });
  });

  test('a text too long, or nested too deeply to be shown, is refused next to the body and nothing is stored', async () => {
    const count = async () => Number((await t.ctx.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const base = { sections: ['world'], author: 'ada-quill' };
    await expect(saveArticle(t.ctx, { ...base, title: 'A very long read', bodyMd: 'word '.repeat(70_000) })).rejects.toMatchObject({
      code: 'invalid',
      fields: { body: expect.stringContaining('300,000 characters') },
    });
    await expect(saveArticle(t.ctx, { ...base, title: 'Quotes in quotes', bodyMd: `${'>'.repeat(5_000)} deep` })).rejects.toMatchObject({
      code: 'invalid',
      fields: { body: expect.stringContaining('nests') },
    });
    expect(await count()).toBe(before);
  });

  test('a standfirst, tags or a slug past their limits are refused, each next to its field', async () => {
    const base = { title: 'Within limits?', bodyMd: 'x', sections: ['world'], author: 'ada-quill' };
    await expect(
      saveArticle(t.ctx, { ...base, standfirst: 's'.repeat(601), tags: Array.from({ length: 31 }, (_, i) => `tag ${i}`), slug: 'a'.repeat(81) }),
    ).rejects.toMatchObject({
      code: 'invalid',
      fields: {
        standfirst: expect.stringContaining('600 characters'),
        tags: expect.stringContaining('30 tags'),
        slug: expect.stringContaining('80'),
      },
    });
    await expect(saveArticle(t.ctx, { ...base, tags: ['fine', 'n'.repeat(61)] })).rejects.toMatchObject({ fields: { tags: expect.stringContaining('60 characters') } });
    const { article } = await saveArticle(t.ctx, { ...base, standfirst: 's'.repeat(600), tags: Array.from({ length: 30 }, (_, i) => `tag ${i}`), slug: 'a'.repeat(80), status: 'draft' });
    expect(article.tags).toHaveLength(30);
  });

  test('control characters pasted into an article are taken out of its text', async () => {
    const { article } = await saveArticle(t.ctx, {
      title: 'Word\u000bpasted\nheadline\u0001 here', standfirst: 'Stand\u000cfirst', bodyMd: 'A vertical\u000btab and \u0002a control.', tags: ['tag\u0007 bell'],
      sections: ['world'], author: 'ada-quill', status: 'draft',
    });
    expect(article.title).toBe('Word pasted headline here');
    expect(article.standfirst).toBe('Stand first');
    expect(article.tags.map((tag) => tag.name)).toEqual(['tag bell']);
    // eslint-disable-next-line no-control-regex
    expect(article.bodyHtml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(article.bodyHtml).toContain('A vertical\ntab and a control.');
  });

  test('sections and the author may be given by name, as a writer would in front matter', async () => {
    const { article } = await saveArticle(t.ctx, { title: 'Named in full', bodyMd: 'x', sections: ['World', 'DEFENSE', 'world'], author: 'Ada Quill', status: 'draft' });
    expect(article.sections.map((s) => s.slug)).toEqual(['world', 'defense']);
    expect(article.author.slug).toBe('ada-quill');
  });

  test('section listings include articles whose secondary section it is, newest first, with paging', async () => {
    const defense = (await getSectionBySlug(t.ctx, 'defense'))!;
    const page1 = await listLiveArticles(t.ctx, { sectionId: defense.id, limit: 1 });
    const page2 = await listLiveArticles(t.ctx, { sectionId: defense.id, limit: 1, offset: 1 });
    expect(page1.map((a) => a.slug)).toEqual(['ferries-return-to-valmora']);
    expect(page2.map((a) => a.slug)).toEqual(['new-headline']);
    const all = await listLiveArticles(t.ctx, { limit: 100, withTaxonomy: true });
    expect(all.map((a) => a.slug)).not.toContain('secret-draft');
    const times = all.map((a) => a.publishedAt!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  test('keyset paging returns the next articles without repeats', async () => {
    const first = await listLiveArticles(t.ctx, { limit: 2 });
    const last = first[1]!;
    const next = await listLiveArticles(t.ctx, { limit: 2, before: { at: last.publishedAt!.toISOString(), id: last.id } });
    expect(next.map((a) => a.id)).not.toContain(first[0]!.id);
    expect(next.map((a) => a.id)).not.toContain(last.id);
    expect(next[0]!.publishedAt!.getTime()).toBeLessThanOrEqual(last.publishedAt!.getTime());
  });

  test('an article comes with the live articles just before it in its primary section, newest first', async () => {
    const base = t.ctx.clock.now().getTime() - 30 * 86_400_000;
    const at = (days: number) => new Date(base + days * 86_400_000);
    await makeArticle(t.ctx, { title: 'Lighthouse one', sections: ['defense'], publishedAt: at(1) });
    await makeArticle(t.ctx, { title: 'Lighthouse two', sections: ['defense', 'world'], publishedAt: at(2), type: 'opinion' });
    await makeArticle(t.ctx, { title: 'Lighthouse elsewhere', sections: ['world', 'defense'], publishedAt: at(3) });
    await makeArticle(t.ctx, { title: 'Lighthouse draft', sections: ['defense'], publishedAt: at(4), status: 'draft' });
    await makeArticle(t.ctx, { title: 'Lighthouse three', sections: ['defense'], publishedAt: at(5) });
    await makeArticle(t.ctx, { title: 'Lighthouse four', sections: ['defense'], publishedAt: at(6) });
    await makeArticle(t.ctx, { title: 'Lighthouse five', sections: ['defense'], publishedAt: at(7) });
    await makeArticle(t.ctx, { title: 'Lighthouse six', sections: ['defense'], publishedAt: at(8), tags: ['zeta', 'alpha'] });
    await makeArticle(t.ctx, { title: 'Lighthouse later', sections: ['defense'], publishedAt: at(9) });

    const found = await findLiveArticle(t.ctx, 'lighthouse-six');
    if (found.kind !== 'found') throw new Error('not found');
    expect(found.article.tags.map((x) => x.slug)).toEqual(['alpha', 'zeta']);
    // Older articles listed in the section (a secondary section counts), never a draft or a later one.
    expect(found.related.map((a) => a.slug)).toEqual(['lighthouse-five', 'lighthouse-four', 'lighthouse-three', 'lighthouse-elsewhere']);
    const elsewhere = found.related[3]!;
    expect(elsewhere.primarySection.slug).toBe('world');
    expect(elsewhere.author.name).toBe('Ada Quill');
    expect(elsewhere.publishedAt).toEqual(at(3));
    // Every field of a related summary is as the listings give it.
    const listed = await listLiveArticles(t.ctx, { limit: 100 });
    for (const summary of found.related) expect(summary).toEqual(listed.find((a) => a.id === summary.id));

    const oldest = await findLiveArticle(t.ctx, 'lighthouse-two');
    if (oldest.kind !== 'found') throw new Error('not found');
    expect(oldest.related.map((a) => a.slug)).toEqual(['lighthouse-one']);
    expect(oldest.article.type).toBe('opinion');
    expect(oldest.article.sections.map((s) => s.slug)).toEqual(['defense', 'world']);
  });

  test('the front page reads the newest ids per section from the index, then only the summaries it shows', async () => {
    const newest = await listNewestIdsBySection(t.ctx, 3);
    const defense = (await getSectionBySlug(t.ctx, 'defense'))!;
    const listed = await listLiveArticles(t.ctx, { sectionId: defense.id, limit: 3 });
    expect(newest.get(defense.id)!.map((entry) => entry.id)).toEqual(listed.map((a) => a.id));
    // Unknown ids are left out; long lists are read in parts.
    const ids = [...listed.map((a) => a.id), ...Array.from({ length: 70 }, (_, i) => `art_unknown_${i}`)];
    const summaries = await getSummariesByIds(t.ctx, ids);
    expect([...summaries.keys()].sort()).toEqual(listed.map((a) => a.id).sort());
    for (const a of listed) expect(summaries.get(a.id)).toEqual(a);
  });

  test('summaries read as JSON rows match the same summaries read column by column, field for field', async () => {
    await makeArticle(t.ctx, {
      title: 'Every field differs', standfirst: 'A standfirst', sections: ['defense', 'world'], type: 'analysis',
      imageUrl: '/static/demo/map.svg', imageAlt: 'A map',
    });
    const byColumns = (await findLiveSummary(t.ctx, 'every-field-differs'))!;
    const [listed] = (await listLiveArticles(t.ctx, { limit: 100 })).filter((a) => a.slug === 'every-field-differs');
    const byId = (await getSummariesByIds(t.ctx, [byColumns.id])).get(byColumns.id);
    expect(byColumns).toMatchObject({ type: 'analysis', imageUrl: '/static/demo/map.svg', imageAlt: 'A map', commentsEnabled: true, isDemo: false });
    expect(listed).toEqual(byColumns);
    expect(byId).toEqual(byColumns);
  });

  test('removing demo content leaves real articles alone', async () => {
    await makeArticle(t.ctx, { title: 'Demo piece', isDemo: true });
    const removed = await removeDemoContent(t.ctx);
    expect(removed.articles).toBe(1);
    await expect(findLiveArticle(t.ctx, 'demo-piece')).rejects.toMatchObject({ code: 'not_found' });
    expect((await findLiveArticle(t.ctx, 'steady-state')).kind).toBe('found');
  });

  test('rerender writes the HTML this version renders where the stored HTML differs, and keeps the article\'s times', async () => {
    const article = await makeArticle(t.ctx, { title: 'Rendered long ago', bodyMd: 'He said \u2014 twice \u2014 that it was over.' });
    // As an older version stored it: the dash as a character, and a stale word count.
    await t.ctx.db.updateTable('article_bodies').set({ body_html: '<p>He said \u2014 twice \u2014 that it was over.</p>' }).where('article_id', '=', article.id).execute();
    await t.ctx.db.updateTable('articles').set({ word_count: 1 }).where('id', '=', article.id).execute();
    const before = await t.ctx.db.selectFrom('articles').select(['updated_at', 'published_at']).where('id', '=', article.id).executeTakeFirstOrThrow();
    const progress: number[] = [];
    const first = await rerenderArticles(t.ctx, { onProgress: (done) => progress.push(done) });
    expect(first.updated).toEqual(['rendered-long-ago']);
    expect(first.checked).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(first.checked);
    const found = await findLiveArticle(t.ctx, 'rendered-long-ago');
    if (found.kind !== 'found') throw new Error('not found');
    expect(found.article.bodyHtml).toContain('&mdash;');
    expect(found.article.wordCount).toBeGreaterThan(5);
    expect(await t.ctx.db.selectFrom('articles').select(['updated_at', 'published_at']).where('id', '=', article.id).executeTakeFirstOrThrow()).toEqual(before);
    // Nothing left to do the second time.
    expect((await rerenderArticles(t.ctx)).updated).toEqual([]);
  });

  describe('the newsroom desk', () => {
    const hour = 3600_000;
    beforeAll(async () => {
      await saveSection(t.ctx, { slug: 'desk', name: 'Desk', description: 'For the desk tests.', position: 9 });
      const now = t.ctx.clock.now().getTime();
      await makeArticle(t.ctx, { title: 'Desk published', sections: ['desk'], publishedAt: new Date(now - 5 * hour) });
      await makeArticle(t.ctx, { title: 'Desk draft', sections: ['desk'], status: 'draft', publishedAt: null });
      await makeArticle(t.ctx, { title: 'Desk embargo', sections: ['desk'], publishedAt: new Date(now + 5 * hour) });
      // Listed in the desk section as its second section.
      await makeArticle(t.ctx, { title: 'Desk second section', sections: ['world', 'desk'], publishedAt: new Date(now - 6 * hour) });
    });

    test('the list shows articles in every state, by state and by section, the most recently saved first', async () => {
      const all = await listArticlesForDesk(t.ctx, { section: 'desk', limit: 50 });
      expect(all.map((a) => a.slug).sort()).toEqual(['desk-draft', 'desk-embargo', 'desk-published', 'desk-second-section']);
      const now = t.ctx.clock.now();
      const stateOf = (slug: string) => deskState(all.find((a) => a.slug === slug)!, now);
      expect([stateOf('desk-draft'), stateOf('desk-embargo'), stateOf('desk-published')]).toEqual(['draft', 'scheduled', 'published']);
      const saved = all.map((a) => a.updatedAt.getTime());
      expect(saved).toEqual([...saved].sort((a, b) => b - a));
      expect((await listArticlesForDesk(t.ctx, { state: 'draft', section: 'desk', limit: 50 })).map((a) => a.slug)).toEqual(['desk-draft']);
      expect((await listArticlesForDesk(t.ctx, { state: 'scheduled', section: 'desk', limit: 50 })).map((a) => a.slug)).toEqual(['desk-embargo']);
      expect((await listArticlesForDesk(t.ctx, { state: 'published', section: 'desk', limit: 50 })).map((a) => a.slug).sort()).toEqual(['desk-published', 'desk-second-section']);
      expect(await listArticlesForDesk(t.ctx, { section: 'desk', limit: 2 })).toHaveLength(2);
      // Once its time has come, a scheduled article is listed as published.
      t.clock.advance(6 * hour);
      expect((await listArticlesForDesk(t.ctx, { state: 'scheduled', section: 'desk', limit: 50 })).map((a) => a.slug)).toEqual([]);
      t.clock.advance(-6 * hour);
      await expect(listArticlesForDesk(t.ctx, { section: 'nowhere', limit: 50 })).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/^Unknown section: nowhere\. The sections are .*desk/) });
    });

    test('unpublishing takes an article off the site and keeps its time; publishing puts it back in its place', async () => {
      const before = await findLiveArticle(t.ctx, 'desk-published');
      if (before.kind !== 'found') throw new Error('not found');
      const version = t.ctx.events.version;
      const { article, outcome } = await unpublishArticle(t.ctx, 'desk-published');
      expect(outcome).toBe('updated');
      expect(article.status).toBe('draft');
      expect(t.ctx.events.version).toBeGreaterThan(version);
      await expect(findLiveArticle(t.ctx, 'desk-published')).rejects.toMatchObject({ code: 'not_found' });
      const desk = await getSectionBySlug(t.ctx, 'desk');
      expect((await listLiveArticles(t.ctx, { sectionId: desk!.id, limit: 50 })).map((a) => a.slug)).not.toContain('desk-published');
      expect((await unpublishArticle(t.ctx, 'desk-published')).outcome).toBe('unchanged');

      const again = await publishArticle(t.ctx, 'desk-published');
      expect(again.outcome).toBe('updated');
      expect(again.article.publishedAt).toEqual(before.article.publishedAt);
      expect((await findLiveArticle(t.ctx, 'desk-published')).kind).toBe('found');
      expect((await listLiveArticles(t.ctx, { sectionId: desk!.id, limit: 50 })).map((a) => a.slug)).toContain('desk-published');
      await expect(unpublishArticle(t.ctx, 'no-such-article')).rejects.toMatchObject({ code: 'not_found' });
    });

    test('publishing a draft without a time publishes it now; with a time to come it is scheduled; unpublishing unschedules', async () => {
      const { article } = await publishArticle(t.ctx, 'desk-draft');
      expect(deskState(article, t.ctx.clock.now())).toBe('published');
      expect(article.publishedAt).toEqual(t.ctx.clock.now());
      await unpublishArticle(t.ctx, 'desk-draft');
      const later = new Date(t.ctx.clock.now().getTime() + 2 * hour);
      const scheduled = await publishArticle(t.ctx, 'desk-draft', later);
      expect(scheduled.article.status).toBe('scheduled');
      expect(scheduled.article.publishedAt).toEqual(later);
      await expect(findLiveArticle(t.ctx, 'desk-draft')).rejects.toMatchObject({ code: 'not_found' });
      const unscheduled = await unpublishArticle(t.ctx, 'desk-embargo');
      expect(unscheduled.article.status).toBe('draft');
      t.clock.advance(6 * hour);
      await expect(findLiveArticle(t.ctx, 'desk-embargo')).rejects.toMatchObject({ code: 'not_found' });
      expect((await findLiveArticle(t.ctx, 'desk-draft')).kind).toBe('found');
      t.clock.advance(-6 * hour);
    });

    test('closing comments leaves the article\'s times alone and tells the caches; doing it twice changes nothing', async () => {
      const row = () => t.ctx.db.selectFrom('articles').select(['updated_at', 'published_at', 'comments_enabled']).where('slug', '=', 'desk-second-section').executeTakeFirstOrThrow();
      const before = await row();
      const version = t.ctx.events.version;
      const closed = await setArticleComments(t.ctx, 'desk-second-section', false);
      expect(closed.changed).toBe(true);
      expect(closed.article.commentsEnabled).toBe(false);
      expect(t.ctx.events.version).toBe(version + 1);
      expect(await row()).toEqual({ ...before, comments_enabled: 0 });
      expect((await findLiveSummary(t.ctx, 'desk-second-section'))!.commentsEnabled).toBe(false);
      expect((await setArticleComments(t.ctx, 'desk-second-section', false)).changed).toBe(false);
      expect(t.ctx.events.version).toBe(version + 1);
      expect((await setArticleComments(t.ctx, 'desk-second-section', true)).changed).toBe(true);
      expect(await row()).toEqual(before);
      await expect(setArticleComments(t.ctx, 'no-such-article', true)).rejects.toMatchObject({ code: 'not_found' });
    });
  });
});
