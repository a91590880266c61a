// Search on PostgreSQL: a tsvector per document with the 'simple' configuration (the words are folded
// already, see search-text.ts), the headline weighted A, the standfirst B, the body C, and a GIN index.
import { sql } from 'kysely';
import { tsQuery } from './search-text.js';
import type { SearchBackend } from './search.index.js';

export const postgresSearch: SearchBackend = {
  async write(db, doc) {
    await sql`
      insert into search_documents (article_id, document) values (${doc.articleId},
        setweight(to_tsvector('simple', ${doc.title}), 'A') || setweight(to_tsvector('simple', ${doc.standfirst}), 'B') || setweight(to_tsvector('simple', ${doc.body}), 'C'))
      on conflict (article_id) do update set document = excluded.document`.execute(db);
  },

  async remove(db, articleIds) {
    await db.deleteFrom('search_documents').where('article_id', 'in', articleIds).execute();
  },

  async findLiveIds(db, terms, now, limit, offset) {
    const { rows } = await sql<{ id: string }>`
      select d.article_id as id from search_documents d
      inner join articles a on a.id = d.article_id
      where d.document @@ to_tsquery('simple', ${tsQuery(terms)}) and a.status <> 'draft' and a.published_at <= ${now}
      order by ts_rank('{0.1, 0.1, 0.4, 1.0}', d.document, to_tsquery('simple', ${tsQuery(terms)})) desc, a.published_at desc, a.id desc
      limit ${limit} offset ${offset}`.execute(db);
    return rows.map((r) => r.id);
  },
};
