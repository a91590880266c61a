import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestContext, dialectsUnderTest, type TestContext } from '../../db/test-db.js';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import { changeArticleSlug, findLiveArticle, listLiveArticles, removeDemoContent, saveArticle } from './articles.service.js';
import { getSectionBySlug } from '../sections/sections.service.js';

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
      fields: { sections: 'Unknown section: sport.', author: 'Unknown author: nobody.' },
    });
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

  test('removing demo content leaves real articles alone', async () => {
    await makeArticle(t.ctx, { title: 'Demo piece', isDemo: true });
    const removed = await removeDemoContent(t.ctx);
    expect(removed.articles).toBe(1);
    await expect(findLiveArticle(t.ctx, 'demo-piece')).rejects.toMatchObject({ code: 'not_found' });
    expect((await findLiveArticle(t.ctx, 'steady-state')).kind).toBe('found');
  });
});
