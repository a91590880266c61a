// A reader comments under an article, with and without JavaScript, and a moderator approves it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { browserAvailable, commentMarkup, launchBrowser, startServer, type RunningServer } from './harness.js';

const enabled = browserAvailable();
const ARTICLE = '/economy/bank-of-orsenland-holds-rates';
const DISGUISED = 'Sensible decision. Full statement at orsenland-bank dot org, worth a read.';
const FIXED = 'Sensible decision. The full statement from the bank is worth a read.';

describe.skipIf(!enabled)('commenting in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    server = await startServer({ COMMENT_MIN_FILL_SECONDS: '1', COMMENT_REPORTS_TO_HOLD: '2', TRUST_PROXY: 'on' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function fillForm(page: Page, name: string, body: string) {
    await page.locator('#comment-name').fill(name);
    await page.locator('#comment-body').fill(body);
  }

  test('with JavaScript: a warning marks the link while typing; the refused post keeps the text; the fixed one appears', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url + ARTICLE);
    await fillForm(page, 'Halyna', DISGUISED);
    const live = page.locator('#comment-live');
    await live.locator('mark').first().waitFor();
    expect(await live.innerText()).toMatch(/link/i);
    expect(await live.locator('mark').first().innerText()).toContain('orsenland-bank dot org');
    await page.locator('#comment-form').screenshot({ path: 'test-results/comment-live-warning.png' });

    await page.getByRole('button', { name: 'Post comment' }).click();
    const alert = page.locator('#comment-form [role="alert"]');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/orsenland-bank dot org/);
    expect(await page.locator('#comment-form .link-preview mark').count()).toBeGreaterThan(0);
    expect(await page.locator('#comment-body').inputValue()).toBe(DISGUISED);
    expect(page.url()).toBe(server.url + ARTICLE);

    await page.locator('#comment-body').fill(FIXED);
    await page.getByRole('button', { name: 'Post comment' }).click();
    const posted = page.locator('.comment-list .comment', { hasText: FIXED });
    await posted.waitFor();
    expect(await posted.innerText()).toMatch(/awaiting moderation/i);
    expect(await page.locator('#comment-body').inputValue()).toBe('');
    // As on the page after a reload: the author may edit or delete it; a comment awaiting moderation has no reply link.
    expect(await posted.getByRole('link', { name: 'Edit or delete your comment' }).getAttribute('href')).toMatch(new RegExp(`^${ARTICLE}/comments/\\d+/edit$`));
    expect(await posted.getByRole('link', { name: /^Reply/ }).count()).toBe(0);
    await page.locator('#comments').screenshot({ path: 'test-results/comment-posted-js.png' });

    // The reader sees their pending comment after a reload, drawn as the script drew it; a stranger does not.
    const postedId = (await posted.getAttribute('id'))!;
    const inPlace = await commentMarkup(page, postedId);
    await page.reload();
    expect(await commentMarkup(page, postedId)).toEqual(inPlace);
    expect(await page.locator('.comment', { hasText: FIXED }).count()).toBe(1);
    const reloaded = page.locator('.comment', { hasText: FIXED });
    expect(await reloaded.getByRole('link', { name: 'Edit or delete your comment' }).count()).toBe(1);
    expect(await reloaded.getByRole('link', { name: /^Reply/ }).count()).toBe(0);
    const stranger = await browser.newPage();
    await stranger.goto(server.url + ARTICLE);
    expect(await stranger.locator('.comment', { hasText: FIXED }).count()).toBe(0);

    // A moderator approves it from the command line; everyone sees it.
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: server.databaseUrl, DATA_DIR: server.dataDir };
    const list = spawnSync(process.execPath, ['bin/broadsheet.js', 'comments', 'list'], { env, encoding: 'utf8' });
    const id = /#(\d+)\s+pending/.exec(list.stdout)?.[1];
    expect(id).toBeTruthy();
    const approve = spawnSync(process.execPath, ['bin/broadsheet.js', 'comments', 'approve', id!, '--reason', 'fine'], { env, encoding: 'utf8' });
    expect(approve.status).toBe(0);
    await expect.poll(async () => {
      await stranger.goto(server.url + ARTICLE);
      return stranger.locator('.comment', { hasText: FIXED }).count();
    }, { timeout: 10_000 }).toBe(1);
    await context.close();
    await stranger.close();
  });

  test('with JavaScript: a link in the name is warned about under the name as it is typed', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(server.url + ARTICLE);
    await page.locator('#comment-name').fill('Taras of taras-deals dot net');
    const live = page.locator('#comment-name-live');
    await live.locator('mark').first().waitFor();
    expect(await live.locator('mark').first().innerText()).toContain('taras-deals dot net');
    expect(await live.locator('p').first().innerText()).toMatch(/^Names can't contain links/);
    expect(await page.locator('#comment-live').innerText()).toBe('');
    // Fixed, the warning goes.
    await page.locator('#comment-name').fill('Taras');
    await expect.poll(() => live.innerText()).toBe('');
    await page.close();
  });

  test('without JavaScript: the form posts, comes back with the text and the link marked, then posts the fix', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url + ARTICLE);
    await fillForm(page, 'Mykola', 'Agree. Details: mykola (at) example (dot) org');
    await page.waitForTimeout(1100);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.waitForLoadState('load');
    const alert = page.locator('#comment-form [role="alert"]');
    expect(await alert.innerText()).toMatch(/example/);
    expect(await page.locator('.link-preview mark').first().innerText()).toMatch(/example/);
    expect(await page.locator('#comment-body').inputValue()).toBe('Agree. Details: mykola (at) example (dot) org');
    expect(await page.locator('#comment-name').inputValue()).toBe('Mykola');
    // The refused form comes back where the reader was, not at the top of the article.
    expect(page.url()).toMatch(/#comment-form$/);
    const inView = await page.evaluate(() => {
      const box = document.querySelector('#comment-form [role="alert"]')!.getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    });
    expect(inView).toBe(true);
    await page.locator('#comment-form').screenshot({ path: 'test-results/comment-refused-nojs.png' });

    await page.locator('#comment-body').fill('Agree. I wrote to the bank about it.');
    await page.waitForTimeout(1100);
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.waitForLoadState('load');
    expect(page.url()).toMatch(/#comment-\d+$/);
    const mine = page.locator('.comment', { hasText: 'I wrote to the bank about it.' });
    expect(await mine.innerText()).toMatch(/awaiting moderation/i);
    await context.close();
  });

  test('with JavaScript: a comment pasted past the limit is kept whole, counted, and refused with all of it still there', async () => {
    // From a network of its own, so that its refused post does not count against the other tests' readers.
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.90' } });
    const page = await context.newPage();
    await page.goto(server.url + ARTICLE);
    const long = 'The bank could have waited for the spring figures before deciding. '.repeat(80).slice(0, 5100);
    await fillForm(page, 'Jana Roos', long);
    // Nothing is cut off, as a maxlength would cut a pasted comment; the count says by how much it is over.
    expect((await page.locator('#comment-body').inputValue()).length).toBe(5100);
    const count = page.locator('#comment-count');
    expect(await count.innerText()).toBe('5,100 characters: 100 more than the 5,000 a comment may have. Please shorten it.');
    expect(await page.locator('#comment-body').getAttribute('aria-invalid')).toBe('true');
    await page.locator('#comment-form').screenshot({ path: 'test-results/comment-too-long.png' });
    await page.waitForTimeout(1100);
    await page.getByRole('button', { name: 'Post comment' }).click();
    const alert = page.locator('#comment-form [role="alert"]');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('under 5,000 characters (it has 5,100)');
    expect(await page.locator('#comment-body').inputValue()).toBe(long);
    // Shortened below nine tenths of the limit, the count goes away.
    await page.locator('#comment-body').fill(long.slice(0, 4600));
    expect(await count.innerText()).toBe('4,600 of 5,000 characters');
    expect(await page.locator('#comment-body').getAttribute('aria-describedby')).toBe('comment-rule comment-live comment-body-error comment-count');
    await page.locator('#comment-body').fill(long.slice(0, 300));
    expect(await count.count()).toBe(0);
    expect(await page.locator('#comment-body').getAttribute('aria-describedby')).toBe('comment-rule comment-live comment-body-error');
    // Back near the limit, the count is described once.
    await page.locator('#comment-body').fill(long.slice(0, 4700));
    expect(await page.locator('#comment-body').getAttribute('aria-describedby')).toBe('comment-rule comment-live comment-body-error comment-count');
    await context.close();
  });

  test('with JavaScript: a post that cannot reach the site says so and keeps the reader on the page with the text', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url + ARTICLE);
    const text = 'Written on a train, just before a tunnel.';
    await fillForm(page, 'Petro', text);
    await page.waitForTimeout(1100);
    // The connection drops as the comment is sent.
    await page.route('**/comments', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Post comment' }).click();
    const alert = page.locator('#comment-form-error');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/could not reach/i);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('comment-form-error');
    expect(page.url()).toBe(server.url + ARTICLE);
    expect(await page.locator('#comment-body').inputValue()).toBe(text);
    expect(await page.locator('#comment-name').inputValue()).toBe('Petro');
    expect(await page.getByRole('button', { name: 'Post comment' }).isEnabled()).toBe(true);
    // Back online, the same form posts.
    await page.unroute('**/comments');
    await page.getByRole('button', { name: 'Post comment' }).click();
    await page.locator('.comment-list .comment', { hasText: text }).waitFor();
    expect(await page.locator('#comment-form-error').count()).toBe(0);
    await context.close();
  });

  test('a reader reports a comment: the Report link, a reason, the thanks; with a second report it leaves the page', async () => {
    // A comment published without a moderator reading it: its writer's first comment was approved from
    // the command line, so the next one appears at once. (Reports never take down a text a moderator approved.)
    const article = '/world/harbour-talks-stall-in-valmora';
    const post = async (body: string) => {
      const posted = await fetch(`${server.url}/api/v1/articles/harbour-talks-stall-in-valmora/comments`, {
        method: 'POST', headers: { 'content-type': 'application/json', origin: server.url, 'x-forwarded-for': '203.0.113.76' }, body: JSON.stringify({ author_name: 'Troll', email: 'troll@example.org', body }),
      });
      expect(posted.status).toBe(201);
      return ((await posted.json()) as { comment: { id: number; status: string } }).comment;
    };
    const first = await post('A first comment, polite enough.');
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: server.databaseUrl, DATA_DIR: server.dataDir };
    expect(spawnSync(process.execPath, ['bin/broadsheet.js', 'comments', 'approve', String(first.id)], { env, encoding: 'utf8' }).status).toBe(0);
    const comment = await post('Everyone here is an idiot.');
    expect(comment.status).toBe('approved');

    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url + article);
    const shown = page.locator(`#comment-${comment.id}`);
    await shown.getByRole('link', { name: 'Report the comment by Troll' }).click();
    await page.waitForURL(/\/report$/);
    expect(await page.locator('.reported-comment').innerText()).toContain('Everyone here is an idiot.');
    // Sent without a reason, it asks for one.
    await page.getByRole('button', { name: 'Send report' }).click();
    expect(await page.locator('#report-reason-error').innerText()).toMatch(/choose/i);
    await page.getByLabel('It is abusive, hateful or threatening').check();
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.waitForURL(/report\?sent=1$/);
    expect(await page.locator('[role="status"]').innerText()).toMatch(/^Thank you/);
    await page.screenshot({ path: 'test-results/comment-report-sent.png' });
    await context.close();

    // Another reader, from another network, reports it too (the server's threshold is 2 here).
    const second = await fetch(`${server.url}${article}/comments/${comment.id}/report`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url, 'x-forwarded-for': '203.0.113.77' }, body: 'reason=spam', redirect: 'manual',
    });
    expect(second.status).toBe(303);
    const after = await (await fetch(server.url + article)).text();
    expect(after).not.toContain('Everyone here is an idiot.');
  });

  test('with JavaScript: comments closed while the reader was writing; the section says so and keeps the text to copy', async () => {
    // An article of our own, open for comments; an editor then turns them off from the command line.
    const file = join(server.dataDir, 'closing-debate.md');
    const article = (comments: boolean) => ['---', 'title: Debate closes tonight', 'slug: debate-closes-tonight', 'sections: [world]', 'author: ines-calder', `comments: ${comments}`, '---', '', 'The debate closes tonight.', ''].join('\n');
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: server.databaseUrl, DATA_DIR: server.dataDir };
    const cli = () => spawnSync(process.execPath, ['bin/broadsheet.js', 'article', 'create', file], { env, encoding: 'utf8' });
    writeFileSync(file, article(true));
    expect(cli().status).toBe(0);

    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url + '/world/debate-closes-tonight');
    const text = 'A long reply I took some time over, and do not want to lose.';
    await fillForm(page, 'Oksana', text);
    writeFileSync(file, article(false));
    expect(cli().status).toBe(0);
    await page.waitForTimeout(1100);
    await page.getByRole('button', { name: 'Post comment' }).click();
    const notice = page.locator('#comments .form-notice');
    await notice.waitFor();
    expect(await notice.innerText()).toBe('Comments are closed on this article.');
    expect(await page.locator('#comment-form').count()).toBe(0);
    expect(await page.locator('#comment-sent').inputValue()).toBe(text);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('form-notice');
    await context.close();
  });
});
