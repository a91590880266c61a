// Automated accessibility checks (axe-core) on the pages readers use, light and dark.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
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
    server = await startServer({ COMMENT_MIN_FILL_SECONDS: '1', COMMENT_RATE_LIMIT: '0' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The serious and critical problems axe finds on the page as it is now. */
  async function seriousProblems(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: axeSource });
    const violations = (await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe;
      return (await axe.run()).violations;
    })) as Violation[];
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
  }

  // The states a commenter meets: the warning while typing, the form refused with the reasons and the
  // words marked (drawn by the script, and by the server after a plain post), a thread with their own
  // comment awaiting moderation, and the page to edit it.
  test.each(['light', 'dark'] as const)('a refused comment, a thread with a comment awaiting moderation, and the edit page have no serious or critical problems (%s)', async (scheme) => {
    const context = await browser.newContext({ bypassCSP: true, colorScheme: scheme });
    const page = await context.newPage();
    await page.goto(server.url + '/economy/bank-of-orsenland-holds-rates');
    await page.locator('#comment-name').fill('Vira');
    await page.locator('#comment-body').pressSequentially('Read more at example dot com, honestly.');
    await expect.poll(() => page.locator('#comment-form mark').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await seriousProblems(page)).toEqual([]);
    await page.waitForTimeout(1100);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await expect.poll(() => page.locator('#comment-form [role="alert"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await seriousProblems(page)).toEqual([]);

    // A plain post, as without JavaScript: the form's submit() skips the script's handler.
    const plainPost = () => Promise.all([page.waitForNavigation(), page.locator('#comment-form').evaluate((form: HTMLFormElement) => form.submit())]);
    await plainPost();
    expect(await page.locator('#comment-form [role="alert"]').count()).toBe(1);
    expect(await page.locator('#comment-body').inputValue()).toBe('Read more at example dot com, honestly.');
    expect(await seriousProblems(page)).toEqual([]);

    await page.locator('#comment-body').fill(`The bank was right to wait (read in ${scheme}).`);
    await plainPost();
    expect(page.url()).toMatch(/#comment-\d+$/);
    expect(await page.locator('.comment-pending').count()).toBe(1);
    expect(await seriousProblems(page)).toEqual([]);

    await page.getByRole('link', { name: 'Edit or delete your comment' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('textarea').inputValue()).toBe(`The bank was right to wait (read in ${scheme}).`);
    expect(await seriousProblems(page)).toEqual([]);
    await context.close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    test.each(['/', '/defense', '/economy/bank-of-orsenland-holds-rates', '/tag/ceasefire', '/author/odile-marchetti', '/moderation', '/search', '/search?q=strait', '/nowhere'])(
      `%s has no serious or critical problems (${scheme})`,
      async (path) => {
        // The site's CSP rightly refuses injected scripts; the test tool is let in.
        const page = await browser.newPage({ colorScheme: scheme, bypassCSP: true });
        await page.goto(server.url + path);
        expect(await seriousProblems(page)).toEqual([]);
        await page.close();
      },
    );
  }
});
