// Folders shipped with the project, found from this file whether it runs from src/ (tests) or dist/.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Broadsheet package root.');
    dir = parent;
  }
  return dir;
}

export const ROOT_DIR = findRoot();
export const VIEWS_DIR = join(ROOT_DIR, 'src', 'views');
export const PUBLIC_DIR = join(ROOT_DIR, 'src', 'public');
export const DEMO_DIR = join(ROOT_DIR, 'src', 'demo');
