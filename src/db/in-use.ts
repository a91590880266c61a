// Closing the database only once the queries under way are done. When the server stops, Node waits for
// the requests whose readers are still connected; a request whose reader went away is still being worked
// on, and closing the database under it made its next query fail ("driver has already been destroyed")
// and logged an error for each one. The dialect below counts the connections asked for and not yet given
// back, so that close() can wait until the database has been quiet for a moment.
import type { DatabaseConnection, Dialect, Driver, Kysely, TransactionSettings } from 'kysely';

export interface UseCounter {
  /** Connections asked for or held, not yet given back. */
  readonly inUse: number;
  /**
   * Resolves once no connection has been in use for `quietMs` (a request between two queries starts the
   * next within that time), or after `maxMs` whatever happens. True when it was quiet.
   */
  whenQuiet(quietMs: number, maxMs: number): Promise<boolean>;
}

/** Wraps a dialect so that its driver counts the connections in use. */
export function countingDialect(inner: Dialect): { dialect: Dialect; counter: UseCounter } {
  let inUse = 0;
  let lastUse = 0;
  const done = () => {
    inUse--;
    lastUse = performance.now();
  };
  const counter: UseCounter = {
    get inUse() {
      return inUse;
    },
    async whenQuiet(quietMs, maxMs) {
      const deadline = performance.now() + maxMs;
      for (;;) {
        const now = performance.now();
        if (inUse === 0 && now - lastUse >= quietMs) return true;
        if (now >= deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, Math.min(quietMs, 10)));
      }
    },
  };
  const dialect: Dialect = {
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db: Kysely<unknown>) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createDriver: (): Driver => {
      const driver = inner.createDriver();
      return {
        init: () => driver.init(),
        acquireConnection: async () => {
          inUse++;
          try {
            return await driver.acquireConnection();
          } catch (error) {
            done();
            throw error;
          }
        },
        releaseConnection: async (connection: DatabaseConnection) => {
          try {
            await driver.releaseConnection(connection);
          } finally {
            done();
          }
        },
        beginTransaction: (connection: DatabaseConnection, settings: TransactionSettings) => driver.beginTransaction(connection, settings),
        commitTransaction: (connection: DatabaseConnection) => driver.commitTransaction(connection),
        rollbackTransaction: (connection: DatabaseConnection) => driver.rollbackTransaction(connection),
        savepoint: driver.savepoint?.bind(driver),
        rollbackToSavepoint: driver.rollbackToSavepoint?.bind(driver),
        releaseSavepoint: driver.releaseSavepoint?.bind(driver),
        destroy: () => driver.destroy(),
      };
    },
  };
  return { dialect, counter };
}
