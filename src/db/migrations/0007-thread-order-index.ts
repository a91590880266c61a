// A page of comment threads read as one range of an index instead of a lookup per thread: comments of
// an article ordered by their thread (the top-level comment's id) and then by id. The top-level index
// now also carries what decides whether a comment is shown, so counting and paging the threads of an
// article never reads the table.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('comments_thread_order_idx').on('comments').expression(sql`article_id, (coalesce(root_id, id)), id`).execute();
  await db.schema.dropIndex('comments_article_root_idx').execute();
  await db.schema.createIndex('comments_article_root_idx').on('comments').columns(['article_id', 'root_id', 'id', 'status', 'commenter_key']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('comments_article_root_idx').execute();
  await db.schema.createIndex('comments_article_root_idx').on('comments').columns(['article_id', 'root_id', 'id']).execute();
  await db.schema.dropIndex('comments_thread_order_idx').execute();
}
