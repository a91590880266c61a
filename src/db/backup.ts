// A consistent copy of a SQLite database while the site runs. Copying the file is not one: with WAL, the
// newest pages may still be in the -wal file, and a copy taken mid-write is torn. SQLite's online backup
// copies page by page under its own locking, so the server keeps serving and writing meanwhile.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import SQLite from 'better-sqlite3';

export class BackupError extends Error {}

export interface BackupResult {
  file: string;
  bytes: number;
  articles: number;
  comments: number;
}

/**
 * Copies the SQLite database `source` to `destination`, which must not exist yet. The copy is written
 * beside it under a temporary name and renamed when complete and checked, so that a failed backup leaves
 * no file that looks like a good one.
 */
export async function backupSqlite(source: string, destination: string, onProgress?: (done: number, total: number) => void): Promise<BackupResult> {
  if (existsSync(destination)) throw new BackupError(`${destination} already exists; give a new file name (nothing was overwritten).`);
  if (!existsSync(source)) throw new BackupError(`There is no database at ${source} to back up.`);
  const partial = `${destination}.partial-${process.pid}`;
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(totalPages - remainingPages, totalPages);
        return 200;
      },
    });
    const copy = new SQLite(partial, { fileMustExist: true });
    let counts: { articles: number; comments: number };
    try {
      // One self-contained file, with no -wal or -shm beside it (the server turns WAL on again when it opens it).
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new BackupError(`The copy did not pass SQLite's check (${String(check)}); ${destination} was not written.`);
      counts = copy.prepare('select (select count(*) from articles) as articles, (select count(*) from comments) as comments').get() as { articles: number; comments: number };
    } finally {
      copy.close();
    }
    renameSync(partial, destination);
    return { file: destination, bytes: statSync(destination).size, ...counts };
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`Could not write ${destination}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db.close();
  }
}
