// Named prepared statements on PostgreSQL. The driver sends each query unnamed, so the server parses and
// plans it anew every time: about a millisecond of planning for the article page's statement, more than
// running it takes. A named statement is parsed once per connection, and after a few runs PostgreSQL keeps
// a generic plan for it, so planning stops too. Query texts are fixed per query shape (they vary only with
// the length of IN lists), so each connection holds a bounded set of them.
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Statements that can be prepared and are worth it: queries and data changes, not transaction control or DDL. */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

export function isPreparable(text: string): boolean {
  return PREPARABLE.test(text);
}

/** A name for the statement, the same for the same text on every node (well under PostgreSQL's 63 characters). */
export function statementName(text: string): string {
  return `bs_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
}

const MAX_NAMES = 2000;

/**
 * Makes every connection of the pool send preparable queries as named statements. Only the form Kysely
 * uses, `query(text, values)`, is changed; anything else reaches the driver as it was.
 */
export function nameStatements(pool: pg.Pool): void {
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (name === undefined) {
      name = statementName(text);
      if (names.size >= MAX_NAMES) names.clear();
      names.set(text, name);
    }
    return name;
  };
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const [text, values] = args;
      if (args.length === 2 && typeof text === 'string' && Array.isArray(values) && isPreparable(text)) {
        return query({ name: nameOf(text), text, values });
      }
      return query(...args);
    }) as typeof client.query;
  });
}
