// Search finds the forms of a word by their stem in the site's language (see
// modules/search/stemming.ts), so the index must be written with the same stemming that searches use.
// The site remembers which one wrote it: when that is not the one SITE_LANGUAGE gives (after this
// upgrade, which leaves it empty, or after the language changed), the server rewrites every search
// document as it starts, or `broadsheet migrate` does (see search.service.ts, bringSearchUpToDate).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('site_state').addColumn('search_stemming', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('site_state').dropColumn('search_stemming').execute();
}
