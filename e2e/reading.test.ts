// A reader finds their way from the front page to an article, on a desktop and on a phone.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { browserAvailable, launchBrowser, startServer, type RunningServer } from './harness.js';

const enabled = browserAvailable();

describe.skipIf(!enabled)('reading the site in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a reader goes from the front page to a section and on to an article', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(server.url);
    expect(await page.locator('.masthead-name').innerText()).toBe('The Broadsheet');
    expect(await page.locator('.lead-story h2').count()).toBe(1);
    await page.screenshot({ path: 'test-results/home-desktop.png', fullPage: true });

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Defense' }).click();
    await page.waitForURL(`${server.url}/defense`);
    expect(await page.locator('h1').innerText()).toBe('Defense');
    expect(await page.getByRole('navigation', { name: 'Sections' }).locator('[aria-current="page"]').innerText()).toMatch(/defense/i);

    const first = page.locator('.article-list .card-title a').first();
    const headline = await first.innerText();
    await first.click();
    await page.waitForLoadState('load');
    expect(await page.locator('h1#headline').innerText()).toBe(headline);
    expect(await page.locator('.breadcrumbs').innerText()).toMatch(/home/i);
    expect(await page.locator('.article-meta time').first().getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await page.locator('.article-body p').count()).toBeGreaterThan(3);
    expect(await page.locator('#comments').count()).toBe(1);
    const jsonLd = await page.locator('script[type="application/ld+json"]').first().textContent();
    expect(JSON.parse(jsonLd ?? '{}')['@type']).toMatch(/NewsArticle$/);
    await page.screenshot({ path: 'test-results/article-desktop.png', fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a reader searches from any page and opens what they found, with or without JavaScript', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${server.url}/defense`);
      await page.getByRole('link', { name: 'Search', exact: true }).first().click();
      await page.waitForURL(`${server.url}/search`);
      await page.getByLabel('Words to look for in headlines, summaries and articles').fill('sabrenne STRA');
      await page.getByRole('button', { name: 'Search' }).click();
      // The section menu is at "All sections", which the form sends as an empty value.
      await page.waitForURL(/\/search\?q=sabrenne\+STRA&section=$/);
      expect(await page.locator('.search-summary').innerText()).toBe('Results for sabrenne STRA');
      const everywhere = await page.locator('.article-list .card-title').allInnerTexts();
      // Then in one section only.
      await page.getByRole('combobox', { name: 'Section', exact: true }).selectOption({ label: 'Defense' });
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/\/search\?q=sabrenne\+STRA&section=defense$/);
      expect(await page.locator('.search-summary').innerText()).toBe('Results for sabrenne STRA in Defense (all sections)');
      const titles = await page.locator('.article-list .card-title').allInnerTexts();
      expect(titles.length).toBeGreaterThan(0);
      expect(titles.length).toBeLessThan(everywhere.length);
      expect(titles.some((t) => /Sabrenne Strait/.test(t))).toBe(true);
      if (javaScriptEnabled) await page.screenshot({ path: 'test-results/search-phone.png', fullPage: true });
      await page.locator('.article-list .card-title a').first().click();
      await page.waitForLoadState('load');
      expect(await page.locator('h1#headline').innerText()).toBe(titles[0]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBe(0);
      await context.close();
    }
  });

  test('on a phone the article reads without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await page.goto(server.url);
    await page.locator('.lead-story .card-title a').click();
    await page.waitForLoadState('load');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'test-results/article-phone.png', fullPage: true });
    await page.close();
  });

  test('on a phone a headline with a very long word breaks it rather than widening the page', async () => {
    const file = join(server.dataDir, 'compound.md');
    const compound = 'Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz';
    writeFileSync(file, `---\ntitle: Streit über das ${compound}\nslug: long-compound\nauthor: ines-calder\nsections: [europe]\nstandfirst: Das ${compound} bleibt.\n---\nText.\n`);
    execFileSync(process.execPath, ['dist/cli.js', 'article', 'create', file], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: server.databaseUrl, DATA_DIR: server.dataDir } });
    const page = await browser.newPage({ viewport: { width: 320, height: 700 }, isMobile: true });
    for (const path of ['/europe/long-compound', '/europe', '/author/ines-calder']) {
      await page.goto(server.url + path);
      expect(await page.locator('body').innerText()).toContain(compound);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await page.close();
  });

  test('an unknown address shows a helpful 404 page', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${server.url}/world/no-such-story`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Page not found');
    expect(await page.locator('.card').count()).toBeGreaterThan(0);
    await page.close();
  });
});
