// Automated accessibility checks (axe-core) on the pages readers use, light and dark.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser, startServer, type RunningServer } from './harness.js';

const enabled = browserAvailable();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

describe.skipIf(!enabled)('accessibility in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const scheme of ['light', 'dark'] as const) {
    test.each(['/', '/defense', '/economy/bank-of-orsenland-holds-rates', '/tag/ceasefire', '/moderation', '/nowhere'])(
      `%s has no serious or critical problems (${scheme})`,
      async (path) => {
        // The site's CSP rightly refuses injected scripts; the test tool is let in.
        const page = await browser.newPage({ colorScheme: scheme, bypassCSP: true });
        await page.goto(server.url + path);
        await page.addScriptTag({ content: axeSource });
        const violations = (await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
          return (await axe.run()).violations;
        })) as Violation[];
        const serious = violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
        expect(serious).toEqual([]);
        await page.close();
      },
    );
  }
});
