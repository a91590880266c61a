import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestContext, dialectsUnderTest, type TestContext } from './test-db.js';
import { param, PreparedQuery } from './prepared.js';
import type { Db } from './schema.js';

const dialects = await dialectsUnderTest();

describe.each(dialects)('prepared queries on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    await t.ctx.db.insertInto('tags').values([{ id: 't1', slug: 'harbour', name: 'Harbour' }, { id: 't2', slug: 'ferries', name: 'Ferries' }]).execute();
  });
  afterAll(() => t.cleanup());

  const bySlug = new PreparedQuery((db: Db) => db.selectFrom('tags').select(['id', 'name']).where('slug', '=', param('slug')).where('id', '<>', 'nothing'));

  test('runs with the values given, keeping the constants written in the query', async () => {
    expect(await bySlug.execute(t.ctx.db, { slug: 'ferries' })).toEqual([{ id: 't2', name: 'Ferries' }]);
    expect(await bySlug.execute(t.ctx.db, { slug: 'harbour' })).toEqual([{ id: 't1', name: 'Harbour' }]);
    expect(await bySlug.execute(t.ctx.db, { slug: 'none' })).toEqual([]);
  });

  test('a missing value is an error, not a query for the placeholder', async () => {
    await expect(bySlug.execute(t.ctx.db, {} as { slug: string })).rejects.toThrow('"slug" has no value');
  });
});
