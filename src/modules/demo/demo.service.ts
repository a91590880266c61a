// The demo newsroom: fictional sections, authors and articles from src/demo, loaded into an empty database
// so a first start shows a working site. Publication times are moved so the newest article is two hours old.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ctx } from '../../context.js';
import { DEMO_DIR } from '../../shared/paths.js';
import { saveAuthor } from '../authors/authors.service.js';
import { countLiveArticles, removeDemoContent } from '../articles/articles.service.js';
import { getSections, saveSection } from '../sections/sections.service.js';
import type { ImportOptions, ImportSummary } from '../import/markdown-import.js';

interface DemoSite {
  sections: Array<{ slug: string; name: string; description: string; position: number }>;
  authors: Array<{ slug: string; name: string; bio: string }>;
}

export async function seedDemo(ctx: Ctx, options: Pick<ImportOptions, 'onProgress'> = {}): Promise<ImportSummary> {
  const site = JSON.parse(await readFile(join(DEMO_DIR, 'site.json'), 'utf8')) as DemoSite;
  for (const section of site.sections) await saveSection(ctx, { ...section, isDemo: true });
  for (const author of site.authors) await saveAuthor(ctx, { ...author, isDemo: true });
  // The importer (and its front-matter parser) is loaded only when the demo is: once, into an empty database.
  const { importMarkdownFiles, listMarkdownFiles, parseArticleFile } = await import('../import/markdown-import.js');
  const files = await listMarkdownFiles(join(DEMO_DIR, 'articles'));
  let newest = 0;
  for (const file of files) {
    const at = parseArticleFile(await readFile(file, 'utf8'), file, ctx.config.siteTimeZone).publishedAt?.getTime() ?? 0;
    newest = Math.max(newest, at);
  }
  const shiftMs = newest ? ctx.clock.now().getTime() - 2 * 3600_000 - newest : 0;
  return importMarkdownFiles(ctx, files, { isDemo: true, shiftMs, onProgress: options.onProgress });
}

/** Loads the demo when the database has no sections and no articles. Returns what was loaded, or null. */
export async function seedDemoIfEmpty(ctx: Ctx): Promise<{ articles: number } | null> {
  if ((await getSections(ctx)).length > 0 || (await countLiveArticles(ctx)) > 0) return null;
  const summary = await seedDemo(ctx);
  return { articles: summary.created.length };
}

export { removeDemoContent };
