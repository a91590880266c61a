// The only SQL for sections.
import type { Selectable } from 'kysely';
import type { Db, SectionsTable } from '../../db/schema.js';

export interface Section {
  id: string;
  slug: string;
  name: string;
  description: string;
  position: number;
  isDemo: boolean;
}

export function toSection(row: Selectable<SectionsTable>): Section {
  return { id: row.id, slug: row.slug, name: row.name, description: row.description, position: row.position, isDemo: row.is_demo === 1 };
}

export async function listAllSections(db: Db): Promise<Section[]> {
  const rows = await db.selectFrom('sections').selectAll().orderBy('position').orderBy('name').execute();
  return rows.map(toSection);
}

export async function findSectionBySlug(db: Db, slug: string): Promise<Section | undefined> {
  const row = await db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row && toSection(row);
}

export async function insertSection(db: Db, row: Selectable<SectionsTable>): Promise<void> {
  await db.insertInto('sections').values(row).execute();
}

export async function updateSection(db: Db, id: string, values: Partial<Pick<SectionsTable, 'name' | 'description' | 'position'>>): Promise<void> {
  await db.updateTable('sections').set(values).where('id', '=', id).execute();
}
