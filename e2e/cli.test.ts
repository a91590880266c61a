// The command line as an operator uses it, against a throwaway SQLite database.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'broadsheet-cli-'));
const env = { PATH: process.env.PATH ?? '', DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'cli.db')}`, LOG_LEVEL: 'silent' };

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['bin/broadsheet.js', ...args], { env, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The articles in a SQLite file, read directly. */
function count(path: string): number {
  const db = new SQLite(path, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from articles').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('broadsheet CLI', () => {
  beforeAll(() => {
    expect(cli('seed-demo').status).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('--help lists the commands', () => {
    const { status, stdout } = cli('--help');
    expect(status).toBe(0);
    for (const command of ['migrate', 'seed-demo', 'demo', 'article', 'import-markdown', 'rerender', 'reindex', 'comments', 'backup', 'copy-database']) expect(stdout).toContain(command);
  });

  test('--version prints the version of the package', () => {
    const { status, stdout } = cli('--version');
    expect(status).toBe(0);
    expect(stdout.trim()).toBe((JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version);
  });

  test('import-markdown creates, then skips unchanged files, and explains what it skipped', () => {
    const articles = join(dir, 'articles');
    mkdirSync(articles);
    const file = (title: string) => `---\ntitle: "${title}"\nsections: [world]\nauthor: ines-calder\n---\nBody text.\n`;
    writeFileSync(join(articles, 'one.md'), file('First import'));
    writeFileSync(join(articles, 'two.md'), file('Second import'));
    writeFileSync(join(articles, 'bad.md'), '---\ntitle: Bad\n---\nNo sections.');
    const first = cli('import-markdown', articles);
    expect(first.stdout).toContain('2 created, 0 updated, 0 unchanged, 1 skipped.');
    expect(first.stdout).toMatch(/skipped\s+.*bad\.md: the front matter has no "sections"/);
    expect(first.status).toBe(2);
    const again = cli('import-markdown', articles);
    expect(again.stdout).toContain('0 created, 0 updated, 2 unchanged, 1 skipped.');
  });

  test('article create prints the new address', () => {
    const path = join(dir, 'single.md');
    writeFileSync(path, '---\ntitle: "A single story"\nsections: [defense]\nauthor: tobiah-ferrow\n---\nText.\n');
    const { status, stdout } = cli('article', 'create', path);
    expect(status).toBe(0);
    expect(stdout).toMatch(/Created: http:\/\/localhost:3000\/defense\/single/);
  });

  test('article create names a file it cannot read, without a stack trace', () => {
    const missing = cli('article', 'create', join(dir, 'no-such-file.md'));
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`Error: Cannot read ${join(dir, 'no-such-file.md')}: there is no such file.`);
    const folder = cli('article', 'create', dir);
    expect(folder.stderr.trim()).toBe(`Error: Cannot read ${dir}: it is a folder, not a file.`);
  });

  test('article slug moves an article and keeps the old address working', () => {
    const { status, stdout } = cli('article', 'slug', 'single', 'a-single-story');
    expect(status).toBe(0);
    expect(stdout).toContain('/defense/a-single-story');
    expect(cli('article', 'slug', 'no-such-article', 'x').stderr).toContain("couldn't find that article");
  });

  test('article list shows drafts, scheduled and published articles, and refuses a state it does not know', () => {
    const listed = cli('article', 'list', '--state', 'published', '--section', 'defense', '--limit', '2');
    expect(listed.status).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^published {2}\d{4}-\d\d-\d\dT[\d:.]+Z {2}\S/);
    expect(lines[1]).toMatch(/^ {4}http:\/\/localhost:3000\/defense\/[a-z0-9-]+$/);
    expect(lines[2]).toMatch(/^ {4}.+ · \d+ comments?/);
    expect(cli('article', 'list', '--state', 'draft').stdout.trim()).toBe('No draft articles.');
    const bad = cli('article', 'list', '--state', 'live');
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('Error: --state must be one of draft, scheduled, published, all.');
    expect(cli('article', 'list', '--section', 'nowhere').stderr).toMatch(/^Error: Unknown section: nowhere\. The sections are world, /);
  });

  test('a running site stops showing an article the moment it is unpublished, and shows it again once published', async () => {
    const server = await startServer();
    try {
      const site = (...args: string[]) =>
        spawnSync(process.execPath, ['bin/broadsheet.js', ...args], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: server.databaseUrl, DATA_DIR: server.dataDir }, encoding: 'utf8', timeout: 30_000 });
      const first = site('article', 'list', '--state', 'published', '--limit', '1').stdout.split('\n')[1]!.trim();
      const path = new URL(first).pathname;
      const slug = path.split('/')[2]!;
      // Read twice, so that the page cache holds it.
      for (let i = 0; i < 2; i++) expect((await fetch(`${server.url}${path}`)).status).toBe(200);
      const pulled = site('article', 'unpublish', slug);
      expect(pulled.status).toBe(0);
      expect(pulled.stdout).toMatch(/^Unpublished: ".+" is a draft now; http:\/\/localhost:\d+\/.+ answers 404\.$/m);
      expect(site('article', 'list', '--state', 'draft').stdout).toContain(path);
      // The server learns of the change from the database within about a second.
      const statusSoon = async (want: number) => {
        for (let tries = 0; tries < 50; tries++) {
          const status = (await fetch(`${server.url}${path}`)).status;
          if (status === want) return status;
          await new Promise((r) => setTimeout(r, 100));
        }
        return (await fetch(`${server.url}${path}`)).status;
      };
      expect(await statusSoon(404)).toBe(404);
      expect(site('article', 'unpublish', slug).stdout).toContain('is already a draft; nothing changed.');
      // An editor can still read it, and share it, through a preview link.
      const preview = site('article', 'preview', slug, '--hours', '2');
      expect(preview.stdout).toMatch(/^Preview of ".+" \(draft\), until .+:\n {4}http:\/\/localhost:\d+\/preview\/\S+\n$/);
      const previewPath = new URL(preview.stdout.trim().split('\n')[1]!.trim()).pathname;
      const previewed = await fetch(`${server.url}${previewPath}`);
      expect(previewed.status).toBe(200);
      expect(await previewed.text()).toContain('Preview of a draft: readers cannot see this article until it is published.');
      expect(site('article', 'preview', slug, '--hours', '721').stderr.trim()).toBe('Error: --hours can be at most 720 (30 days).');
      expect(site('article', 'publish', slug).stdout).toMatch(/^Published: http:\/\/localhost:\d+\/\S+ \(publication time .+\)\.$/m);
      expect(await statusSoon(200)).toBe(200);

      const closed = site('article', 'comments', slug, 'close');
      expect(closed.stdout.trim()).toMatch(/^Comments are now closed on ".+"\.$/);
      for (let tries = 0; tries < 50 && !(await (await fetch(`${server.url}${path}`)).text()).includes('Comments are turned off for this article.'); tries++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await (await fetch(`${server.url}${path}`)).text()).toContain('Comments are turned off for this article.');
      // The newest demo article is days old: its comments close by themselves after 30 days.
      const opened = site('article', 'comments', slug, 'open');
      expect(opened.stdout).toContain('Comments are now open on');
      expect(opened.stdout).toMatch(/They close by themselves on .+ \(COMMENT_CLOSE_AFTER_DAYS is 30\)\./);
      expect(site('article', 'comments', slug, 'shut').stderr.trim()).toBe('Error: Say "open" or "close", not "shut".');
      const at = site('article', 'publish', slug, '--at', 'next tuesday');
      expect(at.status).toBe(1);
      expect(at.stderr).toContain('--at is not a time: "next tuesday".');
    } finally {
      await server.stop();
    }
  });

  test('moderation: list, approve with a reason, and the log shows who did what', () => {
    expect(cli('comments', 'list').stdout).toContain('No pending comments.');
    expect(cli('comments', 'list', '--status', 'all', '--article', 'no-such-article').stdout).toContain('No comments on no-such-article.');
    const missing = cli('comments', 'approve', '999');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("couldn't find that comment");
    expect(cli('comments', 'ban', '--email', 'troll@example.org', '--reason', 'abuse').stdout).toContain('Banned email troll@example.org');
    const log = cli('comments', 'log').stdout;
    expect(log).toMatch(/cli:\S+\s+ban email t…@e…: abuse/);
  });

  test('moderation: reported comments are listed, most reported first, and a moderator can let one stand', () => {
    expect(cli('comments', 'reported').stdout).toContain('No published comment has reports.');
    const db = new SQLite(join(dir, 'cli.db'));
    let id: number;
    let path: string;
    try {
      const article = db.prepare("select a.id, a.slug, s.slug as section from articles a join sections s on s.id = a.primary_section_id where a.status = 'published' limit 1").get() as { id: string; slug: string; section: string };
      path = `/${article.section}/${article.slug}`;
      const at = '2026-11-26T12:00:00.000Z';
      id = Number(db.prepare(`insert into comments (article_id, depth, author_name, body, status, commenter_key, client_hash, body_hash, created_at, updated_at)
        values (?, 0, 'Blunt Reader', 'A blunt but fair opinion.', 'approved', 'key', 'client', 'hash', ?, ?)`).run(article.id, at, at).lastInsertRowid);
      const report = db.prepare('insert into comment_reports (comment_id, client_hash, reason, created_at) values (?, ?, ?, ?)');
      report.run(id, 'network-1', 'abusive', at);
      report.run(id, 'network-2', 'spam', at);
    } finally {
      db.close();
    }
    const listed = cli('comments', 'reported');
    expect(listed.stdout).toContain(`#${id}  reported by 2 readers (abusive 1, spam 1), last 2026-11-26T12:00:00.000Z`);
    expect(listed.stdout).toContain('A blunt but fair opinion.');
    // Where to read it, in context: its own address on the site.
    expect(listed.stdout).toContain(`http://localhost:3000${path}/comments/${id}\n`);
    const dismissed = cli('comments', 'dismiss-reports', String(id), '--reason', 'fair comment');
    expect(dismissed.stdout.trim()).toBe(`#${id}: reports dismissed; it stays published.`);
    expect(cli('comments', 'reported').stdout).toContain('No published comment has reports.');
    expect(cli('comments', 'log').stdout).toMatch(new RegExp(`cli:\\S+\\s+dismiss_reports comment ${id}: fair comment`));
    const again = cli('comments', 'dismiss-reports', String(id));
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`Comment #${id} has no readers' reports to dismiss.`);
  });

  test('rerender checks every article and writes none when nothing changed', () => {
    const { status, stdout } = cli('rerender');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^\d+ article\(s\) checked, 0 rendered anew\.$/m);
  });

  test('reindex writes every article\'s search document again', () => {
    const { status, stdout } = cli('reindex');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Indexed \d+ article\(s\) for search\.$/m);
  });

  test('demo remove deletes the demo articles', () => {
    const { status, stdout } = cli('demo', 'remove');
    expect(status).toBe(0);
    expect(stdout).toMatch(/Removed 14 demo article\(s\)/);
  });

  test('backup writes a checked copy of the database, and never overwrites a file', () => {
    const file = join(dir, 'backup.db');
    const first = cli('backup', file);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^Backed up \d+ articles and \d+ comments \([\d.]+ MB\) to .*backup\.db\./);
    expect(count(file)).toBe(count(join(dir, 'cli.db')));
    expect(count(file)).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((name) => name.includes('.partial-'))).toEqual([]);

    const before = readFileSync(file);
    const again = cli('backup', file);
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toBe(`Error: ${file} already exists; give a new file name (nothing was overwritten).`);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test('copy-database fills a new database with the whole site, and refuses one that holds content', () => {
    const target = join(dir, 'copy.db');
    const first = cli('copy-database', `sqlite:${target}`);
    expect(first.stderr).not.toMatch(/at \w+ \(/);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^Copied \d+ articles, \d+ sections, \d+ authors, \d+ comments, \d+ bans, \d+ reports and \d+ moderation log entries \(\d+ rows in 12 tables\) to sqlite:.*copy\.db\./);
    expect(first.stdout).toContain(`SESSION_SECRET this site uses`);
    expect(first.stdout).toContain(join(dir, 'session-secret'));
    expect(count(target)).toBe(count(join(dir, 'cli.db')));
    // Its search index is written from the copied articles.
    expect(first.stdout).toContain(`Indexed ${count(target)} article(s) for search in the new database.`);
    const copy = new SQLite(target, { readonly: true });
    try {
      expect((copy.prepare("select count(*) as n from search_index where search_index match 'import'").get() as { n: number }).n).toBeGreaterThan(0);
    } finally {
      copy.close();
    }

    const again = cli('copy-database', `sqlite:${target}`);
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toMatch(/^Error: The target database already holds content \(sections: \d+, .*\)\. It must be new and empty: nothing was copied\.$/);
    expect(count(target)).toBe(count(join(dir, 'cli.db')));

    expect(cli('copy-database', `sqlite:${join(dir, 'cli.db')}`).stderr).toContain('The target is the database DATABASE_URL names');
    const noSource = spawnSync(process.execPath, ['bin/broadsheet.js', 'copy-database', `sqlite:${join(dir, 'never.db')}`], {
      env: { ...env, DATABASE_URL: `sqlite:${join(dir, 'typo.db')}` },
      encoding: 'utf8',
    });
    expect(noSource.status).toBe(1);
    expect(noSource.stderr).toContain(`There is no database at ${join(dir, 'typo.db')} (DATABASE_URL) to copy`);
    expect(existsSync(join(dir, 'typo.db')) || existsSync(join(dir, 'never.db'))).toBe(false);
    const badUrl = cli('copy-database', 'mysql://root@127.0.0.1/news');
    expect(badUrl.status).toBe(1);
    expect(badUrl.stderr.trim()).toBe('Error: The target URL must start with sqlite: or postgres://, got "mysql://root@127.0.0.1/news".');
    const unreachable = cli('copy-database', 'postgres://nobody:secret@127.0.0.1:1/none');
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toContain('Cannot open the target database (postgres://nobody:***@127.0.0.1:1/none)');
    expect(unreachable.stderr).not.toContain('secret');
  });

  test('backup on PostgreSQL points to pg_dump', () => {
    const result = spawnSync(process.execPath, ['bin/broadsheet.js', 'backup', join(dir, 'pg.db')], {
      env: { ...env, DATABASE_URL: 'postgres://news@127.0.0.1:5432/news' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('pg_dump');
    expect(existsSync(join(dir, 'pg.db'))).toBe(false);
  });

  test('a bad configuration value is reported by name', () => {
    const result = spawnSync(process.execPath, ['bin/broadsheet.js', 'migrate'], { env: { ...env, DATABASE_URL: 'oracle://x' }, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL must start with sqlite: or postgres://');
  });

  test('a database or data folder that cannot be created is reported by name, without a stack trace', () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'not a folder');
    const run = (extra: Record<string, string>) => spawnSync(process.execPath, ['bin/broadsheet.js', 'migrate'], { env: { ...env, ...extra }, encoding: 'utf8' });
    const database = run({ DATABASE_URL: `sqlite:${join(file, 'news.db')}` });
    expect(database.status).toBe(1);
    expect(database.stderr).toContain('Cannot open the database at DATABASE_URL');
    const data = run({ DATA_DIR: join(file, 'data') });
    expect(data.status).toBe(1);
    expect(data.stderr).toContain(`DATA_DIR (${join(file, 'data')}) must be a folder Broadsheet can write to`);
    for (const result of [database, data]) expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
