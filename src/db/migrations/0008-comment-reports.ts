// Readers report published comments they find abusive, spam or off topic. One report per comment from
// each network (the salted client hash, as for rate limits): a comment reported from enough networks
// goes back to moderation (COMMENT_REPORTS_TO_HOLD). Reports are kept for the moderators to read.
import type { Kysely } from 'kysely';
import { serialKey, timestamp } from '../migration-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const serial = serialKey(db);
  await db.schema
    .createTable('comment_reports')
    .addColumn('id', 'integer', serial)
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('client_hash', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp(), (c) => c.notNull())
    .addUniqueConstraint('comment_reports_comment_client', ['comment_id', 'client_hash'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('comment_reports').execute();
}
