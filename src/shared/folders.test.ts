import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFolder } from './folders.js';

describe('making a folder and its missing parents', () => {
  test('makes every missing level, and is content when the folder is there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-folders-'));
    try {
      const deep = join(dir, 'a', 'b', 'c');
      makeFolder(deep);
      expect(statSync(deep).isDirectory()).toBe(true);
      makeFolder(deep);
      makeFolder(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file in the way is an error that names it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broadsheet-folders-'));
    try {
      const file = join(dir, 'a-file');
      writeFileSync(file, 'not a folder');
      expect(() => makeFolder(join(file, 'data'))).toThrow(/ENOTDIR|EEXIST/);
      expect(() => makeFolder(file)).toThrow(/not a folder/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Node's own recursive mkdir retries for ever where the kernel answers ENOENT although the parent
  // exists, at full CPU: a DATA_DIR under /proc hung start-up.
  test.runIf(existsSync('/proc/self'))('a folder the kernel will not make (under /proc) is an error, at once', () => {
    expect(() => makeFolder('/proc/broadsheet-test/data')).toThrow(/ENOENT/);
  });
});
