// Search on SQLite: an FTS5 table that keeps only its index (content=''), one row per search document,
// its rowid the document's id. bm25() weighs a word in the headline 10, the standfirst 4, the body 1.
import { sql } from 'kysely';
import { fts5Query } from './search-text.js';
import type { SearchBackend } from './search.index.js';

export const sqliteSearch: SearchBackend = {
  async write(db, doc) {
    const existing = await db.selectFrom('search_documents').select('id').where('article_id', '=', doc.articleId).executeTakeFirst();
    let id = existing?.id;
    if (id === undefined) {
      id = (await db.insertInto('search_documents').values({ article_id: doc.articleId }).returning('id').executeTakeFirstOrThrow()).id;
    } else {
      await sql`delete from search_index where rowid = ${id}`.execute(db);
    }
    await sql`insert into search_index (rowid, title, standfirst, body) values (${id}, ${doc.title}, ${doc.standfirst}, ${doc.body})`.execute(db);
  },

  async remove(db, articleIds) {
    const ids = db.selectFrom('search_documents').select('id').where('article_id', 'in', articleIds);
    await sql`delete from search_index where rowid in (${ids})`.execute(db);
    await db.deleteFrom('search_documents').where('article_id', 'in', articleIds).execute();
  },

  async findLiveIds(db, terms, now, page) {
    // FTS5 walks the matches newest document first and stops at rankAmong, scoring only those.
    const { rows } = await sql<{ id: string }>`
      select d.article_id as id from (
        select rowid as document_id, bm25(search_index, 10.0, 4.0, 1.0) as score from search_index
        where search_index match ${fts5Query(terms)} order by rowid desc limit ${page.rankAmong}
      ) f
      inner join search_documents d on d.id = f.document_id
      inner join articles a on a.id = d.article_id
      where a.status <> 'draft' and a.published_at <= ${now}
      order by f.score, a.published_at desc, a.id desc
      limit ${page.limit} offset ${page.offset}`.execute(db);
    return rows.map((r) => r.id);
  },
};
