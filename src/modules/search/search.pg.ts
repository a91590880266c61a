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

  async findLiveIds(db, terms, now, page) {
    const query = tsQuery(terms);
    const { rows } = await sql<{ id: string }>`
      select d.article_id as id from (
        select id, article_id, document from search_documents
        where document @@ to_tsquery('simple', ${query}) order by id desc limit ${page.rankAmong}
      ) d
      inner join articles a on a.id = d.article_id
      where a.status <> 'draft' and a.published_at <= ${now}
      order by ts_rank('{0.1, 0.1, 0.4, 1.0}', d.document, to_tsquery('simple', ${query})) desc, a.published_at desc, a.id desc
      limit ${page.limit} offset ${page.offset}`.execute(db);
    return rows.map((r) => r.id);
  },
};
