// Articles as Markdown files with YAML front matter, for `article create` and `import-markdown`.
// Re-running an import is safe: an article is matched by slug and only written when something changed.
import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import matter from 'gray-matter';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import type { Ctx } from '../../context.js';
import type { ArticleStatus, ArticleType } from '../../db/schema.js';
import { DomainError } from '../../http/errors.js';
import { slugFromTitle } from '../../shared/slug.js';
import { parseWrittenTime } from '../../shared/wall-time.js';
import { findArticleIdBySlug } from '../articles/articles.store.js';
import { articlePath, saveArticle, type ArticleInput, type SaveOutcome } from '../articles/articles.service.js';

export class ArticleFileError extends Error {}

function asStringList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map(String);
  throw new ArticleFileError(`"${field}" must be a list of words.`);
}

function asOptionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new ArticleFileError(`"${field}" must be text.`);
}

function asDate(value: unknown, timeZone: string): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const date = parseWrittenTime(String(value), timeZone);
  if (!date) {
    throw new ArticleFileError(
      `"published_at" is not a date: ${String(value)}. Write it as 2026-12-07 14:30 (the site's own time, SITE_TIMEZONE) or with a zone, as 2026-12-07T14:30:00Z.`,
    );
  }
  return date;
}

/**
 * YAML's core schema, without its timestamps: js-yaml would read "2026-12-07 14:30" as UTC, and then
 * a time written without a zone could not be told from one written in UTC.
 */
const frontMatterOptions = { engines: { yaml: (text: string) => loadYaml(text, { schema: CORE_SCHEMA }) as object } };

/**
 * Parses one Markdown file's text into an article input; a publication time without a zone is read in
 * `timeZone` (SITE_TIMEZONE). Throws ArticleFileError with a reader-facing reason.
 */
export function parseArticleFile(text: string, fileName: string, timeZone = 'UTC'): ArticleInput & { slug: string } {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text, frontMatterOptions);
  } catch (error) {
    throw new ArticleFileError(`the front matter is not valid YAML (${(error as Error).message.split('\n')[0]}).`);
  }
  const data = parsed.data as Record<string, unknown>;
  const title = asOptionalString(data.title, 'title')?.trim();
  if (!title) throw new ArticleFileError('the front matter has no "title".');
  const sections = asStringList(data.sections ?? data.section, 'sections');
  if (sections.length === 0) throw new ArticleFileError('the front matter has no "sections".');
  const author = asOptionalString(data.author, 'author');
  if (!author) throw new ArticleFileError('the front matter has no "author".');
  const fileSlug = basename(fileName).replace(/\.(md|markdown)$/i, '');
  const slug = asOptionalString(data.slug, 'slug') ?? (/^[a-z0-9-]+$/.test(fileSlug) ? fileSlug : slugFromTitle(title, 'article'));
  const comments = data.comments ?? data.comments_enabled;
  return {
    slug,
    title,
    standfirst: asOptionalString(data.standfirst ?? data.description, 'standfirst') ?? '',
    bodyMd: parsed.content.trim() + '\n',
    sections,
    tags: asStringList(data.tags, 'tags'),
    author,
    type: (asOptionalString(data.type, 'type') ?? 'news') as ArticleType,
    status: asOptionalString(data.status, 'status') as ArticleStatus | undefined,
    publishedAt: asDate(data.published_at ?? data.date, timeZone),
    imageUrl: asOptionalString(data.image, 'image') ?? null,
    imageAlt: asOptionalString(data.image_alt, 'image_alt') ?? null,
    // Left out, the article's own setting stands (on for a new one): a re-run must not reopen comments the desk closed.
    commentsEnabled: comments === undefined ? undefined : comments !== false && comments !== 'false' && comments !== 'off',
  };
}

export interface ImportOptions {
  isDemo?: boolean;
  /** Moves every publication time by this many milliseconds (demo content is kept recent). */
  shiftMs?: number;
  onProgress?: (done: number, total: number, file: string) => void;
}

export interface ImportSummary {
  created: string[];
  updated: string[];
  unchanged: string[];
  skipped: Array<{ file: string; reason: string }>;
}

export async function listMarkdownFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.(md|markdown)$/i.test(e.name)).map((e) => join(dir, e.name)).sort();
}

const READ_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'there is no such file',
  EACCES: 'it may not be read (permissions)',
  EISDIR: 'it is a folder, not a file',
};

async function readArticleFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new ArticleFileError(`Cannot read ${path}: ${READ_PROBLEMS[code] ?? (error as Error).message}.`);
  }
}

/** Creates or updates the article described by one file. */
export async function importArticleFile(ctx: Ctx, path: string, options: ImportOptions = {}): Promise<{ slug: string; path: string; outcome: SaveOutcome }> {
  const input = parseArticleFile(await readArticleFile(path), path, ctx.config.siteTimeZone);
  if (options.shiftMs && input.publishedAt) input.publishedAt = new Date(input.publishedAt.getTime() + options.shiftMs);
  const exists = await findArticleIdBySlug(ctx.db, input.slug);
  const { article, outcome } = await saveArticle(ctx, { ...input, isDemo: options.isDemo }, exists ? input.slug : undefined);
  return { slug: article.slug, path: articlePath(article), outcome };
}

export async function importMarkdownFiles(ctx: Ctx, files: string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const summary: ImportSummary = { created: [], updated: [], unchanged: [], skipped: [] };
  let done = 0;
  for (const file of files) {
    try {
      const { slug, outcome } = await importArticleFile(ctx, file, options);
      summary[outcome].push(slug);
    } catch (error) {
      if (error instanceof ArticleFileError) summary.skipped.push({ file, reason: error.message });
      else if (error instanceof DomainError) summary.skipped.push({ file, reason: error.message });
      else throw error;
    }
    done++;
    options.onProgress?.(done, files.length, file);
  }
  return summary;
}
