import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestContext, dialectsUnderTest, type TestContext } from '../../db/test-db.js';
import { seedNewsroom } from '../../test/fixtures.js';
import { findLiveArticle, setArticleComments, unpublishArticle } from '../articles/articles.service.js';
import { seedDemo } from '../demo/demo.service.js';
import { importMarkdownFiles, listMarkdownFiles, parseArticleFile } from './markdown-import.js';

const dialects = await dialectsUnderTest();

const story = (title: string, extra = '') => `---
title: "${title}"
standfirst: "A summary."
sections: [world, defense]
tags: [harbour, Night Shift]
author: ada-quill
type: analysis
published_at: 2026-11-20T08:30:00Z
${extra}---
## Heading

Body text.
`;

describe('parseArticleFile', () => {
  test('reads the front matter fields', () => {
    const input = parseArticleFile(story('Quay reopens', 'image: /static/x.svg\nimage_alt: "A quay"\ncomments: false\n'), '/x/quay-reopens.md');
    expect(input).toMatchObject({
      slug: 'quay-reopens',
      title: 'Quay reopens',
      sections: ['world', 'defense'],
      tags: ['harbour', 'Night Shift'],
      type: 'analysis',
      imageUrl: '/static/x.svg',
      imageAlt: 'A quay',
      commentsEnabled: false,
    });
    expect(input.publishedAt?.toISOString()).toBe('2026-11-20T08:30:00.000Z');
    expect(input.bodyMd).toBe('## Heading\n\nBody text.\n');
  });

  test('a publication time without a zone is the newsroom\'s own time, with one the time it says', () => {
    const at = (value: string) => parseArticleFile(story('Timed', '').replace('2026-11-20T08:30:00Z', value), 'timed.md', 'Europe/Kyiv').publishedAt?.toISOString();
    expect(at('2026-11-20 08:30')).toBe('2026-11-20T06:30:00.000Z');
    expect(at('"2026-11-20 08:30"')).toBe('2026-11-20T06:30:00.000Z');
    expect(at('2026-11-20')).toBe('2026-11-19T22:00:00.000Z');
    expect(at('2026-11-20T08:30:00Z')).toBe('2026-11-20T08:30:00.000Z');
    expect(at('2026-11-20T08:30:00+01:00')).toBe('2026-11-20T07:30:00.000Z');
  });

  test.each([
    ['---\ntitle: [unclosed\n---\nx', 'not valid YAML'],
    ['---\nsections: [world]\nauthor: a\n---\nx', 'no "title"'],
    ['---\ntitle: T\nauthor: a\n---\nx', 'no "sections"'],
    ['---\ntitle: T\nsections: [world]\n---\nx', 'no "author"'],
    ['---\ntitle: T\nsections: [world]\nauthor: a\npublished_at: someday\n---\nx', 'not a date'],
  ])('a bad file is refused with a reason: %s', (text, reason) => {
    expect(() => parseArticleFile(text, 'bad.md')).toThrow(reason);
  });
});

describe.each(dialects)('importing Markdown on %s', (dialect) => {
  let t: TestContext;
  let dir: string;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    await seedNewsroom(t.ctx);
    dir = mkdtempSync(join(tmpdir(), 'broadsheet-import-'));
    writeFileSync(join(dir, 'quay-reopens.md'), story('Quay reopens'));
    writeFileSync(join(dir, 'night-ferry.md'), story('Night ferry returns'));
    writeFileSync(join(dir, 'broken.md'), '---\ntitle: Broken\nsections: [sport]\nauthor: ada-quill\n---\nText');
    writeFileSync(join(dir, 'notes.txt'), 'not an article');
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.cleanup();
  });

  test('a first import creates, a re-run changes nothing, an edited file is updated', async () => {
    const files = await listMarkdownFiles(dir);
    expect(files.map((f) => f.split('/').pop())).toEqual(['broken.md', 'night-ferry.md', 'quay-reopens.md']);
    const progress: number[] = [];
    const first = await importMarkdownFiles(t.ctx, files, { onProgress: (done) => progress.push(done) });
    expect(first.created.sort()).toEqual(['night-ferry', 'quay-reopens']);
    expect(first.skipped).toEqual([{ file: join(dir, 'broken.md'), reason: expect.stringContaining('Unknown section: sport') }]);
    expect(progress).toEqual([1, 2, 3]);

    const again = await importMarkdownFiles(t.ctx, files);
    expect(again.created).toEqual([]);
    expect(again.unchanged.sort()).toEqual(['night-ferry', 'quay-reopens']);

    writeFileSync(join(dir, 'quay-reopens.md'), story('Quay reopens after repairs'));
    const third = await importMarkdownFiles(t.ctx, files);
    expect(third.updated).toEqual(['quay-reopens']);
    const found = await findLiveArticle(t.ctx, 'quay-reopens');
    expect(found.kind === 'found' && found.article.title).toBe('Quay reopens after repairs');
    expect(found.kind === 'found' && found.article.tags.map((x) => x.slug)).toEqual(['harbour', 'night-shift']);
  });

  test('a re-run leaves a story the desk took down down, and its comments as the desk set them, unless the file says otherwise', async () => {
    const desk = mkdtempSync(join(tmpdir(), 'broadsheet-import-desk-'));
    const stored = async () => {
      const row = await t.ctx.db.selectFrom('articles as a').innerJoin('article_bodies as b', 'b.article_id', 'a.id').select(['a.status', 'a.comments_enabled', 'b.body_md']).where('a.slug', '=', 'pier-inquiry').executeTakeFirstOrThrow();
      return { status: row.status, commentsEnabled: Number(row.comments_enabled) === 1, bodyMd: row.body_md };
    };
    try {
      const file = join(desk, 'pier-inquiry.md');
      writeFileSync(file, story('Pier inquiry opens'));
      expect((await importMarkdownFiles(t.ctx, [file])).created).toEqual(['pier-inquiry']);
      await unpublishArticle(t.ctx, 'pier-inquiry');
      await setArticleComments(t.ctx, 'pier-inquiry', false);

      expect((await importMarkdownFiles(t.ctx, [file])).unchanged).toEqual(['pier-inquiry']);
      await expect(findLiveArticle(t.ctx, 'pier-inquiry')).rejects.toMatchObject({ code: 'not_found' });
      expect(await stored()).toMatchObject({ status: 'draft', commentsEnabled: false });

      // An edit of the text alone is saved, and still not shown.
      writeFileSync(file, story('Pier inquiry opens').replace('Body text.', 'Body text, corrected.'));
      expect((await importMarkdownFiles(t.ctx, [file])).updated).toEqual(['pier-inquiry']);
      expect(await stored()).toMatchObject({ status: 'draft', commentsEnabled: false, bodyMd: expect.stringContaining('corrected') });

      // What the file says, it gets.
      writeFileSync(file, story('Pier inquiry opens', 'status: published\ncomments: true\n'));
      expect((await importMarkdownFiles(t.ctx, [file])).updated).toEqual(['pier-inquiry']);
      const live = await findLiveArticle(t.ctx, 'pier-inquiry');
      expect(live.kind === 'found' && live.article.commentsEnabled).toBe(true);
      writeFileSync(file, story('Pier inquiry opens', 'status: draft\ncomments: false\n'));
      await importMarkdownFiles(t.ctx, [file]);
      expect(await stored()).toMatchObject({ status: 'draft', commentsEnabled: false });
    } finally {
      rmSync(desk, { recursive: true, force: true });
    }
  });

  test('an article titled and named in Chinese gets a stable address, so a re-run finds it again', async () => {
    const cjk = mkdtempSync(join(tmpdir(), 'broadsheet-import-cjk-'));
    try {
      writeFileSync(join(cjk, '北京.md'), story('北京的渡轮恢复运行').replace('tags: [harbour, Night Shift]', 'tags: [北京, harbour]'));
      const files = await listMarkdownFiles(cjk);
      const first = await importMarkdownFiles(t.ctx, files);
      expect(first.created).toHaveLength(1);
      expect(first.created[0]).toMatch(/^article-[0-9a-f]{8}$/);
      const found = await findLiveArticle(t.ctx, first.created[0]!);
      expect(found.kind === 'found' && found.article.tags.map((x) => x.slug)).toEqual(['harbour', expect.stringMatching(/^tag-[0-9a-f]{8}$/)]);
      expect((await importMarkdownFiles(t.ctx, files)).unchanged).toEqual(first.created);
    } finally {
      rmSync(cjk, { recursive: true, force: true });
    }
  });

  test('the demo newsroom loads: 12+ articles in 4+ sections from 3+ authors, the newest two hours old', async () => {
    const demo = await createTestContext(dialect);
    try {
      const summary = await seedDemo(demo.ctx);
      expect(summary.skipped).toEqual([]);
      expect(summary.created.length).toBeGreaterThanOrEqual(12);
      const sections = await demo.ctx.db.selectFrom('sections').select('slug').execute();
      expect(sections.map((s) => s.slug)).toEqual(expect.arrayContaining(['world', 'defense']));
      expect(sections.length).toBeGreaterThanOrEqual(4);
      const authors = await demo.ctx.db.selectFrom('authors').select('id').execute();
      expect(authors.length).toBeGreaterThanOrEqual(3);
      const newest = await demo.ctx.db.selectFrom('articles').select((eb) => eb.fn.max('published_at').as('at')).executeTakeFirstOrThrow();
      expect(new Date(newest.at!).getTime()).toBe(demo.ctx.clock.now().getTime() - 2 * 3600_000);
      const bodies = await demo.ctx.db.selectFrom('article_bodies').select('body_html').execute();
      const html = bodies.map((b) => b.body_html).join('\n');
      for (const feature of ['<h2>', '<figure class="quote">', '<ul>', '<figure><img']) expect(html).toContain(feature);
    } finally {
      await demo.cleanup();
    }
  });
});
