// PostgreSQL connections that fall silent. A network that drops packets, a stuck proxy or a server that
// failed over to another address leaves a query waiting for an answer that never comes: the kernel gives
// up on the connection only after about a quarter of an hour, and meanwhile each such connection holds a
// page, then the pool fills with them and every page waits. Here a query that has had no answer within
// the bound closes its connection: the query fails with DatabaseUnavailable (a 503 for the reader), and
// the pool, seeing the connection unusable, drops it and opens a new one for the next request.
import type pg from 'pg';
import { DatabaseUnavailable } from './unavailable.js';

export interface AnswerBound {
  /** Milliseconds a query may wait for its answer; 0 for no bound (start-up work: migrations may take long). */
  ms: number;
}

/** Applies `bound` (read at each query, so it can be set once start-up is done) to every connection of the pool. */
export function closeSilentConnections(pool: pg.Pool, bound: AnswerBound): void {
  pool.on('connect', (client) => {
    // A connection that fails while a request holds it reports the failure to that request's query; the
    // pool learns of it on release. Without a listener of its own, the driver's 'error' event on a
    // connection in use would be unhandled, and that stops the process.
    client.on('error', () => undefined);
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const result = query(...args);
      const ms = bound.ms;
      if (ms <= 0 || !(result instanceof Promise)) return result;
      const timer = setTimeout(() => {
        const socket = (client as unknown as { connection?: { stream?: { destroy(error?: Error): void } } }).connection?.stream;
        socket?.destroy(new DatabaseUnavailable(`PostgreSQL did not answer a query within ${formatMs(ms)}; its connection was closed.`));
      }, ms);
      return result.finally(() => clearTimeout(timer));
    }) as typeof client.query;
  });
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
