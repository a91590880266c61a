// Sections: the newsroom's departments (World, Defense, …), each with its own page and feeds.
import type { Ctx } from '../../context.js';
import { invalid } from '../../http/errors.js';
import { toTimestamp } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { isValidSlug } from '../../shared/slug.js';
import { findSectionBySlug, insertSection, listAllSections, updateSection, type Section } from './sections.store.js';

export type { Section };

/** First path segments that belong to the site itself and so cannot be section slugs. */
export const RESERVED_SLUGS = new Set([
  'api', 'admin', 'static', 'tag', 'tags', 'author', 'authors', 'search', 'login', 'logout', 'feed', 'rss', 'atom',
  'sitemap', 'sitemaps', 'robots', 'moderation', 'comments', 'health', 'healthz', 'favicon', 'page', 'preview',
]);

export interface SectionInput {
  slug: string;
  name: string;
  description?: string;
  position?: number;
  isDemo?: boolean;
}

const cache = new WeakMap<Ctx['events'], { version: number; sections: Section[] }>();

/** All sections in display order, kept in memory until content changes. */
export async function getSections(ctx: Ctx): Promise<Section[]> {
  const cached = cache.get(ctx.events);
  if (cached && cached.version === ctx.events.version) return cached.sections;
  const version = ctx.events.version;
  const sections = await listAllSections(ctx.db);
  cache.set(ctx.events, { version, sections });
  return sections;
}

export async function getSectionBySlug(ctx: Ctx, slug: string): Promise<Section | undefined> {
  return (await getSections(ctx)).find((s) => s.slug === slug);
}

/** Creates the section, or updates its name, description and position when the slug exists. */
export async function saveSection(ctx: Ctx, input: SectionInput): Promise<Section> {
  if (!isValidSlug(input.slug) || RESERVED_SLUGS.has(input.slug)) {
    throw invalid(`"${input.slug}" cannot be used as a section slug.`, { slug: 'Use lowercase letters, digits and hyphens; some words are reserved.' });
  }
  if (!input.name.trim()) throw invalid('A section needs a name.', { name: 'Please give the section a name.' });
  const existing = await findSectionBySlug(ctx.db, input.slug);
  if (existing) {
    await updateSection(ctx.db, existing.id, { name: input.name, description: input.description ?? existing.description, position: input.position ?? existing.position });
  } else {
    await insertSection(ctx.db, {
      id: newId('sec'),
      slug: input.slug,
      name: input.name.trim(),
      description: input.description ?? '',
      position: input.position ?? 0,
      is_demo: input.isDemo ? 1 : 0,
      created_at: toTimestamp(ctx.clock.now()),
    });
  }
  ctx.events.changed({ kind: 'section' });
  return (await findSectionBySlug(ctx.db, input.slug))!;
}
