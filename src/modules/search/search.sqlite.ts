// Search on SQLite: two FTS5 tables that keep only their index (content=''), one row per search
// document, its rowid the document's ordinal (see searchOrdinal()), so that FTS5 gives matches newest
// first and stops at the page: search_index holds headline, standfirst and body; search_headlines,
// small, the headline and standfirst alone, so that the first two tiers read only those.
import { sql } from 'kysely';
import { fts5Query } from './search-text.js';
import type { SearchBackend } from './search.index.js';
import { inSectionSql } from './search.scope.js';

export const sqliteSearch: SearchBackend = {
  async write(db, doc, ordinal) {
    const existing = await db.selectFrom('search_documents').select(['id', 'ordinal']).where('article_id', '=', doc.articleId).executeTakeFirst();
    if (existing === undefined) {
      await db.insertInto('search_documents').values({ article_id: doc.articleId, ordinal }).execute();
    } else {
      await sql`delete from search_index where rowid = ${existing.ordinal}`.execute(db);
      await sql`delete from search_headlines where rowid = ${existing.ordinal}`.execute(db);
      if (existing.ordinal !== ordinal) await db.updateTable('search_documents').set({ ordinal }).where('id', '=', existing.id).execute();
    }
    await sql`insert into search_index (rowid, title, standfirst, body) values (${ordinal}, ${doc.title}, ${doc.standfirst}, ${doc.body})`.execute(db);
    await sql`insert into search_headlines (rowid, title, standfirst) values (${ordinal}, ${doc.title}, ${doc.standfirst})`.execute(db);
  },

  async remove(db, articleIds) {
    const ordinals = db.selectFrom('search_documents').select('ordinal').where('article_id', 'in', articleIds);
    await sql`delete from search_index where rowid in (${ordinals})`.execute(db);
    await sql`delete from search_headlines where rowid in (${ordinals})`.execute(db);
    await db.deleteFrom('search_documents').where('article_id', 'in', articleIds).execute();
  },

  async findTier(db, terms, tier, scope, limit) {
    const words = fts5Query(terms);
    const query = tier === 'headline' ? `{title} : (${words})` : words;
    // The first two tiers read the small table of headlines and standfirsts, the last the whole documents.
    const table = sql.table(tier === 'anywhere' ? 'search_index' : 'search_headlines');
    // FTS5 walks its matches by rowid, newest first; each is looked up and kept if live, up to the limit.
    const { rows } = await sql<{ id: string }>`
      select d.article_id as id from ${table} s
      inner join search_documents d on d.ordinal = s.rowid
      inner join articles a on a.id = d.article_id
      where ${table} match ${query} and a.status <> 'draft' and a.published_at <= ${scope.now}${inSectionSql(scope)}
      order by s.rowid desc limit ${limit}`.execute(db);
    return rows.map((r) => r.id);
  },
};
