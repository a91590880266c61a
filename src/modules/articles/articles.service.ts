// Newsroom actions on articles: write and publish (saveArticle), read what a reader may see, and list.
import type { Ctx } from '../../context.js';
import type { ArticleStatus, ArticleType } from '../../db/schema.js';
import { toTimestamp } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import { renderArticleMarkdown } from '../../shared/markdown.js';
import { oneLine, withoutControlCharacters } from '../../shared/plain-text.js';
import { couldBeSlug, isValidSlug, MAX_SLUG_LENGTH, slugFromTitle } from '../../shared/slug.js';
import { invalid } from '../../http/errors.js';
import { findAuthor } from '../authors/authors.service.js';
import { getSections } from '../sections/sections.service.js';
import { indexForSearch, removeFromSearch } from '../search/search.index.js';
import { stemmingFor } from '../search/stemming.js';
import { articleNotFound, invalidArticle, previewNotValid, slugTaken } from './articles.errors.js';
import { previewToken, readPreviewToken } from './preview-token.js';
import * as store from './articles.store.js';
import type { Article, ArticleSummary, ListedId, Ref } from './articles.store.js';

export type { Article, ArticleSummary, ListedId, Ref };
export { newestAcross, RELATED_LIMIT } from './articles.store.js';

export const ARTICLE_TYPES: readonly ArticleType[] = ['news', 'analysis', 'opinion'];
export const ARTICLE_STATUSES: readonly ArticleStatus[] = ['draft', 'scheduled', 'published'];

export interface ArticleInput {
  slug?: string;
  title: string;
  standfirst?: string;
  bodyMd: string;
  /** Section slugs; the first is the primary section. */
  sections: string[];
  /** Tag slugs or names. */
  tags?: string[];
  /** Author slug. */
  author: string;
  type?: ArticleType;
  /**
   * Defaults to published (or scheduled, when publishedAt is in the future) for a new article, and to
   * what it is for one saved again: a story the desk took down stays down until an input says otherwise.
   */
  status?: ArticleStatus;
  publishedAt?: Date | null;
  imageUrl?: string | null;
  imageAlt?: string | null;
  /** Defaults to on for a new article, and to as it is for one saved again. */
  commentsEnabled?: boolean;
  isDemo?: boolean;
}

export type SaveOutcome = 'created' | 'updated' | 'unchanged';

/**
 * When an article last changed as readers see it: its last save, or its publication when that came later
 * (a scheduled article appears at its time without being saved again).
 */
export function lastChangeOf(article: Pick<ArticleSummary, 'updatedAt' | 'publishedAt'>): Date {
  return article.publishedAt && article.publishedAt > article.updatedAt ? article.publishedAt : article.updatedAt;
}

export function isLive(article: Pick<ArticleSummary, 'status' | 'publishedAt'>, now: Date): boolean {
  return article.status !== 'draft' && article.publishedAt !== null && article.publishedAt.getTime() <= now.getTime();
}

/** The canonical path of an article: /{primary-section}/{slug}. */
export function articlePath(article: Pick<ArticleSummary, 'slug' | 'primarySection'>): string {
  return `/${article.primarySection.slug}/${article.slug}`;
}

function tagName(input: string): { slug: string; name: string } {
  const trimmed = input.trim();
  const slug = slugFromTitle(trimmed, 'tag');
  const name = isValidSlug(trimmed) ? trimmed.replace(/-/g, ' ') : trimmed;
  return { slug, name };
}

function isAcceptableImageUrl(url: string): boolean {
  if (url.startsWith('/') && !url.startsWith('//')) return true;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The writer's text with the control characters that pasted text brings taken out (see shared/plain-text.ts). */
function withoutControls(input: ArticleInput): ArticleInput {
  // Front matter may give null for an empty field; the checks below treat it as missing.
  const line = <T extends string | null | undefined>(text: T): T => (typeof text === 'string' ? oneLine(text) : text) as T;
  return {
    ...input,
    title: line(input.title),
    standfirst: line(input.standfirst),
    imageAlt: line(input.imageAlt),
    tags: input.tags?.map((tag) => (typeof tag === 'string' ? oneLine(tag) : tag)),
    bodyMd: typeof input.bodyMd === 'string' ? withoutControlCharacters(input.bodyMd) : input.bodyMd,
  };
}

/**
 * The longest article text taken, in characters of Markdown: well past the longest long read (about
 * 50,000 words), and short enough that rendering even a pathological text stays within a second or so.
 */
const MAX_BODY_CHARACTERS = 300_000;
const MAX_STANDFIRST_CHARACTERS = 600;
const MAX_TAGS = 30;
const MAX_TAG_CHARACTERS = 60;

/**
 * Creates an article, or updates the one at `currentSlug`. Changing the slug keeps the old address as a
 * 301 redirect. Returns whether anything changed, so imports can be re-run safely.
 */
export async function saveArticle(ctx: Ctx, written: ArticleInput, currentSlug?: string): Promise<{ article: Article; outcome: SaveOutcome }> {
  const input = withoutControls(written);
  const now = ctx.clock.now();
  const fields: Record<string, string> = {};
  const title = input.title?.trim() ?? '';
  if (!title) fields.title = 'The headline is required.';
  else if (title.length > 200) fields.title = 'Keep the headline under 200 characters.';
  if (!input.bodyMd?.trim()) fields.body = 'The article has no text.';
  else if (input.bodyMd.length > MAX_BODY_CHARACTERS) fields.body = `The article is too long: keep its text under ${MAX_BODY_CHARACTERS.toLocaleString('en')} characters (about 50,000 words).`;
  const slug = (input.slug?.trim() || slugFromTitle(title, 'article')) ?? '';
  if (!isValidSlug(slug)) {
    const shown = slug.length > MAX_SLUG_LENGTH ? `${slug.slice(0, MAX_SLUG_LENGTH)}…` : slug;
    fields.slug = `"${shown}" is not a valid slug: use up to ${MAX_SLUG_LENGTH} lowercase letters, digits and hyphens.`;
  }
  if ((input.standfirst?.trim().length ?? 0) > MAX_STANDFIRST_CHARACTERS) {
    fields.standfirst = `Keep the standfirst under ${MAX_STANDFIRST_CHARACTERS} characters: it is the summary under the headline, in lists and in search results.`;
  }
  const givenTags = (input.tags ?? []).map((t) => t.trim()).filter((t) => t !== '');
  if (givenTags.length > MAX_TAGS) fields.tags = `Give at most ${MAX_TAGS} tags.`;
  else if (givenTags.some((t) => t.length > MAX_TAG_CHARACTERS)) fields.tags = `Keep each tag under ${MAX_TAG_CHARACTERS} characters.`;
  const type = input.type ?? 'news';
  if (!ARTICLE_TYPES.includes(type)) fields.type = `The type must be one of ${ARTICLE_TYPES.join(', ')}.`;
  if (input.status && !ARTICLE_STATUSES.includes(input.status)) fields.status = `The status must be one of ${ARTICLE_STATUSES.join(', ')}.`;
  if (input.imageUrl && !isAcceptableImageUrl(input.imageUrl)) fields.image = 'The image must be an http(s) URL or a path on this site.';
  if (input.publishedAt && Number.isNaN(input.publishedAt.getTime())) fields.published_at = 'The publication time is not a valid date.';

  // Sections and the author by slug, or by name as a writer gives them in front matter ("World", "Ada Quill").
  const allSections = await getSections(ctx);
  const given = (input.sections ?? []).map((s) => s.trim()).filter((s) => s !== '');
  const found = given.map((s) => allSections.find((x) => x.slug === s) ?? allSections.find((x) => x.name.toLowerCase() === s.toLowerCase()));
  const sections = [...new Set(found)];
  if (given.length === 0) fields.sections = 'Choose at least one section.';
  const unknownSections = given.filter((_, i) => !found[i]);
  if (unknownSections.length > 0) {
    fields.sections = `Unknown section: ${unknownSections.join(', ')}. Give a section by its slug or its name: ${allSections.map((x) => x.slug).join(', ')}.`;
  }
  const author = input.author?.trim() ? await findAuthor(ctx, input.author.trim()) : undefined;
  if (!author) fields.author = `Unknown author: ${input.author || '(none)'}. Give an author by the slug of their page (/author/SLUG) or their full name.`;
  if (Object.keys(fields).length > 0) throw invalidArticle(fields);

  const { html, wordCount } = await renderArticleMarkdown(input.bodyMd).catch((error: unknown) => {
    // The Markdown parser recurses once per level of block quotes and lists inside each other.
    if (error instanceof RangeError) throw invalidArticle({ body: 'The text nests block quotes or lists inside each other too deeply to be shown; take some of the ">" or indentation out.' });
    throw error;
  });
  const stamp = toTimestamp(now);

  const row = {
    slug,
    title,
    standfirst: input.standfirst?.trim() ?? '',
    word_count: wordCount,
    type,
    author_id: author!.id,
    primary_section_id: sections[0]!.id,
    image_url: input.imageUrl || null,
    image_alt: input.imageAlt || null,
  };
  const body = { body_md: input.bodyMd, body_html: html };
  const sectionIds = sections.map((s) => s!.id);
  const tagInputs = [...new Map(givenTags.map((t) => tagName(t)).map((t) => [t.slug, t])).values()];

  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const existing = currentSlug ? await store.findArticleBySlug(trx, currentSlug) : undefined;
    if (currentSlug && !existing) throw articleNotFound();
    if (!existing || slug !== existing.slug) {
      const owner = await store.findArticleIdBySlug(trx, slug);
      if (owner) throw slugTaken(slug);
    }
    const { status, publishedAt } = publication({ status: input.status ?? existing?.status, publishedAt: input.publishedAt }, existing?.publishedAt ?? null, now);
    const commentsEnabled = input.commentsEnabled ?? existing?.commentsEnabled ?? true;
    const values = { ...row, status, published_at: publishedAt ? toTimestamp(publishedAt) : null, comments_enabled: commentsEnabled ? 1 : 0 };

    const known = await store.findTagsBySlugs(trx, tagInputs.map((t) => t.slug));
    const tagIds: string[] = [];
    for (const t of tagInputs) {
      const found = known.find((k) => k.slug === t.slug);
      if (found) tagIds.push(found.id);
      else {
        const id = newId('tag', now);
        await store.insertTag(trx, { id, slug: t.slug, name: t.name });
        tagIds.push(id);
      }
    }
    const listedAt = status === 'draft' ? null : values.published_at;

    if (!existing) {
      const id = newId('art', now);
      // A new article imported with a past publication time has not been updated since then.
      const updatedAt = values.published_at && values.published_at < stamp ? values.published_at : stamp;
      await store.insertArticle(trx, { id, ...values, is_demo: input.isDemo ? 1 : 0, updated_at: updatedAt, created_at: stamp }, body);
      await store.replaceTaxonomy(trx, id, sectionIds, tagIds, listedAt);
      await store.deleteSlugRedirect(trx, slug);
      await indexForSearch(trx, ctx.dialect, stemmingFor(ctx.config.siteLanguage), { id, title: values.title, standfirst: values.standfirst, bodyHtml: html, orderAt: values.published_at ?? stamp });
      return 'created' as const;
    }

    await store.loadTaxonomy(trx, [existing]);
    const unchanged =
      existing.slug === values.slug &&
      existing.title === values.title &&
      existing.standfirst === values.standfirst &&
      existing.bodyMd === body.body_md &&
      existing.status === values.status &&
      existing.type === values.type &&
      existing.author.id === values.author_id &&
      existing.imageUrl === values.image_url &&
      existing.imageAlt === values.image_alt &&
      existing.commentsEnabled === (values.comments_enabled === 1) &&
      (existing.publishedAt ? toTimestamp(existing.publishedAt) : null) === values.published_at &&
      existing.sections.map((s) => s.id).join() === sectionIds.join() &&
      existing.tags.map((t) => t.id).sort().join() === [...tagIds].sort().join();
    if (unchanged) return 'unchanged' as const;

    await store.updateArticleRow(trx, existing.id, { ...values, updated_at: stamp }, body);
    await store.replaceTaxonomy(trx, existing.id, sectionIds, tagIds, listedAt);
    await indexForSearch(trx, ctx.dialect, stemmingFor(ctx.config.siteLanguage), { id: existing.id, title: values.title, standfirst: values.standfirst, bodyHtml: html, orderAt: values.published_at ?? toTimestamp(existing.createdAt) });
    if (existing.slug !== slug) {
      await store.insertSlugRedirect(trx, existing.slug, existing.id, stamp);
      await store.deleteSlugRedirect(trx, slug);
    }
    return 'updated' as const;
  });

  if (outcome !== 'unchanged') ctx.events.changed({ kind: 'article' });
  const article = (await store.findArticleBySlug(ctx.db, slug))!;
  await store.loadTaxonomy(ctx.db, [article]);
  return { article, outcome };
}

/**
 * Saves an article with some of its fields changed and the rest as stored, through every rule of
 * saveArticle(). Throws not-found for an unknown slug.
 */
export async function updateArticle(ctx: Ctx, currentSlug: string, change: Partial<ArticleInput>): Promise<{ article: Article; outcome: SaveOutcome }> {
  const article = couldBeSlug(currentSlug) ? await store.findArticleBySlug(ctx.db, currentSlug) : undefined;
  if (!article) throw articleNotFound();
  await store.loadTaxonomy(ctx.db, [article]);
  const stored: ArticleInput = {
    slug: article.slug,
    title: article.title,
    standfirst: article.standfirst,
    bodyMd: article.bodyMd,
    sections: article.sections.map((s) => s.slug),
    tags: article.tags.map((t) => t.slug),
    author: article.author.slug,
    type: article.type,
    status: article.status,
    publishedAt: article.publishedAt,
    imageUrl: article.imageUrl,
    imageAlt: article.imageAlt,
    commentsEnabled: article.commentsEnabled,
  };
  return saveArticle(ctx, { ...stored, ...change }, currentSlug);
}

/** Moves an article to a new slug; the old one becomes a 301 redirect. Returns the new path. */
export async function changeArticleSlug(ctx: Ctx, currentSlug: string, newSlug: string): Promise<string> {
  const { article } = await updateArticle(ctx, currentSlug, { slug: newSlug });
  return articlePath(article);
}

/**
 * An article's state for the newsroom: a draft; scheduled, when its publication time is still to
 * come; or published, live for readers.
 */
export type DeskState = 'draft' | 'scheduled' | 'published';
export const DESK_STATES: readonly DeskState[] = ['draft', 'scheduled', 'published'];

export function deskState(article: Pick<ArticleSummary, 'status' | 'publishedAt'>, now: Date): DeskState {
  if (article.status === 'draft') return 'draft';
  return isLive(article, now) ? 'published' : 'scheduled';
}

/** Articles in any state (or one), optionally of one section by slug, the most recently saved first. */
export async function listArticlesForDesk(ctx: Ctx, options: { state?: DeskState; section?: string; limit: number }): Promise<ArticleSummary[]> {
  let sectionId: string | undefined;
  if (options.section !== undefined) {
    const sections = await getSections(ctx);
    const section = sections.find((s) => s.slug === options.section);
    if (!section) throw invalid(`Unknown section: ${options.section}. The sections are ${sections.map((x) => x.slug).join(', ')}.`);
    sectionId = section.id;
  }
  return store.listArticlesForDesk(ctx.db, { state: options.state, sectionId, now: toTimestamp(ctx.clock.now()), limit: options.limit });
}

/**
 * Takes an article off the site: it becomes a draft (a scheduled one is no longer scheduled) and its
 * address answers 404; its publication time is kept, so publishing it again puts it back in its place.
 */
export async function unpublishArticle(ctx: Ctx, slug: string): Promise<{ article: Article; outcome: SaveOutcome }> {
  return updateArticle(ctx, slug, { status: 'draft' });
}

/**
 * Publishes an article: at `at` when given (a time to come schedules it), otherwise at its earlier
 * publication time, or now when it never had one.
 */
export async function publishArticle(ctx: Ctx, slug: string, at?: Date): Promise<{ article: Article; outcome: SaveOutcome }> {
  return updateArticle(ctx, slug, at ? { status: 'published', publishedAt: at } : { status: 'published' });
}

/**
 * A link that shows an article as it stands, whatever its state, to whoever has it, for `hours`: for
 * an editor to read a draft as readers will, or to share it before it is out.
 */
export async function previewLink(ctx: Ctx, slug: string, hours: number): Promise<{ article: ArticleSummary; path: string; expires: Date }> {
  const article = couldBeSlug(slug) ? await store.findSummaryBySlug(ctx.db, slug) : undefined;
  if (!article) throw articleNotFound();
  const expires = new Date(ctx.clock.now().getTime() + hours * 3_600_000);
  return { article, path: `/preview/${previewToken(ctx.config.sessionSecret, article.id, expires)}`, expires };
}

/**
 * The article a preview link opens, whatever its state, with the live articles before it in its
 * section. A scheduled article's own page would list the articles due before it, some of them not out
 * yet: a preview must not show their headlines.
 */
export async function findArticleForPreview(ctx: Ctx, token: string): Promise<{ article: Article; related: ArticleSummary[] }> {
  const now = ctx.clock.now();
  const id = readPreviewToken(ctx.config.sessionSecret, token, now);
  const slug = id ? await store.findSlugById(ctx.db, id) : undefined;
  const page = slug ? await store.findArticlePageBySlug(ctx.db, ctx.dialect, slug) : undefined;
  if (!page) throw previewNotValid();
  return { article: page.article, related: page.related.filter((a) => isLive(a, now)) };
}

/**
 * Opens or closes the comments under an article. Its times are not touched: readers and search
 * engines would otherwise be told the article was updated. Comments already there stay shown.
 */
export async function setArticleComments(ctx: Ctx, slug: string, open: boolean): Promise<{ article: ArticleSummary; changed: boolean }> {
  const article = couldBeSlug(slug) ? await store.findSummaryBySlug(ctx.db, slug) : undefined;
  if (!article) throw articleNotFound();
  if (article.commentsEnabled === open) return { article, changed: false };
  await store.updateCommentsEnabled(ctx.db, article.id, open);
  ctx.events.changed({ kind: 'article', id: article.id });
  return { article: { ...article, commentsEnabled: open }, changed: true };
}

/**
 * Status and publication time of a saved article. An update that does not say when the article was
 * published keeps its time; a publication time in the future makes it scheduled, one in the past published.
 */
function publication(input: Pick<ArticleInput, 'status' | 'publishedAt'>, previous: Date | null, now: Date): { status: ArticleStatus; publishedAt: Date | null } {
  let status: ArticleStatus = input.status ?? 'published';
  let publishedAt = input.publishedAt !== undefined ? input.publishedAt : previous;
  if (status !== 'draft' && publishedAt === null) publishedAt = now;
  if (status === 'published' && publishedAt && publishedAt > now) status = 'scheduled';
  if (status === 'scheduled' && publishedAt && publishedAt <= now) status = 'published';
  return { status, publishedAt };
}

export type ArticleLookup =
  | { kind: 'found'; article: Article; related: ArticleSummary[] }
  | { kind: 'moved'; slug: string; sectionSlug: string };

/**
 * An article a reader may see now, with the live articles just before it in its primary section, or
 * where it moved to. Throws not-found for drafts and the unknown.
 */
export async function findLiveArticle(ctx: Ctx, slug: string): Promise<ArticleLookup> {
  if (!couldBeSlug(slug)) throw articleNotFound();
  const now = ctx.clock.now();
  const page = await store.findArticlePageBySlug(ctx.db, ctx.dialect, slug);
  if (page) {
    if (!isLive(page.article, now)) throw articleNotFound();
    return { kind: 'found', ...page };
  }
  const movedTo = await store.findRedirectedSlug(ctx.db, slug);
  if (movedTo) {
    const target = await store.findArticleBySlug(ctx.db, movedTo);
    if (target && isLive(target, now)) return { kind: 'moved', slug: target.slug, sectionSlug: target.primarySection.slug };
  }
  throw articleNotFound();
}

/** A live article's summary, for actions that need neither its body nor its taxonomy (posting a comment). */
export async function findLiveSummary(ctx: Ctx, slug: string): Promise<ArticleSummary | undefined> {
  if (!couldBeSlug(slug)) return undefined;
  const article = await store.findSummaryBySlug(ctx.db, slug);
  return article && isLive(article, ctx.clock.now()) ? article : undefined;
}

export interface ListOptions {
  sectionId?: string;
  tagId?: string;
  authorId?: string;
  limit: number;
  offset?: number;
  before?: { at: string; id: string };
  excludeId?: string;
  withTaxonomy?: boolean;
}

/** Live articles, newest first. */
export async function listLiveArticles(ctx: Ctx, options: ListOptions): Promise<ArticleSummary[]> {
  const articles = await store.listLiveSummaries(ctx.db, { ...options, now: toTimestamp(ctx.clock.now()) });
  if (options.withTaxonomy) await store.loadTaxonomy(ctx.db, articles);
  return articles;
}

/** Ids of the newest live articles of each section (by section id), newest first. */
export async function listNewestIdsBySection(ctx: Ctx, limit: number): Promise<Map<string, ListedId[]>> {
  return store.listNewestIdsBySection(ctx.db, toTimestamp(ctx.clock.now()), limit);
}

/** Fills in the sections and tags of summaries read without them (the primary section first). */
export async function withTaxonomy(ctx: Ctx, articles: ArticleSummary[]): Promise<ArticleSummary[]> {
  await store.loadTaxonomy(ctx.db, articles);
  return articles;
}

/** Summaries of articles known to be live (from a listing), by id. */
export async function getSummariesByIds(ctx: Ctx, ids: readonly string[]): Promise<Map<string, ArticleSummary>> {
  return new Map((await store.findSummariesByIds(ctx.db, ids)).map((a) => [a.id, a]));
}

export async function getTagBySlug(ctx: Ctx, slug: string): Promise<Ref | undefined> {
  return couldBeSlug(slug) ? store.findTagBySlug(ctx.db, slug) : undefined;
}

export async function listRecentForNewsSitemap(ctx: Ctx, hours: number, limit: number): Promise<ArticleSummary[]> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - hours * 3600_000);
  return store.listLiveArticlesSince(ctx.db, toTimestamp(since), toTimestamp(now), limit);
}

export async function listSitemapEntries(ctx: Ctx, offset: number, limit: number): Promise<store.SitemapEntry[]> {
  return store.listSitemapEntries(ctx.db, toTimestamp(ctx.clock.now()), offset, limit);
}

export async function countLiveArticles(ctx: Ctx): Promise<number> {
  return store.countLiveArticles(ctx.db, toTimestamp(ctx.clock.now()));
}

export async function latestUpdate(ctx: Ctx): Promise<Date | undefined> {
  const at = await store.findLatestUpdate(ctx.db, toTimestamp(ctx.clock.now()));
  return at ? new Date(at) : undefined;
}

export async function nextScheduledAt(ctx: Ctx): Promise<Date | undefined> {
  const at = await store.findNextScheduledAt(ctx.db, toTimestamp(ctx.clock.now()));
  return at ? new Date(at) : undefined;
}

/**
 * Renders every article's Markdown again and stores the HTML where it differs from what is stored: after
 * an upgrade that changes how Markdown is rendered. An article's text is unchanged, so its publication
 * and update times are too. Returns how many articles were checked and the slugs of those rewritten.
 */
export async function rerenderArticles(ctx: Ctx, options: { onProgress?: (done: number, total: number, slug: string) => void } = {}): Promise<{ checked: number; updated: string[] }> {
  const total = await store.countArticles(ctx.db);
  const updated: string[] = [];
  let checked = 0;
  let after = '';
  for (;;) {
    const batch = await store.listRenderingsAfter(ctx.db, after, RERENDER_BATCH);
    if (batch.length === 0) break;
    const rendered = await Promise.all(batch.map(async (stored) => ({ stored, rendered: await renderArticleMarkdown(stored.bodyMd) })));
    const changed = rendered.filter(({ stored, rendered }) => rendered.html !== stored.bodyHtml || rendered.wordCount !== stored.wordCount);
    if (changed.length > 0) {
      await ctx.db.transaction().execute(async (trx) => {
        for (const { stored, rendered } of changed) {
          await store.updateRendering(trx, stored.id, rendered.html, rendered.wordCount);
          await indexForSearch(trx, ctx.dialect, stemmingFor(ctx.config.siteLanguage), { ...stored, bodyHtml: rendered.html });
        }
      });
      updated.push(...changed.map(({ stored }) => stored.slug));
    }
    checked += batch.length;
    after = batch[batch.length - 1]!.id;
    options.onProgress?.(checked, Math.max(total, checked), batch[batch.length - 1]!.slug);
  }
  if (updated.length > 0) ctx.events.changed({ kind: 'site' });
  return { checked, updated };
}

const RERENDER_BATCH = 200;

/** Removes every demo article, and demo sections and authors no longer used. */
export async function removeDemoContent(ctx: Ctx): Promise<{ articles: number; sections: number; authors: number }> {
  const result = await ctx.db.transaction().execute(async (trx) => {
    await removeFromSearch(trx, ctx.dialect, await store.listDemoArticleIds(trx));
    return store.deleteDemoContent(trx);
  });
  ctx.events.changed({ kind: 'site' });
  return result;
}
