// Copying a whole site between databases, in every direction this machine can test: SQLite to
// PostgreSQL (a site that grows to several nodes), PostgreSQL to SQLite, and SQLite to SQLite.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Ctx } from '../context.js';
import { changeArticleSlug, findLiveArticle } from '../modules/articles/articles.service.js';
import { banCommenter, moderateComment, postComment } from '../modules/comments/comments.service.js';
import { makeArticle, seedNewsroom } from '../test/fixtures.js';
import { COPIED_TABLES, CopyError, copyDatabase } from './copy.js';
import { createTestContext, dialectsUnderTest, type TestContext } from './test-db.js';
import type { DialectName } from './database.js';

const dialects = await dialectsUnderTest();
const pairs: Array<[DialectName, DialectName]> = dialects.includes('postgres')
  ? [['sqlite', 'postgres'], ['postgres', 'sqlite']]
  : [['sqlite', 'sqlite']];

/** A small site with every kind of row: articles in two sections, a changed slug, comments and replies, a ban, the log. */
async function fillSite(ctx: Ctx): Promise<void> {
  await seedNewsroom(ctx);
  const harbour = await makeArticle(ctx, { title: 'Ferries return', sections: ['world', 'defense'], tags: ['ferries', 'harbour'] });
  await makeArticle(ctx, { title: 'Quiet strait', standfirst: 'Nothing moved — “for once”.', tags: ['strait'] });
  await changeArticleSlug(ctx, harbour.slug, 'ferries-return-to-valmora');
  const who = (n: number) => ({ token: null, clientAddress: `192.0.2.${n}` });
  const first = await postComment(ctx, harbour, { authorName: 'Olena', body: 'Good news at last.\n\nSecond paragraph.', email: 'olena@example.org' }, who(1));
  await moderateComment(ctx, first.comment.id, 'approve', 'editor', 'fine');
  await postComment(ctx, harbour, { authorName: 'Marek', body: 'Agreed.', parentId: first.comment.id }, who(2));
  const spam = await postComment(ctx, harbour, { authorName: 'Spammer', body: 'Buy things now.', email: 'spam@example.net' }, who(3));
  await banCommenter(ctx, { commentId: spam.comment.id }, 'editor', 'spam');
}

/** Every copied table's rows, in key order, as plain values (counts and numbers as numbers). */
async function dump(ctx: Ctx): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const table of COPIED_TABLES) {
    const keys = table.key.map((k) => sql.ref(k));
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table.name)} order by ${sql.join(keys)}`.execute(ctx.db);
    tables[table.name] = rows.map((row) => Object.fromEntries(Object.entries(row).sort(([a], [b]) => a.localeCompare(b))));
  }
  return tables;
}

describe.each(pairs)('copying a site from %s to %s', (from, to) => {
  let source: TestContext;
  let target: TestContext;
  beforeAll(async () => {
    source = await createTestContext(from);
    target = await createTestContext(to);
    await fillSite(source.ctx);
  });
  afterAll(async () => {
    await source.cleanup();
    await target.cleanup();
  });

  test('a copy that fails half way leaves the target empty', async () => {
    let batches = 0;
    const failing = copyDatabase(source.ctx.db, target.ctx.db, {
      afterBatch: (table) => {
        batches++;
        if (table === 'comments') throw new Error('the disk is full');
      },
    });
    await expect(failing).rejects.toThrow('the disk is full');
    expect(batches).toBeGreaterThan(5);
    for (const rows of Object.values(await dump(target.ctx))) expect(rows).toEqual([]);
  });

  test('every row arrives as it was, and the progress counts up to the total', async () => {
    const seen: number[] = [];
    const summary = await copyDatabase(source.ctx.db, target.ctx.db, { onProgress: ({ done, total }) => seen.push(done / total) });
    expect(await dump(target.ctx)).toEqual(await dump(source.ctx));
    expect(summary.find((row) => row.table === 'articles')?.rows).toBe(2);
    expect(summary.find((row) => row.table === 'comments')?.rows).toBe(3);
    expect(summary.find((row) => row.table === 'moderation_log')?.rows).toBeGreaterThanOrEqual(2);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  test('the copied site goes on: new comments get the next number, and the content version moved on', async () => {
    const { rows } = await sql<{ id: number }>`select max(id) as id from comments`.execute(target.ctx.db);
    const highest = Number(rows[0]!.id);
    const article = (await sql<{ slug: string }>`select slug from articles where title = 'Ferries return'`.execute(target.ctx.db)).rows[0]!;
    const found = await findLiveArticle(target.ctx, article.slug);
    if (found.kind !== 'found') throw new Error('the copied article is not found');
    const next = await postComment(target.ctx, found.article, { authorName: 'Iryna', body: 'Copied and still talking.' }, { token: null, clientAddress: '192.0.2.9' });
    expect(next.comment.id).toBe(highest + 1);
    const versions = async (ctx: Ctx) => Number((await sql<{ v: number }>`select content_version as v from site_state where id = 1`.execute(ctx.db)).rows[0]!.v);
    expect(await versions(target.ctx)).toBeGreaterThan(await versions(source.ctx));
  });

  test('a target that holds content is refused and left as it was', async () => {
    const before = await dump(target.ctx);
    const again = copyDatabase(source.ctx.db, target.ctx.db);
    await expect(again).rejects.toThrow(CopyError);
    await expect(copyDatabase(source.ctx.db, target.ctx.db)).rejects.toThrow(/already holds content \(sections: 2, authors: 1, tags: \d+, articles: 2, /);
    expect(await dump(target.ctx)).toEqual(before);
  });
});
