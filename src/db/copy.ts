// Copies a whole site from one database to another: the way from one machine on SQLite to several app
// nodes on PostgreSQL when traffic grows, and back (a production site on a laptop). Every table is read
// in one snapshot of the source, so the copy is consistent even while the site runs, and written in one
// transaction on the target, so a copy that fails leaves the target as empty as it was.
import { sql, type Kysely, type Transaction } from 'kysely';
import { MIGRATION_NAMES } from './database.js';
import { dialectOf } from './raw-query.js';
import type { Database, Db } from './schema.js';

export class CopyError extends Error {}

interface TableSpec {
  readonly name: keyof Database;
  /** The primary key: rows are read in its order, a batch at a time. */
  readonly key: readonly string[];
  /** A generated integer id, whose sequence must continue after the copied rows on PostgreSQL. */
  readonly identity?: string;
}

/**
 * Every table, parents before the rows that refer to them. Comments are copied in id order, so a reply
 * always comes after the comment it answers.
 */
export const COPIED_TABLES: readonly TableSpec[] = [
  { name: 'sections', key: ['id'] },
  { name: 'authors', key: ['id'] },
  { name: 'tags', key: ['id'] },
  { name: 'articles', key: ['id'] },
  { name: 'article_bodies', key: ['article_id'] },
  { name: 'article_sections', key: ['article_id', 'section_id'] },
  { name: 'article_tags', key: ['article_id', 'tag_id'] },
  { name: 'slug_redirects', key: ['old_slug'] },
  { name: 'comments', key: ['id'], identity: 'id' },
  { name: 'comment_bans', key: ['id'], identity: 'id' },
  { name: 'comment_reports', key: ['id'], identity: 'id' },
  { name: 'moderation_log', key: ['id'], identity: 'id' },
];

/** Rows per read and per insert: well under the parameter limits of both databases (32,766 and 65,535). */
const BATCH_ROWS = 500;

export interface CopyProgress {
  table: string;
  /** Rows copied so far, over every table. */
  done: number;
  total: number;
}

export interface CopyOptions {
  onProgress?: (progress: CopyProgress) => void;
  /** Called after each batch is written; a test uses it to fail a copy half way. */
  afterBatch?: (table: string, rows: number) => void;
}

export type CopySummary = Array<{ table: string; rows: number }>;

/**
 * Copies every row of `source` into `target`. Both must be migrated to this version; the target must
 * hold no content. Returns the rows copied per table.
 */
export async function copyDatabase(source: Db, target: Db, options: CopyOptions = {}): Promise<CopySummary> {
  await expectMigrated(source, 'source (DATABASE_URL)');
  await expectMigrated(target, 'target');
  await expectEmpty(target);
  const sourceIsPostgres = dialectOf(source) === 'postgres';
  // One snapshot of the source for every table: on PostgreSQL a repeatable-read transaction; on
  // SQLite any read transaction (WAL lets the site go on writing meanwhile).
  const snapshot = sourceIsPostgres ? source.transaction().setIsolationLevel('repeatable read') : source.transaction();
  return snapshot.execute(async (from) => {
    const counts = new Map<string, number>();
    for (const table of COPIED_TABLES) counts.set(table.name, await countRows(from, table.name));
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    let done = 0;
    options.onProgress?.({ table: COPIED_TABLES[0]!.name, done, total });
    return target.transaction().execute(async (to) => {
      const summary: CopySummary = [];
      for (const table of COPIED_TABLES) {
        let copied = 0;
        for await (const rows of batchesOf(from, table)) {
          await to.insertInto(table.name).values(rows as never).execute();
          copied += rows.length;
          done += rows.length;
          options.afterBatch?.(table.name, rows.length);
          options.onProgress?.({ table: table.name, done, total });
        }
        const written = await countRows(to, table.name);
        if (copied !== counts.get(table.name) || written !== copied) {
          throw new CopyError(`${table.name}: ${counts.get(table.name)} rows in the source, ${copied} read and ${written} written; nothing was kept.`);
        }
        if (table.identity && dialectOf(target) === 'postgres') await continueIdentity(to, table.name, table.identity);
        summary.push({ table: table.name, rows: copied });
      }
      // The content version goes on from the source's, so caches of nodes that knew it see a change.
      const state = await from.selectFrom('site_state').select('content_version').where('id', '=', 1).executeTakeFirst();
      await to.updateTable('site_state').set({ content_version: (state?.content_version ?? 0) + 1 }).where('id', '=', 1).execute();
      return summary;
    });
  });
}

/** A table's rows in primary-key order, BATCH_ROWS at a time, each batch after the last key of the one before. */
async function* batchesOf(db: Transaction<Database>, table: TableSpec): AsyncGenerator<Array<Record<string, unknown>>> {
  let after: unknown[] | null = null;
  const keys = table.key.map((k) => sql.ref(k));
  for (;;) {
    const rows: Array<Record<string, unknown>> = (
      await sql<Record<string, unknown>>`select * from ${sql.table(table.name)}
        ${after ? sql`where (${sql.join(keys)}) > (${sql.join(after)})` : sql``}
        order by ${sql.join(keys)} limit ${BATCH_ROWS}`.execute(db)
    ).rows;
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < BATCH_ROWS) return;
    const last = rows[rows.length - 1]!;
    after = table.key.map((k) => last[k]);
  }
}

async function countRows(db: Kysely<Database>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** After ids were written as they were, PostgreSQL's identity must hand out the next one after the highest. */
async function continueIdentity(db: Transaction<Database>, table: string, column: string): Promise<void> {
  await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(db);
}

async function expectMigrated(db: Db, which: string): Promise<void> {
  let applied: string[];
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
    applied = rows.map((r) => r.name);
  } catch {
    applied = [];
  }
  const pending = MIGRATION_NAMES.filter((name) => !applied.includes(name));
  const unknown = applied.filter((name) => !MIGRATION_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new CopyError(`The ${which} database was migrated by a newer version of Broadsheet (${unknown.join(', ')}); copy it with that version.`);
  }
  if (pending.length > 0) {
    throw new CopyError(`The ${which} database is not up to date (${pending.length} migration${pending.length === 1 ? '' : 's'} pending): run "broadsheet migrate" with it as DATABASE_URL first.`);
  }
}

async function expectEmpty(db: Db): Promise<void> {
  const filled: string[] = [];
  for (const table of COPIED_TABLES) {
    const n = await countRows(db, table.name);
    if (n > 0) filled.push(`${table.name.replace(/_/g, ' ')}: ${n}`);
  }
  if (filled.length > 0) {
    throw new CopyError(`The target database already holds content (${filled.join(', ')}). It must be new and empty: nothing was copied.`);
  }
}
