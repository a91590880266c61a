// Queries on the hot path of page views, built with Kysely once and then only executed. Building and
// compiling a query with twenty columns and three joins costs Kysely more than SQLite takes to run it.
// A prepared query is written as usual with param('name') in place of each value, compiled on first use
// for the database at hand, and executed with the values substituted by position.
import { CompiledQuery, type Compilable, type Kysely, type Transaction } from 'kysely';

const PREFIX = '\u0000param:';

/** A placeholder for a value given at execution. Typed as any value the builder expects. */
export function param<T = string>(name: string): T {
  return `${PREFIX}${name}` as unknown as T;
}

type AnyDb = Kysely<never> | Transaction<never>;

export class PreparedQuery<Row, Params extends Record<string, unknown>> {
  private readonly compiled = new WeakMap<object, CompiledQuery<Row>>();

  constructor(private readonly build: (db: never) => Compilable<Row>) {}

  async execute(db: unknown, params: Params): Promise<Row[]> {
    const executor = db as AnyDb;
    let compiled = this.compiled.get(executor);
    if (!compiled) {
      compiled = this.build(executor as never).compile();
      this.compiled.set(executor, compiled);
    }
    const parameters = compiled.parameters.map((value) => {
      if (typeof value !== 'string' || !value.startsWith(PREFIX)) return value;
      const name = value.slice(PREFIX.length);
      if (!(name in params)) throw new Error(`Prepared query parameter "${name}" has no value.`);
      return params[name];
    });
    const result = await executor.executeQuery(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<Row>);
    return result.rows;
  }
}
