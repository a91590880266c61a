// Which articles a search may find, and the SQL that says so for either database.
import { sql } from 'kysely';

/** Articles live at `now`, and only those listed in a section when it names one. */
export interface SearchScope {
  now: string;
  sectionId: string | null;
}

/**
 * The condition that keeps a tier's matches (the article `a`) to the scope's section, if it has one: an
 * article counts in each section it is listed in, as on the section's page.
 */
export function inSectionSql(scope: SearchScope) {
  return scope.sectionId === null
    ? sql``
    : sql` and exists (select 1 from article_sections x where x.article_id = a.id and x.section_id = ${scope.sectionId})`;
}
