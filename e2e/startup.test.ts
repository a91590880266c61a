// What an operator sees when the configuration is wrong: a message naming the variable, and no server.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { startServer } from './harness.js';

function start(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-startup-'));
  try {
    const result = spawnSync(process.execPath, ['dist/server.js'], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dir, DATABASE_URL: `sqlite:${join(dir, 'x.db')}`, ...env },
      encoding: 'utf8',
      timeout: 15_000,
    });
    return { status: result.status, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('start-up with a bad configuration', () => {
  test('a bad PORT stops start-up with a message naming PORT', () => {
    const { status, stderr } = start({ PORT: 'eighty' });
    expect(status).not.toBe(0);
    expect(stderr).toContain('PORT must be a whole number from 1 to 65535, got "eighty"');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('a DATABASE_URL of an unknown kind stops start-up with a message naming it', () => {
    const { status, stderr } = start({ DATABASE_URL: 'mysql://localhost/news' });
    expect(status).not.toBe(0);
    expect(stderr).toContain('DATABASE_URL must start with sqlite: or postgres://');
  });

  test('a PostgreSQL server that does not answer is reported with the variable and without the password', () => {
    const { status, stderr } = start({ DATABASE_URL: 'postgres://news:s3cret@127.0.0.1:1/news' });
    expect(status).not.toBe(0);
    expect(stderr).toContain('DATABASE_URL');
    expect(stderr).not.toContain('s3cret');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('a PostgreSQL server that takes the connection and never answers stops start-up within seconds', { timeout: 30_000 }, async () => {
    // The kernel completes the connection for a listening socket even while this process waits below.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const { status, stderr } = start({ DATABASE_URL: `postgres://news:s3cret@127.0.0.1:${port}/news`, SESSION_SECRET: 'x'.repeat(40) });
      expect(status).toBe(1);
      expect(stderr).toContain('DATABASE_URL (postgres://news:***@127.0.0.1:');
      expect(stderr).toContain('PostgreSQL took the connection but did not answer within 10 s.');
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      silent.close();
    }
  });

  test('a DATA_DIR that cannot hold the generated secret stops start-up with a message naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-startup-'));
    try {
      const file = join(dir, 'plain-file');
      writeFileSync(file, 'not a folder');
      const { status, stderr } = start({ DATA_DIR: join(file, 'data') });
      expect(status).not.toBe(0);
      expect(stderr).toContain('DATA_DIR');
      expect(stderr).toContain('SESSION_SECRET');
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a Redis server that does not answer stops start-up with a message naming REDIS_URL, without the password', () => {
    const { status, stderr } = start({ REDIS_URL: 'redis://:s3cret@127.0.0.1:1' });
    expect(status).not.toBe(0);
    expect(stderr).toContain('Redis at REDIS_URL (redis://:***@127.0.0.1:1) does not answer');
    expect(stderr).not.toContain('s3cret');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('a Redis server that takes the connection and never answers stops start-up within seconds', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const { status, stderr } = start({ REDIS_URL: `redis://:s3cret@127.0.0.1:${port}` });
      expect(status).toBe(1);
      expect(stderr).toContain(`Redis at REDIS_URL (redis://:***@127.0.0.1:${port}) does not answer.`);
      expect(stderr).toContain('It took the connection but did not answer within 1 s.');
      expect(stderr).not.toContain('s3cret');
    } finally {
      silent.close();
    }
  });

  test('with several workers, a port already in use stops start-up once, with a message naming PORT', async () => {
    const taken = createServer(() => undefined);
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const { status, stderr } = start({ PORT: String(port), HOST: '127.0.0.1', WORKERS: '2', SESSION_SECRET: 'x'.repeat(40) });
      expect(status).toBe(1);
      expect(stderr).toContain(`port ${port} is already in use (set PORT to another one)`);
      expect(stderr).toContain('a worker stopped before it could serve (exit code 1)');
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
  });

  test('all problems are listed together', () => {
    const { stderr } = start({ PORT: '-1', LOG_LEVEL: 'chatty' });
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('LOG_LEVEL');
  });
});

/**
 * A demo site in a folder of its own, loaded with the command line and changed by `alter` before any
 * server starts on it; `use` gets the settings that start a server on it, and what `alter` returned.
 */
async function withDemoSite<T>(alter: (db: SQLite.Database) => T, use: (site: { env: Record<string, string>; file: string; altered: T }) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-startup-'));
  const file = join(dir, 'site.db');
  try {
    const env = { DATABASE_URL: `sqlite:${file}`, DATA_DIR: dir };
    expect(spawnSync(process.execPath, ['dist/cli.js', 'seed-demo'], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' }).status).toBe(0);
    const db = new SQLite(file);
    let altered: T;
    try {
      altered = alter(db);
    } finally {
      db.close();
    }
    await use({ env, file, altered });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('start-up when search indexing fails', () => {
  test('the site starts all the same, and says what failed and how to try again', async () => {
    // Articles without search documents, and an index that cannot be written.
    await withDemoSite((db) => db.exec('drop table search_index; delete from search_documents;'), async ({ env }) => {
      const server = await startServer(env);
      try {
        // The site serves first; the indexing that follows fails.
        await expect.poll(() => server.output(), { timeout: 10_000 }).toContain('Warning: indexing articles for search failed, so searches may miss older articles (run "broadsheet migrate" to try again): no such table: search_index');
        expect(server.output()).not.toMatch(/\n\s+at /);
        expect((await fetch(`${server.url}/economy/bank-of-orsenland-holds-rates`)).status).toBe(200);
      } finally {
        await server.stop();
      }
    });
  });
});

describe('start-up with search to index', () => {
  test('the site serves while it writes the search index again, and search finds the stems once it is done', async () => {
    // As a site written before stems: nothing recorded of how its index was written, so every document is written again.
    const countArticles = (db: SQLite.Database) => {
      db.exec('update site_state set search_text = null');
      return (db.prepare('select count(*) as n from articles').get() as { n: number }).n;
    };
    await withDemoSite(countArticles, async ({ env, file, altered: articles }) => {
      const server = await startServer(env);
      try {
        await expect.poll(() => server.output(), { timeout: 20_000 }).toContain(`Indexed ${articles} article(s) for search.`);
        const output = server.output();
        expect(output.indexOf('Broadsheet is serving')).toBeGreaterThan(-1);
        expect(output.indexOf('Broadsheet is serving')).toBeLessThan(output.indexOf(`Indexing ${articles} article(s) for search while serving…`));
        const check = new SQLite(file, { readonly: true });
        expect((check.prepare('select search_text from site_state').get() as { search_text: string }).search_text).toBe('folding 2, stemming english');
        check.close();
        const results = (await (await fetch(`${server.url}/api/v1/search?q=elections`)).json()) as { articles: Array<{ slug: string }> };
        expect(results.articles.length).toBeGreaterThan(0);
        // A second start has nothing to index.
        await server.stop();
        const again = await startServer(env);
        try {
          expect((await fetch(`${again.url}/search?q=ferry`)).status).toBe(200);
          expect(again.output()).not.toContain('Indexing');
        } finally {
          await again.stop();
        }
      } finally {
        await server.stop();
      }
    });
  });
});
