import { sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { migrateToLatest, openDb, type OpenDb } from './database.js';
import { isPreparable, statementName } from './pg-statements.js';
import { createTestDatabase, dialectsUnderTest, type TestDb } from './test-db.js';

describe('statement names', () => {
  test('the same text always gets the same name, another text another one, within PostgreSQL\'s 63 characters', () => {
    const a = statementName('select id from articles where slug = $1');
    expect(statementName('select id from articles where slug = $1')).toBe(a);
    expect(statementName('select id from articles where slug = $2')).not.toBe(a);
    expect(a).toMatch(/^bs_[0-9a-f]{24}$/);
  });

  test.each([
    ['select 1', true],
    ['  SELECT * from articles', true],
    ['insert into comments (body) values ($1)', true],
    ['update articles set title = $1', true],
    ['delete from comments where id = $1', true],
    ['with x as (select 1) select * from x', true],
    ['begin', false],
    ['commit', false],
    ['create table t (id int)', false],
    ['alter table articles add column x int', false],
    ['selection', false],
  ])('%s is prepared: %s', (text, expected) => {
    expect(isPreparable(text)).toBe(expected);
  });
});

const onPostgres = (await dialectsUnderTest()).includes('postgres');

describe.skipIf(!onPostgres)('named prepared statements on PostgreSQL', () => {
  let testDb: TestDb | undefined;
  let opened: OpenDb | undefined;
  afterEach(async () => {
    await opened?.close();
    await testDb?.drop();
    opened = testDb = undefined;
  });

  /** The statements prepared on the pool's one connection, by name. */
  async function preparedNames(db: OpenDb['db']): Promise<string[]> {
    const { rows } = await sql<{ name: string }>`select name from pg_prepared_statements where not from_sql`.execute(db);
    return rows.map((r) => r.name);
  }

  test('a query runs as a named statement, prepared once per connection, and gives the same rows', async () => {
    testDb = await createTestDatabase('postgres');
    opened = await openDb(testDb.url, { poolSize: 1 });
    await migrateToLatest(opened.db);
    const query = opened.db.selectFrom('sections').select(['id', 'slug']).where('slug', '=', 'world');
    expect(await query.execute()).toEqual([]);
    await opened.db.insertInto('sections').values({ id: 'sec_1', slug: 'world', name: 'World', description: '', position: 1, is_demo: 0, created_at: '2026-11-27T00:00:00.000Z' }).execute();
    expect(await query.execute()).toEqual([{ id: 'sec_1', slug: 'world' }]);
    const names = await preparedNames(opened.db);
    expect(names).toContain(statementName(query.compile().sql));
    expect(names.filter((n) => n === statementName(query.compile().sql))).toHaveLength(1);
    // Transactions (begin and commit are sent as they are) and a failing statement work as before.
    await opened.db.transaction().execute(async (trx) => {
      await trx.updateTable('sections').set({ name: 'World news' }).where('id', '=', 'sec_1').execute();
    });
    expect((await query.select('name').execute())[0]?.name).toBe('World news');
    await expect(opened.db.insertInto('sections').values({ id: 'sec_1', slug: 'again', name: 'Again', description: '', position: 2, is_demo: 0, created_at: '2026-11-27T00:00:00.000Z' }).execute()).rejects.toThrow(/duplicate key/);
    expect(await query.execute()).toEqual([{ id: 'sec_1', slug: 'world' }]);
  });

  test('with DATABASE_PREPARED_STATEMENTS off, nothing is prepared by name', async () => {
    testDb = await createTestDatabase('postgres');
    opened = await openDb(testDb.url, { poolSize: 1, preparedStatements: false });
    await migrateToLatest(opened.db);
    await opened.db.selectFrom('sections').select('id').where('slug', '=', 'world').execute();
    expect(await preparedNames(opened.db)).toEqual([]);
  });
});
