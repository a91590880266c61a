// Search finds the forms of a word by their stem in the site's language (see
// modules/search/stemming.ts), so the index must be written as searches read: with the same folding
// and the same stemming. The site remembers how its index was written (`search_text`, see
// searchTextKind()): when that is not how this version, with this SITE_LANGUAGE, writes it (after this
// upgrade, which leaves it empty, after an upgrade that folds text differently, or after the language
// changed), the server writes every search document again as it serves, or `broadsheet migrate` does
// (see search.service.ts, bringSearchUpToDate).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('site_state').addColumn('search_text', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('site_state').dropColumn('search_text').execute();
}
