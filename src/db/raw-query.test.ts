import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestContext, dialectsUnderTest, type TestContext } from './test-db.js';
import { jsonRows, parseJsonRows, RawQuery } from './raw-query.js';

const dialects = await dialectsUnderTest();

describe.each(dialects)('hand-written queries on %s', (dialect) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(dialect);
    await t.ctx.db
      .insertInto('tags')
      .values([
        { id: 't1', slug: 'harbour', name: 'Harbour' },
        { id: 't2', slug: 'ferries', name: 'Ferries "and" <boats>' },
        { id: 't3', slug: 'tides', name: 'Tides' },
      ])
      .execute();
  });
  afterAll(() => t.cleanup());

  // $1 is used twice and $2 once: on SQLite the values are repeated in the order the placeholders appear.
  const tags = new RawQuery<{ n: number | string; rows: string | Array<[string, string, number]> | null }>(
    (d) => `select (select count(*) from tags where slug <> $1 and slug <> $2) as n,
      (select ${jsonRows(d, ['x.slug', 'x.name', 'length(x.slug)'])} from (select * from tags where slug <> $1 and slug <> $2) x) as rows`,
  );

  test('placeholders are filled in by number, however often and in whatever order they appear', async () => {
    const [row] = await tags.execute(t.ctx.db, dialect, ['harbour', 'nothing']);
    expect(Number(row!.n)).toBe(2);
    expect(parseJsonRows(row!.rows).sort((a, b) => a[2] - b[2])).toEqual([
      ['tides', 'Tides', 5],
      ['ferries', 'Ferries "and" <boats>', 7],
    ]);
  });

  test('a list with no rows is empty', async () => {
    const [row] = await tags.execute(t.ctx.db, dialect, ['%', '%']);
    expect(Number(row!.n)).toBe(3);
    const [none] = await new RawQuery<{ rows: string | null }>((d) => `select (select ${jsonRows(d, ['slug'])} from tags where slug = $1) as rows`).execute(t.ctx.db, dialect, ['nothing']);
    // SQLite aggregates no rows to "[]", PostgreSQL to null: both read as an empty list.
    expect(parseJsonRows(none!.rows)).toEqual([]);
  });
});
