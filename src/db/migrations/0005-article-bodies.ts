// Article bodies move to their own table. In SQLite a row's later columns sit behind its large text
// values, so every list that read a few fields of an article also walked through its body's overflow
// pages. Lists now read small rows; only the article page and feeds join the body.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('article_bodies')
    .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into article_bodies (article_id, body_md, body_html) select id, body_md, body_html from articles`.execute(db);
  await db.schema.alterTable('articles').dropColumn('body_md').execute();
  await db.schema.alterTable('articles').dropColumn('body_html').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('body_md', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('articles').addColumn('body_html', 'text', (c) => c.notNull().defaultTo('')).execute();
  await sql`update articles set body_md = (select body_md from article_bodies where article_id = articles.id), body_html = (select body_html from article_bodies where article_id = articles.id)`.execute(db);
  await db.schema.dropTable('article_bodies').execute();
}
