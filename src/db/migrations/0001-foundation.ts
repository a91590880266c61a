// The foundation: sections, authors, tags and articles, with the join tables that let an article sit in
// several sections and the redirects that keep old article URLs working after a slug changes.
import type { Kysely } from 'kysely';
import { timestamp } from '../migration-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', timestamp(), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('authors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', timestamp(), (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('standfirst', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text', (c) => c.notNull())
    .addColumn('word_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull().defaultTo('news'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('authors.id'))
    .addColumn('primary_section_id', 'text', (c) => c.notNull().references('sections.id'))
    .addColumn('image_url', 'text')
    .addColumn('image_alt', 'text')
    .addColumn('comments_enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('published_at', timestamp())
    .addColumn('updated_at', timestamp(), (c) => c.notNull())
    .addColumn('created_at', timestamp(), (c) => c.notNull())
    .execute();
  await db.schema.createIndex('articles_status_published_idx').on('articles').columns(['status', 'published_at', 'id']).execute();
  await db.schema.createIndex('articles_author_idx').on('articles').columns(['author_id', 'published_at']).execute();

  await db.schema
    .createTable('article_sections')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('section_id', 'text', (c) => c.notNull().references('sections.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('listed_at', timestamp())
    .addPrimaryKeyConstraint('article_sections_pk', ['article_id', 'section_id'])
    .execute();
  await db.schema.createIndex('article_sections_listing_idx').on('article_sections').columns(['section_id', 'listed_at', 'article_id']).execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'text', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('listed_at', timestamp())
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('article_tags_listing_idx').on('article_tags').columns(['tag_id', 'listed_at', 'article_id']).execute();

  await db.schema
    .createTable('slug_redirects')
    .addColumn('old_slug', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('created_at', timestamp(), (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['slug_redirects', 'article_tags', 'article_sections', 'articles', 'tags', 'authors', 'sections']) {
    await db.schema.dropTable(table).execute();
  }
}
