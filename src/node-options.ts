// The Node options that suit each database. V8 reads them once, at process start, so they are options
// on the command line, not settings (docs/decisions.md, "--max-semi-space-size").
import type { DialectName } from './db/database.js';

/** The young generation's semi-space, in MB, for each database: `npm start` gives SQLite's. */
export const SEMI_SPACE_MB: Readonly<Record<DialectName, number>> = { sqlite: 4, postgres: 16 };

/** What V8 uses on a 64-bit machine when no option is given. */
const NODE_DEFAULT_SEMI_SPACE_MB = 16;

/** The options to start the server with on `dialect`. */
export function serverNodeOptions(dialect: DialectName): string[] {
  return [`--max-semi-space-size=${SEMI_SPACE_MB[dialect]}`, '--heap-growing-percent=50'];
}

/**
 * A warning for a server on PostgreSQL whose young generation was sized for SQLite (as `npm start`
 * does); null when the size suits the database. `execArgv` is the process's Node options.
 */
export function youngGenerationAdvice(dialect: DialectName, execArgv: readonly string[]): string | null {
  if (dialect !== 'postgres') return null;
  let mb = NODE_DEFAULT_SEMI_SPACE_MB;
  for (const arg of execArgv) {
    const given = /^--max[-_]semi[-_]space[-_]size=(\d+)$/.exec(arg);
    if (given) mb = Number(given[1]);
  }
  if (mb >= SEMI_SPACE_MB.postgres) return null;
  return (
    `this node runs on PostgreSQL with a ${mb} MB young generation (--max-semi-space-size=${mb}, the size for SQLite). ` +
    `Start it with \`node ${serverNodeOptions('postgres').join(' ')} dist/server.js\`: front and section pages then take ` +
    'a fifth to a quarter less CPU (see docs/operations.md).'
  );
}
