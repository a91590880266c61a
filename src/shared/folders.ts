// Making the data folder (and the SQLite file's folder) with its missing parents. Node's
// `mkdirSync(path, { recursive: true })` retries for ever, at full CPU, where the kernel answers ENOENT
// although the parent exists (under /proc or /sys): a mistyped DATA_DIR there hung start-up instead of
// stopping it with a message. Here each missing level is made once, and any refusal is an error.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function makeFolder(path: string): void {
  const missing: string[] = [];
  let dir = resolve(path);
  while (!existsSync(dir)) {
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (missing.length === 0 && !statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder.`);
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      // Made by another process meanwhile: fine, if it is a folder.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(level).isDirectory()) throw error;
    }
  }
}
