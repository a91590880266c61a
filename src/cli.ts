// The `broadsheet` command: database, backups, demo content and article imports. Run `broadsheet --help`.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import cliProgress from 'cli-progress';
import { ConfigError, databaseUrlProblem, loadConfig, redact, settings, type Config } from './config.js';
import { standaloneContext, type Ctx } from './context.js';
import { migrateToLatest, openDb, type OpenDb } from './db/database.js';
import { BackupError, backupSqlite } from './db/backup.js';
import { CopyError, copyDatabase } from './db/copy.js';
import { DomainError } from './http/errors.js';
import {
  articlePath, changeArticleSlug, DESK_STATES, deskState, listArticlesForDesk, previewLink, publishArticle, removeDemoContent, rerenderArticles, setArticleComments,
  unpublishArticle,
  type ArticleSummary, type DeskState,
} from './modules/articles/articles.service.js';
import { areCommentsOpen, commentsCloseAt, reportsSummary } from './modules/comments/comments.policy.js';
import { seedDemo } from './modules/demo/demo.service.js';
import { DEFAULT_PREVIEW_HOURS, MAX_PREVIEW_HOURS } from './modules/articles/preview-token.js';
import { bringSearchUpToDate, reindexAllArticles } from './modules/search/search.service.js';
import {
  banCommenter, commentPath, dismissReports, listCommentsForModeration, listReportedComments, moderateComment, moderationLog, unbanCommenter, type CommentOnArticle,
} from './modules/comments/comments.service.js';
import type { CommentStatus } from './db/schema.js';
import { ArticleFileError, importArticleFile, importMarkdownFiles, listMarkdownFiles, type ImportSummary } from './modules/import/markdown-import.js';
import { ContentEvents } from './shared/content-events.js';
import { settle, trackContentVersion } from './shared/content-version.js';
import { ROOT_DIR } from './shared/paths.js';
import { parseWrittenTime } from './shared/wall-time.js';

class UserError extends Error {}

/** A comment in the moderators' lists: its number and `headline`, its address, who wrote it and the start of its text. */
function printComment(ctx: Ctx, c: CommentOnArticle, headline: string): void {
  console.log(`#${c.id}  ${headline}`);
  console.log(`    ${ctx.config.siteUrl}${commentPath(c.articlePath, c.id)}`);
  console.log(`    ${c.authorName}${c.email ? ` <${c.email}>` : ''}  client ${c.clientHash}`);
  console.log(`    ${c.body.replace(/\s+/g, ' ').slice(0, 200)}`);
}

/** Why comments turned on for an article may still not be taken: it is not out yet, or too old. */
function printCommentsOpenNote(ctx: Ctx, a: ArticleSummary): void {
  const now = ctx.clock.now();
  const settings = ctx.config.comments;
  if (deskState(a, now) !== 'published') {
    console.log('Readers can comment once the article is published.');
  } else if (!areCommentsOpen(a, now, settings)) {
    console.log(`Readers still cannot comment: the article is older than COMMENT_CLOSE_AFTER_DAYS (${settings.closeAfterDays} days), which closes comments by themselves.`);
  } else {
    const closes = commentsCloseAt(a, settings);
    if (closes) console.log(`They close by themselves on ${ctx.dates.dateTime(closes)} (COMMENT_CLOSE_AFTER_DAYS is ${settings.closeAfterDays}).`);
  }
}

function positiveInt(value: string, what: string): number {
  if (!/^[1-9]\d{0,11}$/.test(value)) throw new UserError(`${what} must be a positive whole number, got "${value}".`);
  return Number(value);
}

/** Whether two database URLs name the same database (the same SQLite file, or the same PostgreSQL host, port and database). */
function sameDatabase(a: string, b: string): boolean {
  const where = (url: string) => {
    if (url.startsWith('sqlite:')) return `sqlite:${resolve(url.slice('sqlite:'.length))}`;
    const parsed = new URL(url);
    return `postgres:${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  };
  return where(a) === where(b);
}

async function openConfiguredDb(config: Config): Promise<OpenDb> {
  try {
    return await openDb(config.databaseUrl, { poolSize: config.databasePoolSize, preparedStatements: config.databasePreparedStatements });
  } catch (error) {
    throw new UserError(`Cannot open the database at DATABASE_URL (${redact(config.databaseUrl)}): ${(error as Error).message}`);
  }
}

async function withContext<T>(action: (ctx: Ctx) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const opened = await openConfiguredDb(config);
  try {
    await migrateToLatest(opened.db);
    const events = new ContentEvents();
    // Running servers learn of what the command changed through the content version in the database.
    const tracker = await trackContentVersion(opened.db, events, { intervalMs: 0 });
    try {
      return await action(standaloneContext(config, opened, events));
    } finally {
      await settle(tracker);
      tracker.stop();
    }
  } finally {
    await opened.close();
  }
}

function progressBar(label: string) {
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {file}`, hideCursor: true, clearOnComplete: false, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number, file: string) {
      const name = file.split('/').pop() ?? file;
      if (!started) {
        bar.start(total, 0, { file: name });
        started = true;
      }
      bar.update(done, { file: name });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** Runs search indexing (`index` gets the progress callback) behind a progress bar; the bar ends however it does. */
async function indexingForSearch(index: (onProgress: (done: number, total: number) => void) => Promise<number>): Promise<number> {
  const bar = progressBar('Indexing for search');
  try {
    return await index((done, total) => bar.update(done, total, ''));
  } finally {
    bar.stop();
  }
}

function printSummary(summary: ImportSummary): void {
  const line = (n: number, what: string) => `${n} ${what}`;
  console.log([line(summary.created.length, 'created'), line(summary.updated.length, 'updated'), line(summary.unchanged.length, 'unchanged'), line(summary.skipped.length, 'skipped')].join(', ') + '.');
  for (const slug of summary.created) console.log(`  created    ${slug}`);
  for (const slug of summary.updated) console.log(`  updated    ${slug}`);
  for (const { file, reason } of summary.skipped) console.log(`  skipped    ${file}: ${reason}`);
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}

export function buildCli(): Command {
  const program = new Command();
  program
    .name('broadsheet')
    .description('Broadsheet: manage the database and content of a news site.\nConfiguration comes from environment variables (see docs/configuration.md); DATABASE_URL selects the database.')
    .version(packageVersion(), '-V, --version', 'print the version of Broadsheet')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('migrate')
    .description('Apply pending database migrations, and bring the search index up to date: the articles not yet indexed, or every article after a new SITE_LANGUAGE or an upgrade that reads text differently (the server also does both as it starts, indexing while it serves).')
    .action(async () => {
      const config = loadConfig();
      const opened = await openConfiguredDb(config);
      try {
        const applied = await migrateToLatest(opened.db);
        console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}.` : 'The database is up to date.');
        // What the server would otherwise do as it starts: search documents for articles that have none.
        const indexed = await indexingForSearch((onProgress) => bringSearchUpToDate(standaloneContext(config, opened), { onProgress }));
        if (indexed > 0) console.log(`Indexed ${indexed} article(s) for search.`);
      } finally {
        await opened.close();
      }
    });

  program
    .command('seed-demo')
    .description('Load the fictional demo sections, authors and articles (safe to run again).')
    .action(async () => {
      await withContext(async (ctx) => {
        const bar = progressBar('Demo articles');
        const summary = await seedDemo(ctx, { onProgress: bar.update });
        bar.stop();
        printSummary(summary);
      });
    });

  const demo = program.command('demo').description('Manage the demo content.');
  demo
    .command('remove')
    .description('Delete every demo article, and the demo sections and authors nothing else uses.')
    .action(async () => {
      await withContext(async (ctx) => {
        const removed = await removeDemoContent(ctx);
        console.log(`Removed ${removed.articles} demo article(s), ${removed.sections} section(s) and ${removed.authors} author(s).`);
      });
    });

  const article = program.command('article').description('Work with single articles.');
  article
    .command('create')
    .argument('<file>', 'Markdown file with front matter: title, standfirst, sections, tags, author, type, published_at, slug, image, image_alt, status, comments (an article saved again keeps its status and comment setting unless the file gives them)')
    .description('Create an article from a Markdown file (or update the article with the same slug). A published_at without a zone (2026-12-07 14:30) is in SITE_TIMEZONE.')
    .action(async (file: string) => {
      await withContext(async (ctx) => {
        const { path, outcome } = await importArticleFile(ctx, resolve(file));
        console.log(`${outcome[0]!.toUpperCase()}${outcome.slice(1)}: ${ctx.config.siteUrl}${path}`);
      });
    });

  article
    .command('slug')
    .argument('<current>', 'the article\'s current slug')
    .argument('<new>', 'the new slug (lowercase letters, digits and hyphens)')
    .description('Give an article a new address; the old one keeps working as a permanent redirect.')
    .action(async (current: string, next: string) => {
      await withContext(async (ctx) => {
        const path = await changeArticleSlug(ctx, current, next);
        console.log(`Moved: ${ctx.config.siteUrl}${path} (the old address redirects here).`);
      });
    });

  article
    .command('list')
    .description('List articles in every state, the most recently saved first: drafts, scheduled and published.')
    .option('-s, --state <state>', `${DESK_STATES.join(', ')} or all`, 'all')
    .option('--section <slug>', 'only the articles listed in this section')
    .option('-n, --limit <n>', 'how many to show', '50')
    .action(async (options: { state: string; section?: string; limit: string }) => {
      const states = [...DESK_STATES, 'all'];
      if (!states.includes(options.state)) throw new UserError(`--state must be one of ${states.join(', ')}.`);
      await withContext(async (ctx) => {
        const state = options.state === 'all' ? undefined : (options.state as DeskState);
        const rows = await listArticlesForDesk(ctx, { state, section: options.section, limit: positiveInt(options.limit, '--limit') });
        if (rows.length === 0) {
          console.log(`No ${state ? `${state} ` : ''}articles${options.section ? ` in ${options.section}` : ''}.`);
          return;
        }
        const now = ctx.clock.now();
        for (const a of rows) {
          const when = a.publishedAt ? a.publishedAt.toISOString() : 'no publication time';
          console.log(`${deskState(a, now).padEnd(9)}  ${when}  ${a.title}`);
          console.log(`    ${ctx.config.siteUrl}${articlePath(a)}`);
          console.log(`    ${a.author.name} · ${a.commentCount} comment${a.commentCount === 1 ? '' : 's'}${a.commentsEnabled ? '' : ' · comments turned off'}${a.isDemo ? ' · demo' : ''}`);
        }
      });
    });

  article
    .command('unpublish')
    .argument('<slug>', 'the article\'s slug')
    .description('Take an article off the site at once: it becomes a draft and its address answers 404 (a scheduled article is no longer scheduled). Its comments and publication time are kept; `article publish` puts it back. Importing its Markdown file again leaves it a draft unless the file says `status: published`.')
    .action(async (slug: string) => {
      await withContext(async (ctx) => {
        const { article: a, outcome } = await unpublishArticle(ctx, slug);
        console.log(outcome === 'unchanged' ? `"${a.title}" is already a draft; nothing changed.` : `Unpublished: "${a.title}" is a draft now; ${ctx.config.siteUrl}${articlePath(a)} answers 404.`);
      });
    });

  article
    .command('publish')
    .argument('<slug>', 'the article\'s slug')
    .option('--at <time>', 'publish at this time instead (2026-12-07 14:30 in SITE_TIMEZONE, or with a zone; a time to come schedules it), or "now"')
    .description('Publish a draft, at its own publication time (now if it has none; a time to come schedules it), or at --at.')
    .action(async (slug: string, options: { at?: string }) => {
      await withContext(async (ctx) => {
        let at: Date | undefined;
        if (options.at !== undefined) {
          at = options.at.trim().toLowerCase() === 'now' ? ctx.clock.now() : parseWrittenTime(options.at, ctx.config.siteTimeZone) ?? undefined;
          if (!at) throw new UserError(`--at is not a time: "${options.at}". Write it as 2026-12-07 14:30 (SITE_TIMEZONE, ${ctx.config.siteTimeZone}), with a zone as 2026-12-07T14:30:00Z, or "now".`);
        }
        const { article: a, outcome } = await publishArticle(ctx, slug, at);
        const url = `${ctx.config.siteUrl}${articlePath(a)}`;
        const state = deskState(a, ctx.clock.now());
        if (state === 'scheduled') console.log(`${outcome === 'unchanged' ? 'Already scheduled' : 'Scheduled'}: "${a.title}" appears at ${url} on ${ctx.dates.dateTime(a.publishedAt!)}.`);
        else console.log(`${outcome === 'unchanged' ? 'Already published' : 'Published'}: ${url} (publication time ${ctx.dates.dateTime(a.publishedAt!)}).`);
      });
    });

  article
    .command('preview')
    .argument('<slug>', 'the article\'s slug')
    .option('--hours <n>', `how long the link works (up to ${MAX_PREVIEW_HOURS})`, String(DEFAULT_PREVIEW_HOURS))
    .description('Print a link that shows the article as readers will see it, whatever its state (a draft, scheduled or published), to whoever has the link, for a while. Search engines do not index it.')
    .action(async (slug: string, options: { hours: string }) => {
      const hours = positiveInt(options.hours, '--hours');
      if (hours > MAX_PREVIEW_HOURS) throw new UserError(`--hours can be at most ${MAX_PREVIEW_HOURS} (30 days).`);
      await withContext(async (ctx) => {
        const { article: a, path, expires } = await previewLink(ctx, slug, hours);
        console.log(`Preview of "${a.title}" (${deskState(a, ctx.clock.now())}), until ${ctx.dates.dateTime(expires)}:`);
        console.log(`    ${ctx.config.siteUrl}${path}`);
      });
    });

  article
    .command('comments')
    .argument('<slug>', 'the article\'s slug')
    .argument('<open|close>', 'open or close its comments')
    .description('Open or close the comments under an article. Closing keeps the comments already there on show and takes no new ones; the article is not marked as updated.')
    .action(async (slug: string, action: string) => {
      if (action !== 'open' && action !== 'close') throw new UserError(`Say "open" or "close", not "${action}".`);
      await withContext(async (ctx) => {
        const { article: a, changed } = await setArticleComments(ctx, slug, action === 'open');
        console.log(`${changed ? 'Comments are now' : 'Comments were already'} ${action === 'open' ? 'open' : 'closed'} on "${a.title}".`);
        if (action === 'open') printCommentsOpenNote(ctx, a);
      });
    });

  program
    .command('rerender')
    .description('Render every article again from its Markdown, as this version renders it (after an upgrade). Only articles whose stored HTML changes are written; their publication and update times stay as they are.')
    .action(async () => {
      await withContext(async (ctx) => {
        const bar = progressBar('Rendering');
        const { checked, updated } = await rerenderArticles(ctx, { onProgress: bar.update });
        bar.stop();
        console.log(`${checked} article(s) checked, ${updated.length} rendered anew.`);
        for (const slug of updated) console.log(`  rendered   ${slug}`);
      });
    });

  program
    .command('reindex')
    .description('Write every article\'s search document again, to repair the search index (an upgrade that changes how search reads text, or a new SITE_LANGUAGE, has the server do it by itself). Search goes on working meanwhile.')
    .action(async () => {
      await withContext(async (ctx) => {
        const indexed = await indexingForSearch((onProgress) => reindexAllArticles(ctx, { onProgress }));
        console.log(`Indexed ${indexed} article(s) for search.`);
      });
    });

  program
    .command('import-markdown')
    .argument('<dir>', 'folder of .md files with front matter (see `article create --help`); its subfolders are not read')
    .description('Import every Markdown file in a folder. Re-running updates changed articles and skips the rest.')
    .action(async (dir: string) => {
      await withContext(async (ctx) => {
        let files: string[];
        try {
          files = await listMarkdownFiles(resolve(dir));
        } catch {
          throw new UserError(`Cannot read the folder "${dir}".`);
        }
        if (files.length === 0) throw new UserError(`There are no .md files in "${dir}".`);
        const bar = progressBar('Importing');
        const summary = await importMarkdownFiles(ctx, files, { onProgress: bar.update });
        bar.stop();
        printSummary(summary);
        if (summary.skipped.length > 0) process.exitCode = 2;
      });
    });

  const comments = program.command('comments').description('Moderate reader comments (every action is written to the moderation log).');
  const actor = `cli:${userInfo().username}`;
  comments
    .command('list')
    .description('List comments, newest first.')
    .option('-s, --status <status>', 'pending, approved, spam, rejected, deleted or all', 'pending')
    .option('-n, --limit <n>', 'how many to show', '50')
    .option('-a, --article <slug>', 'only the comments on this article')
    .action(async (options: { status: string; limit: string; article?: string }) => {
      const statuses = ['pending', 'approved', 'spam', 'rejected', 'deleted', 'all'];
      if (!statuses.includes(options.status)) throw new UserError(`--status must be one of ${statuses.join(', ')}.`);
      await withContext(async (ctx) => {
        const rows = await listCommentsForModeration(ctx, options.status as CommentStatus | 'all', positiveInt(options.limit, '--limit'), options.article);
        if (rows.length === 0) {
          console.log(`No ${options.status === 'all' ? '' : `${options.status} `}comments${options.article ? ` on ${options.article}` : ''}.`);
          return;
        }
        for (const c of rows) {
          const held = c.heldReason ? ` (held: ${c.heldReason})` : '';
          printComment(ctx, c, `${c.status}${held}  ${c.createdAt.toISOString()}`);
        }
      });
    });
  for (const action of ['approve', 'reject', 'spam', 'delete'] as const) {
    comments
      .command(action)
      .argument('<ids...>', 'comment ids')
      .option('-r, --reason <text>', 'why (shown in the moderation log)', '')
      .description(`${action === 'spam' ? 'Mark as spam' : action[0]!.toUpperCase() + action.slice(1)} one or more comments.`)
      .action(async (ids: string[], options: { reason: string }) => {
        await withContext(async (ctx) => {
          for (const id of ids) {
            const comment = await moderateComment(ctx, positiveInt(id, 'comment id'), action, actor, options.reason);
            console.log(`#${comment.id} is now ${comment.status}.`);
          }
        });
      });
  }
  comments
    .command('reported')
    .description('List published comments that readers reported, the most reported first.')
    .option('-n, --limit <n>', 'how many to show', '50')
    .action(async (options: { limit: string }) => {
      await withContext(async (ctx) => {
        const rows = await listReportedComments(ctx, positiveInt(options.limit, '--limit'));
        if (rows.length === 0) {
          console.log('No published comment has reports.');
          return;
        }
        for (const c of rows) {
          const reviewed = c.reviewedAt ? `, approved by a moderator ${c.reviewedAt.toISOString()}` : '';
          printComment(ctx, c, `${reportsSummary(c.reports)}, last ${c.lastReportedAt.toISOString()}${reviewed}`);
        }
      });
    });
  comments
    .command('dismiss-reports')
    .argument('<ids...>', 'comment ids')
    .option('-r, --reason <text>', 'why (shown in the moderation log)', '')
    .description('Let reported comments stand: forget their reports; later reports are listed by `comments reported` but no longer hold them.')
    .action(async (ids: string[], options: { reason: string }) => {
      await withContext(async (ctx) => {
        for (const id of ids) {
          const comment = await dismissReports(ctx, positiveInt(id, 'comment id'), actor, options.reason);
          console.log(`#${comment.id}: reports dismissed; it stays published.`);
        }
      });
    });
  comments
    .command('ban')
    .description('Ban a commenter by e-mail, client hash or one of their comments; their visible comments are hidden.')
    .option('--email <address>', 'e-mail address')
    .option('--client <hash>', 'client hash (as shown by `comments list`)')
    .option('--comment <id>', 'ban whoever wrote this comment')
    .option('-r, --reason <text>', 'why (shown in the moderation log)', '')
    .action(async (options: { email?: string; client?: string; comment?: string; reason: string }) => {
      const given = [options.email, options.client, options.comment].filter(Boolean).length;
      if (given !== 1) throw new UserError('Give exactly one of --email, --client or --comment.');
      await withContext(async (ctx) => {
        const target = options.email ? { email: options.email } : options.client ? { clientHash: options.client } : { commentId: positiveInt(options.comment!, '--comment') };
        const result = await banCommenter(ctx, target, actor, options.reason);
        console.log(`Banned ${result.kind} ${result.kind === 'email' ? result.value : result.value.slice(0, 12) + '…'}; ${result.hidden} comment(s) hidden.`);
      });
    });
  comments
    .command('unban')
    .description('Lift a ban.')
    .option('--email <address>', 'e-mail address')
    .option('--client <hash>', 'client hash')
    .option('-r, --reason <text>', 'why (shown in the moderation log)', '')
    .action(async (options: { email?: string; client?: string; reason: string }) => {
      if (!!options.email === !!options.client) throw new UserError('Give exactly one of --email or --client.');
      await withContext(async (ctx) => {
        const removed = await unbanCommenter(ctx, options.email ? 'email' : 'client', (options.email ?? options.client)!, actor, options.reason);
        console.log(removed ? 'Ban lifted.' : 'There was no such ban.');
      });
    });
  comments
    .command('log')
    .description('Show the moderation log, newest first.')
    .option('-n, --limit <n>', 'how many entries', '50')
    .action(async (options: { limit: string }) => {
      await withContext(async (ctx) => {
        const entries = await moderationLog(ctx, positiveInt(options.limit, '--limit'));
        if (entries.length === 0) console.log('The moderation log is empty.');
        for (const e of entries) console.log(`${e.at.toISOString()}  ${e.actor}  ${e.action} ${e.targetType} ${e.targetId}${e.reason ? `: ${e.reason}` : ''}`);
      });
    });

  program
    .command('backup')
    .argument('<file>', 'the new backup file (it must not exist yet)')
    .description('Copy the SQLite database to a new file while the site keeps running (consistent, checked). For PostgreSQL, use pg_dump.')
    .action(async (file: string) => {
      const config = loadConfig();
      if (!config.databaseUrl.startsWith('sqlite:')) {
        throw new UserError(`DATABASE_URL is a PostgreSQL database: back it up with PostgreSQL's own tools, e.g. pg_dump --format=custom --file=broadsheet.dump "$DATABASE_URL".`);
      }
      const bar = progressBar('Backing up');
      let result: Awaited<ReturnType<typeof backupSqlite>>;
      try {
        result = await backupSqlite(config.databaseUrl.slice('sqlite:'.length), file, (done, total) => bar.update(done, total, basename(file)));
      } finally {
        bar.stop();
      }
      console.log(`Backed up ${result.articles} articles and ${result.comments} comments (${(result.bytes / 2 ** 20).toFixed(1)} MB) to ${result.file}.`);
      console.log('To restore: stop the server, then put this file in place of the database file and remove its -wal and -shm files.');
    });

  program
    .command('copy-database')
    .argument('<target-url>', 'the database to fill: postgres://user:password@host:5432/db or sqlite:PATH; new and empty')
    .description(
      'Copy the whole site (articles, comments, bans, reports, moderation log) from DATABASE_URL into a new, empty database: from SQLite to PostgreSQL when the site grows to several app nodes, or back. It reads one consistent snapshot; what the site writes meanwhile stays behind, so stop the server first.',
    )
    .action(async (targetUrl: string) => {
      const config = loadConfig();
      const problem = databaseUrlProblem(targetUrl, 'The target URL');
      if (problem) throw new UserError(problem);
      if (sameDatabase(config.databaseUrl, targetUrl)) throw new UserError('The target is the database DATABASE_URL names: give the URL of a new, empty database.');
      const sourceFile = config.databaseUrl.startsWith('sqlite:') ? config.databaseUrl.slice('sqlite:'.length) : null;
      if (sourceFile && !existsSync(sourceFile)) throw new UserError(`There is no database at ${sourceFile} (DATABASE_URL) to copy: set DATABASE_URL to the site's database.`);
      const newFile = targetUrl.startsWith('sqlite:') && !existsSync(targetUrl.slice('sqlite:'.length)) ? targetUrl.slice('sqlite:'.length) : null;
      const source = await openConfiguredDb(config);
      let target: OpenDb | null = null;
      const bar = progressBar('Copying');
      let copied = false;
      try {
        await migrateToLatest(source.db);
        try {
          target = await openDb(targetUrl);
          await migrateToLatest(target.db);
        } catch (error) {
          throw new UserError(`Cannot open the target database (${redact(targetUrl)}): ${(error as Error).message}`);
        }
        const summary = await copyDatabase(source.db, target.db, { onProgress: ({ table, done, total }) => bar.update(done, total, table) });
        copied = true;
        bar.stop();
        const count = (name: string) => summary.find((row) => row.table === name)?.rows ?? 0;
        const rows = summary.reduce((n, row) => n + row.rows, 0);
        console.log(
          `Copied ${count('articles')} articles, ${count('sections')} sections, ${count('authors')} authors, ${count('comments')} comments, ` +
            `${count('comment_bans')} bans, ${count('comment_reports')} reports and ${count('moderation_log')} moderation log entries (${rows} rows in ${summary.length} tables) to ${redact(targetUrl)}.`,
        );
        // Search documents are written from the copied articles, not copied: each database keeps its own
        // kind of index. The copy is whole without them; a server started on it writes those missing.
        const targetCtx = standaloneContext(config, target);
        try {
          const indexed = await indexingForSearch((onProgress) => bringSearchUpToDate(targetCtx, { onProgress }));
          if (indexed > 0) console.log(`Indexed ${indexed} article(s) for search in the new database.`);
        } catch (error) {
          console.error(`Warning: the copy is complete, but indexing it for search failed (a server started on it, or "broadsheet migrate", tries again): ${error instanceof Error ? error.message : String(error)}`);
        }
        const secretFile = join(config.dataDir, 'session-secret');
        const generated = existsSync(secretFile) && readFileSync(secretFile, 'utf8').trim() === config.sessionSecret;
        console.log(
          'Next: start the server with DATABASE_URL set to it, and give it (every node) the SESSION_SECRET this site uses: ' +
            `commenters' cookies and the hashes behind bans are keyed by it${generated ? ` (it is in ${secretFile})` : ''}.`,
        );
      } catch (error) {
        if (error instanceof UserError) throw error;
        // A dropped connection or a full disk half way: the target's transaction was rolled back.
        const reason = error instanceof Error ? error.message : String(error);
        throw new UserError(error instanceof CopyError ? reason : `The copy failed, and nothing was kept in the target: ${reason}`);
      } finally {
        bar.stop();
        await target?.close();
        await source.close();
        // A file made for this copy is not left behind looking like a database: nothing was copied into it.
        if (newFile && !copied) for (const suffix of ['', '-wal', '-shm']) rmSync(`${newFile}${suffix}`, { force: true });
      }
    });

  program
    .command('config-docs')
    .description('Print the configuration reference as Markdown.')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action((options: { output?: string }) => {
      const rows = settings.map((s) => `| \`${s.env}\` | ${s.default ? `\`${s.default}\`` : '(none)'} | ${s.doc} |`);
      const text = ['# Configuration', '', 'Broadsheet reads these environment variables at start-up. A bad value stops start-up with a message naming the variable.', '', '| Variable | Default | Meaning |', '|---|---|---|', ...rows, ''].join('\n');
      if (options.output) writeFileSync(options.output, text);
      else process.stdout.write(text);
    });

  return program;
}

async function main(): Promise<void> {
  try {
    await buildCli().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    if (error instanceof ConfigError) console.error(error.message);
    else if (error instanceof UserError || error instanceof ArticleFileError || error instanceof DomainError || error instanceof BackupError) console.error(`Error: ${error.message}`);
    else console.error(error);
    process.exit(1);
  }
}

void main();
