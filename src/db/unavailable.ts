// A database that does not answer, or cannot write (its disk is full), is not a bug in the page that
// asked it. Readers get "try again in a moment" with a 503 (which also tells a load balancer or a CDN to
// serve elsewhere or from its copy), and the log gets one line saying why, not a stack trace per
// request. Everything else stays a 500.

/** The verdict when a query got no answer in time, or the database could not be reached for another reason. */
export class DatabaseUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailable';
  }
}

/** Socket failures between the node and its database server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE']);

/**
 * PostgreSQL's SQLSTATE codes for a server that cannot serve now: class 08 (connection exceptions),
 * class 53 (insufficient resources: a full disk, no memory, too many connections), 57014 (statement
 * cancelled, as by `statement_timeout`), 57P01–57P03 (shutting down, crash recovery, starting up).
 */
const POSTGRES_CODES = /^(08...|53...|57014|57P0[1-3])$/;

/**
 * SQLite: another process (the command line, a backup) kept the database locked past the busy timeout;
 * or the file cannot be written: a full disk, an I/O error, a file or file system that became read-only.
 */
const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY)/;

/** What the PostgreSQL driver says, without a code, when the pool or a connection gives up. */
const DRIVER_MESSAGES = /^(timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error)/;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = error; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e);
    if (e instanceof DatabaseUnavailable) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_CODES.test(code) || SQLITE_CODES.test(code))) return true;
    if (DRIVER_MESSAGES.test(e.message)) return true;
  }
  return false;
}
