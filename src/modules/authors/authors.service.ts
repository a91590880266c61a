// Authors: the people in bylines, each with a page listing their articles.
import type { Ctx } from '../../context.js';
import { invalid } from '../../http/errors.js';
import { toTimestamp } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { couldBeSlug, isValidSlug, slugFromTitle } from '../../shared/slug.js';
import { findAuthorByName, findAuthorBySlug, insertAuthor, updateAuthor, type Author } from './authors.store.js';

export type { Author };

export interface AuthorInput {
  slug?: string;
  name: string;
  bio?: string;
  isDemo?: boolean;
}

export async function getAuthorBySlug(ctx: Ctx, slug: string): Promise<Author | undefined> {
  return couldBeSlug(slug) ? findAuthorBySlug(ctx.db, slug) : undefined;
}

/**
 * An author by the slug of their page, or by the name in their byline as a writer gives it in front
 * matter ("Ada Quill", or "ada quill", which makes their slug).
 */
export async function findAuthor(ctx: Ctx, slugOrName: string): Promise<Author | undefined> {
  const slug = slugFromTitle(slugOrName, 'author');
  return (
    (await getAuthorBySlug(ctx, slugOrName)) ??
    (await findAuthorByName(ctx.db, slugOrName)) ??
    (slug !== slugOrName ? await getAuthorBySlug(ctx, slug) : undefined)
  );
}

/** Creates the author, or updates name and bio when the slug exists. */
export async function saveAuthor(ctx: Ctx, input: AuthorInput): Promise<Author> {
  const name = input.name.trim();
  if (!name) throw invalid('An author needs a name.', { name: 'Please give the author a name.' });
  const slug = input.slug ?? slugFromTitle(name, 'author');
  if (!isValidSlug(slug)) throw invalid(`"${slug}" cannot be used as an author slug.`, { slug: 'Use lowercase letters, digits and hyphens.' });
  const existing = await findAuthorBySlug(ctx.db, slug);
  if (existing) {
    await updateAuthor(ctx.db, existing.id, { name, bio: input.bio ?? existing.bio });
  } else {
    await insertAuthor(ctx.db, { id: newId('aut'), slug, name, bio: input.bio ?? '', is_demo: input.isDemo ? 1 : 0, created_at: toTimestamp(ctx.clock.now()) });
  }
  ctx.events.changed({ kind: 'author' });
  return (await findAuthorBySlug(ctx.db, slug))!;
}
