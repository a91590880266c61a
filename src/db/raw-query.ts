// Hand-written SQL for the few hot queries that read whole lists in one go. Each row of a list comes
// back as one JSON array inside a single value: the database builds the JSON faster than the driver
// turns each column of each row into a JavaScript value, and JSON.parse is faster still. The SQL differs
// between SQLite and PostgreSQL only in the JSON functions and in how placeholders are written.
import { CompiledQuery, PostgresAdapter, type Kysely } from 'kysely';
import type { DialectName } from './database.js';

/**
 * A list of rows as one JSON array of arrays, `values` in each, in no particular order. The caller
 * orders the parsed rows: an ORDER BY inside the aggregate makes the database sort them in a temporary
 * B-tree, which costs several times what reading a short list does.
 */
export function jsonRows(dialect: DialectName, values: readonly string[]): string {
  return dialect === 'sqlite' ? `json_group_array(json_array(${values.join(', ')}))` : `json_agg(json_build_array(${values.join(', ')}))`;
}

/** Which database a Kysely instance (or transaction) talks to, for builders that need jsonRows(). */
export function dialectOf(db: Pick<Kysely<never>, 'getExecutor'>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** The rows of a jsonRows() value: JSON text on SQLite, already parsed on PostgreSQL, null for none. */
export function parseJsonRows<T>(value: string | T[] | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  return typeof value === 'string' ? (JSON.parse(value) as T[]) : value;
}

/**
 * SQL written with PostgreSQL's numbered placeholders ($1, $2 …). On SQLite each becomes `?` and the
 * values are passed once per occurrence, in order.
 */
export class RawQuery<Row> {
  private readonly sqlite: { sql: string; order: number[] };

  constructor(private readonly text: (dialect: DialectName) => string) {
    const order: number[] = [];
    const sql = text('sqlite').replace(/\$(\d+)/g, (_, n: string) => {
      order.push(Number(n) - 1);
      return '?';
    });
    this.sqlite = { sql, order };
  }

  private postgresSql: string | undefined;

  compile(dialect: DialectName, values: readonly unknown[]): CompiledQuery<Row> {
    if (dialect === 'sqlite') return CompiledQuery.raw(this.sqlite.sql, this.sqlite.order.map((i) => values[i])) as CompiledQuery<Row>;
    this.postgresSql ??= this.text('postgres');
    return CompiledQuery.raw(this.postgresSql, [...values]) as CompiledQuery<Row>;
  }

  async execute(db: { executeQuery<R>(query: CompiledQuery<R>): Promise<{ rows: R[] }> }, dialect: DialectName, values: readonly unknown[]): Promise<Row[]> {
    const { rows } = await db.executeQuery(this.compile(dialect, values));
    return rows;
  }
}
