import { describe, expect, test } from 'vitest';
import { serverNodeOptions, youngGenerationAdvice } from './node-options.js';

describe('the Node options for each database', () => {
  test('SQLite keeps the small young generation that npm start gives', () => {
    expect(serverNodeOptions('sqlite')).toEqual(['--max-semi-space-size=4', '--heap-growing-percent=50']);
    expect(youngGenerationAdvice('sqlite', ['--max-semi-space-size=4'])).toBeNull();
  });

  test('PostgreSQL started as npm start starts it gets a warning that says what to run instead', () => {
    const advice = youngGenerationAdvice('postgres', ['--max-semi-space-size=4', '--heap-growing-percent=50']);
    expect(advice).toContain('a 4 MB young generation');
    expect(advice).toContain('`node --max-semi-space-size=16 --heap-growing-percent=50 dist/server.js`');
  });

  test.each([
    ['the options for PostgreSQL', ['--max-semi-space-size=16', '--heap-growing-percent=50']],
    ['a larger size', ['--max_semi_space_size=32']],
    ["Node's own default", []],
    ['other options only', ['--enable-source-maps']],
  ])('PostgreSQL with %s gets no warning', (_name, execArgv) => {
    expect(youngGenerationAdvice('postgres', execArgv)).toBeNull();
  });

  test('the last size given counts, as in Node', () => {
    expect(youngGenerationAdvice('postgres', ['--max-semi-space-size=32', '--max-semi-space-size=8'])).toContain('a 8 MB');
  });
});

test('npm start runs the server with the options for SQLite', async () => {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts.start).toContain(`node ${serverNodeOptions('sqlite').join(' ')} dist/server.js`);
});
