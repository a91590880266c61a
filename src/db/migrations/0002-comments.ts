// Reader comments under articles, the bans moderators hand out, and the append-only moderation log.
// Comment ids are small integers because readers see them in permalinks (#comment-42).
import type { Kysely } from 'kysely';
import { serialKey, timestamp } from '../migration-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const serial = serialKey(db);

  await db.schema
    .createTable('comments')
    .addColumn('id', 'integer', serial)
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('set null'))
    .addColumn('root_id', 'integer')
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('held_reason', 'text')
    .addColumn('commenter_key', 'text', (c) => c.notNull())
    .addColumn('client_hash', 'text', (c) => c.notNull())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp(), (c) => c.notNull())
    .addColumn('edited_at', timestamp())
    .addColumn('updated_at', timestamp(), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('comments_article_idx').on('comments').columns(['article_id', 'status', 'root_id', 'id']).execute();
  await db.schema.createIndex('comments_commenter_idx').on('comments').columns(['commenter_key', 'created_at']).execute();
  await db.schema.createIndex('comments_client_idx').on('comments').columns(['client_hash', 'created_at']).execute();
  await db.schema.createIndex('comments_body_idx').on('comments').columns(['body_hash', 'created_at']).execute();
  await db.schema.createIndex('comments_email_idx').on('comments').columns(['email', 'status']).execute();
  await db.schema.createIndex('comments_status_idx').on('comments').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('comment_bans')
    .addColumn('id', 'integer', serial)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', timestamp(), (c) => c.notNull())
    .addUniqueConstraint('comment_bans_kind_value', ['kind', 'value'])
    .execute();

  await db.schema
    .createTable('moderation_log')
    .addColumn('id', 'integer', serial)
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('at', timestamp(), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('moderation_log_target_idx').on('moderation_log').columns(['target_type', 'target_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['moderation_log', 'comment_bans', 'comments']) await db.schema.dropTable(table).execute();
}
