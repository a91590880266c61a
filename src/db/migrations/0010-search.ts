// Readers search the archive. Each article has one search document: its headline, standfirst and body
// as folded words (see modules/search/search-text.ts), so both databases match the same words. On
// SQLite the words go into an FTS5 table that keeps only its index (the text is in the articles
// already), keyed by the document's number; on PostgreSQL into a tsvector column with a GIN index. The
// documents of articles that exist before this migration are written by the server as it starts (see
// search.service.ts, indexUnsearchedArticles): folding is code, not SQL.
import { sql, type Kysely } from 'kysely';
import { isPostgres, serialKey } from '../migration-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = isPostgres(db);
  let table = db.schema
    .createTable('search_documents')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('article_id', 'text', (c) => c.notNull().unique().references('articles.id').onDelete('cascade'));
  if (postgres) table = table.addColumn('document', sql`tsvector`, (c) => c.notNull());
  await table.execute();
  if (postgres) {
    // Without GIN's pending list: it would hold the words of articles indexed in bulk (an upgrade, a
    // copy) until a vacuum, and meanwhile make the planner read every document instead of the index.
    await sql`create index search_documents_document on search_documents using gin (document) with (fastupdate = off)`.execute(db);
  } else {
    await sql`create virtual table search_index using fts5(title, standfirst, body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) await sql`drop table search_index`.execute(db);
  await db.schema.dropTable('search_documents').execute();
}
