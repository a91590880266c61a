// Search ranks by where the words are (all in the headline, then in the headline or standfirst, then
// anywhere) and, within that, by publication, newest first; it reads each of those in order from an
// index and stops at the page it shows, so a search costs about the same in any archive (see
// modules/search/search.index.ts). For that, each search document gets `ordinal`: a number that
// orders documents as their articles' publication times do (see searchOrdinal()), which SQLite uses
// as the FTS5 rowid. Both get the headline and standfirst apart, small, for the first two tiers: a
// second FTS5 table on SQLite, a second tsvector column on PostgreSQL. The documents are written again from the
// articles by the server as it starts (or by `broadsheet migrate`): folding is code, not SQL, and
// SQLite's tables keep no text to renumber.
import { sql, type Kysely } from 'kysely';
import { isPostgres, serialKey } from '../migration-helpers.js';

const FTS5_OPTIONS = "content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'";

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`delete from search_documents`.execute(db);
    await sql`alter table search_documents add column ordinal bigint not null`.execute(db);
    await sql`create unique index search_documents_ordinal on search_documents (ordinal)`.execute(db);
    // The headline and standfirst apart (weighted A and B), small enough to be read row by row.
    await sql`alter table search_documents add column headline tsvector not null`.execute(db);
    await sql`create index search_documents_headline on search_documents using gin (headline) with (fastupdate = off)`.execute(db);
    return;
  }
  await sql`drop table search_index`.execute(db);
  await recreateDocuments(db, true);
  await sql.raw(`create virtual table search_headlines using fts5(title, standfirst, ${FTS5_OPTIONS})`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    await sql`delete from search_documents`.execute(db);
    await sql`alter table search_documents drop column ordinal`.execute(db);
    await sql`alter table search_documents drop column headline`.execute(db);
    return;
  }
  await sql`drop table search_headlines`.execute(db);
  await sql`drop table search_index`.execute(db);
  await recreateDocuments(db, false);
}

/** SQLite: search_documents and search_index made anew and empty, with the ordinal (up) or without (down). */
async function recreateDocuments(db: Kysely<unknown>, withOrdinal: boolean): Promise<void> {
  await db.schema.dropTable('search_documents').execute();
  let table = db.schema
    .createTable('search_documents')
    .addColumn('id', 'integer', serialKey(db))
    .addColumn('article_id', 'text', (c) => c.notNull().unique().references('articles.id').onDelete('cascade'));
  if (withOrdinal) table = table.addColumn('ordinal', 'integer', (c) => c.notNull().unique());
  await table.execute();
  await sql.raw(`create virtual table search_index using fts5(title, standfirst, body, ${FTS5_OPTIONS})`).execute(db);
}
