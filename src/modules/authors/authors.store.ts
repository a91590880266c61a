// The only SQL for authors.
import type { Selectable } from 'kysely';
import type { AuthorsTable, Db } from '../../db/schema.js';

export interface Author {
  id: string;
  slug: string;
  name: string;
  bio: string;
  isDemo: boolean;
}

export function toAuthor(row: Selectable<AuthorsTable>): Author {
  return { id: row.id, slug: row.slug, name: row.name, bio: row.bio, isDemo: row.is_demo === 1 };
}

export async function findAuthorBySlug(db: Db, slug: string): Promise<Author | undefined> {
  const row = await db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row && toAuthor(row);
}

export async function findAuthorByName(db: Db, name: string): Promise<Author | undefined> {
  const row = await db.selectFrom('authors').selectAll().where('name', '=', name).orderBy('slug').executeTakeFirst();
  return row && toAuthor(row);
}

export async function insertAuthor(db: Db, row: Selectable<AuthorsTable>): Promise<void> {
  await db.insertInto('authors').values(row).execute();
}

export async function updateAuthor(db: Db, id: string, values: Partial<Pick<AuthorsTable, 'name' | 'bio'>>): Promise<void> {
  await db.updateTable('authors').set(values).where('id', '=', id).execute();
}
