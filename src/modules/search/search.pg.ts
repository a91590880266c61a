// Search on PostgreSQL: two tsvectors per document with the 'simple' configuration (the words are
// folded already, see search-text.ts), each with a GIN index: `document`, the headline weighted A, the
// standfirst B, the body C; and `headline`, the headline and standfirst alone, small enough to be
// read row by row. The first tiers read `headline` (the headline tier asks for weight A: "harbour:A"),
// the last `document`; matches come newest first by the documents' ordinal (see searchOrdinal()),
// which has an index of its own.
import { sql } from 'kysely';
import { tsQuery } from './search-text.js';
import type { SearchBackend } from './search.index.js';
import { inSectionSql } from './search.scope.js';


export const postgresSearch: SearchBackend = {
  async write(db, doc, ordinal) {
    await sql`
      insert into search_documents (article_id, ordinal, headline, document) values (${doc.articleId}, ${ordinal},
        setweight(to_tsvector('simple', ${doc.title}), 'A') || setweight(to_tsvector('simple', ${doc.standfirst}), 'B'),
        setweight(to_tsvector('simple', ${doc.title}), 'A') || setweight(to_tsvector('simple', ${doc.standfirst}), 'B') || setweight(to_tsvector('simple', ${doc.body}), 'C'))
      on conflict (article_id) do update set headline = excluded.headline, document = excluded.document, ordinal = excluded.ordinal`.execute(db);
  },

  async remove(db, articleIds) {
    await db.deleteFrom('search_documents').where('article_id', 'in', articleIds).execute();
  },

  async findTier(db, terms, tier, scope, limit) {
    const vector = tier === 'anywhere' ? sql.ref('d.document') : sql.ref('d.headline');
    const query = tsQuery(terms, tier === 'headline' ? 'A' : '');
    const { rows } = await sql<{ id: string }>`
      select d.article_id as id from search_documents d
      inner join articles a on a.id = d.article_id
      where ${vector} @@ to_tsquery('simple', ${query}) and a.status <> 'draft' and a.published_at <= ${scope.now}${inSectionSql(scope)}
      order by d.ordinal desc limit ${limit}`.execute(db);
    return rows.map((r) => r.id);
  },
};
