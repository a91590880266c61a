// "Has this commenter an approved comment?" runs on every post; with only (commenter_key, created_at)
// SQLite preferred the status index and walked every approved comment on the site.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('comments_commenter_idx').execute();
  await db.schema.createIndex('comments_commenter_status_idx').on('comments').columns(['commenter_key', 'status', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('comments_commenter_status_idx').execute();
  await db.schema.createIndex('comments_commenter_idx').on('comments').columns(['commenter_key', 'created_at']).execute();
}
