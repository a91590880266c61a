// The only SQL of the feeds module: article bodies, which listings leave out to stay small.
import type { Db } from '../../db/schema.js';

export async function findBodiesByIds(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('article_bodies').select(['article_id', 'body_html']).where('article_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.article_id, r.body_html]));
}
