// One row that counts content changes. Every process that writes (app nodes, the CLI) bumps it, and app
// nodes poll it, so caches are emptied even when a change was made by another process without Redis.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('site_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('content_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await (db as Kysely<{ site_state: { id: number; content_version: number } }>).insertInto('site_state').values({ id: 1, content_version: 0 }).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('site_state').execute();
}
