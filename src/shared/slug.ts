// URL slugs: lowercase ASCII words joined by hyphens. Non-Latin titles are transliterated by `slugify`;
// scripts it cannot write in Latin letters (Chinese, Japanese, Korean…) get a short stable code instead.
import { createHash } from 'node:crypto';
import slugifyLib from 'slugify';

const slugify = slugifyLib as unknown as (text: string, options: object) => string;

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 80;

/**
 * The slug for a title. A title with words but nothing `slugify` can spell in Latin letters ("北京新闻")
 * gets `{kind}-` and eight hex digits of its hash: the same title always gets the same slug, so imports
 * can run again. A title with no words at all gives "".
 */
export function slugFromTitle(title: string, kind = 'page'): string {
  const slug = slugify(title, { lower: true, strict: true, trim: true })
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (slug === '' && /[\p{L}\p{N}]/u.test(title)) return `${kind}-${createHash('sha256').update(title.trim()).digest('hex').slice(0, 8)}`;
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  // Cut at a word boundary so the slug stays readable.
  const cut = slug.slice(0, MAX_SLUG_LENGTH);
  const lastHyphen = cut.lastIndexOf('-');
  return lastHyphen > 20 ? cut.slice(0, lastHyphen) : cut;
}

export function isValidSlug(slug: string): boolean {
  return slug.length > 0 && slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug);
}

/**
 * Whether text from an address (a path segment, a filter) could be a slug the site made, and so is worth
 * asking the database about. Anything else is simply not found: PostgreSQL refuses a NUL in a query's
 * text, which would otherwise turn a stranger's "/world/a%00b" into a server error.
 */
export function couldBeSlug(text: string): boolean {
  return text.length <= 200 && SLUG_PATTERN.test(text);
}
