// Indexes that let the busiest lists read in order instead of sorting: the newest articles overall and
// by author, and the comments of an article with their threads.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // "status <> 'draft'" cannot use an index that starts with status; reading by time and skipping the
  // few drafts can.
  await db.schema.dropIndex('articles_status_published_idx').execute();
  await db.schema.createIndex('articles_published_idx').on('articles').columns(['published_at', 'id', 'status']).execute();
  await db.schema.dropIndex('articles_author_idx').execute();
  await db.schema.createIndex('articles_author_published_idx').on('articles').columns(['author_id', 'published_at', 'id']).execute();
  // Top-level comments of an article in order, and the replies of a thread.
  await db.schema.dropIndex('comments_article_idx').execute();
  await db.schema.createIndex('comments_article_root_idx').on('comments').columns(['article_id', 'root_id', 'id']).execute();
  await db.schema.createIndex('comments_thread_idx').on('comments').columns(['root_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('comments_thread_idx').execute();
  await db.schema.dropIndex('comments_article_root_idx').execute();
  await db.schema.createIndex('comments_article_idx').on('comments').columns(['article_id', 'status', 'root_id', 'id']).execute();
  await db.schema.dropIndex('articles_author_published_idx').execute();
  await db.schema.createIndex('articles_author_idx').on('articles').columns(['author_id', 'published_at']).execute();
  await db.schema.dropIndex('articles_published_idx').execute();
  await db.schema.createIndex('articles_status_published_idx').on('articles').columns(['status', 'published_at', 'id']).execute();
}
