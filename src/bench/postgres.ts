// The benchmark on PostgreSQL (--database): it runs in an empty database, which it fills and empties again.
import type pg from 'pg';

async function withPostgres<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const { default: driver } = await import('pg');
  const client = new driver.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Checks that the database is empty (the benchmark drops what it creates there) and returns its version, as "PostgreSQL 15.20". */
export async function preparePostgres(url: string): Promise<string> {
  return withPostgres(url, async (client) => {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from pg_tables where schemaname = current_schema()');
    const tables = Number(rows[0]?.n ?? 0);
    if (tables > 0) {
      throw new Error(`--database must name an empty PostgreSQL database: this one has ${tables} table(s) in its schema. The benchmark fills the database and drops every table in it when done.`);
    }
    const version = await client.query<{ server_version: string }>('show server_version');
    return `PostgreSQL ${version.rows[0]?.server_version.split(' ')[0] ?? '?'}`;
  });
}

/** Drops every table in the database's schema: what the benchmark made there, since it started empty. */
export async function emptyPostgres(url: string): Promise<void> {
  await withPostgres(url, async (client) => {
    const { rows } = await client.query<{ name: string }>('select tablename as name from pg_tables where schemaname = current_schema()');
    if (rows.length > 0) await client.query(`drop table if exists ${rows.map((r) => `"${r.name.replace(/"/g, '""')}"`).join(', ')} cascade`);
  });
}

/** The database's size on disk, MB. */
export async function postgresSizeMb(url: string): Promise<number> {
  return withPostgres(url, async (client) => {
    const { rows } = await client.query<{ size: string }>('select pg_database_size(current_database()) as size');
    return Number(rows[0]?.size ?? 0) / 2 ** 20;
  });
}
