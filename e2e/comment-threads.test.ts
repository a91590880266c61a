// Readers answer each other, and change their minds: replies with and without JavaScript, and editing or
// deleting one's own comment, where an edit goes through the link rule again.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserAvailable, commentMarkup, launchBrowser, startServer, type RunningServer } from './harness.js';

const enabled = browserAvailable();
const ARTICLE = '/world/harbour-talks-stall-in-valmora';

describe.skipIf(!enabled)('replies, edits and deletions in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync('test-results', { recursive: true });
    // Published at once, so that others can answer; the form may be sent after a second; every reader
    // here comes from the same address, so the per-client limit (tested over HTTP) is off. Times are the
    // newsroom's, not UTC, so that a comment drawn by the page's script shows the same exact time.
    server = await startServer({ COMMENT_MODERATION: 'none', COMMENT_MIN_FILL_SECONDS: '1', COMMENT_RATE_LIMIT: '0', SITE_TIMEZONE: 'Europe/Kyiv' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  /** A new reader: a browser context of their own (their own cookies). */
  async function reader(javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1100, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(server.url + ARTICLE);
    return page;
  }

  /** Fills in the comment form and sends it, after the minimum time to fill it in. */
  async function post(page: Page, name: string, body: string, button = 'Post comment'): Promise<void> {
    const nameField = page.locator('#comment-name');
    if ((await nameField.inputValue()) !== name) await nameField.fill(name);
    await page.locator('#comment-body').fill(body);
    await page.waitForTimeout(1100);
    await page.getByRole('button', { name: button }).click();
  }

  /** The comment's id, from the <article id="comment-N"> that holds the text. */
  async function idOf(page: Page, text: string): Promise<string> {
    const id = await page.locator('article.comment', { hasText: text }).getAttribute('id');
    expect(id).toMatch(/^comment-\d+$/);
    return id!;
  }

  test('with JavaScript, the form moves under the comment answered, and the reply appears beneath it', async () => {
    const first = await reader();
    await post(first, 'Ilse Varga', 'The inspection question was always going to decide this.');
    await first.locator('article.comment', { hasText: 'always going to decide' }).waitFor();
    const parentId = await idOf(first, 'always going to decide');
    // The count in the heading follows, as it will after a reload.
    expect(await first.locator('#comments-title').innerText()).toBe('Comments (1)');

    const second = await reader();
    const parent = second.locator(`#${parentId}`);
    await parent.getByRole('link', { name: 'Reply to Ilse Varga' }).click();
    // The form now sits right under the comment, says whom it answers, and can be put back.
    expect(await second.evaluate((id) => document.getElementById(id)!.nextElementSibling?.id, parentId)).toBe('comment-form');
    expect(await second.locator('#comment-form .replying-to').innerText()).toContain('Replying to Ilse Varga');
    await second.getByRole('link', { name: 'Cancel reply' }).click();
    expect(await second.locator('#comment-form .replying-to').count()).toBe(0);
    expect(await second.evaluate((id) => document.getElementById(id)!.nextElementSibling?.id ?? null, parentId)).not.toBe('comment-form');

    await parent.getByRole('link', { name: 'Reply to Ilse Varga' }).click();
    await post(second, 'Tomas Rell', 'Agreed, and neither side can give ground on it before the vote.');
    const nested = second.locator(`li:has(> #${parentId}) > ol.comment-replies article.comment`, { hasText: 'neither side can give ground' });
    await nested.waitFor();
    expect(await nested.innerText()).toContain('Thank you. Your comment is published.');
    expect(await second.locator('#comments-title').innerText()).toBe('Comments (2)');
    await second.locator('#comments').screenshot({ path: 'test-results/comment-reply-js.png' });

    // After a reload, the page itself draws the reply in the same place, for everyone.
    await first.reload();
    expect(await first.locator(`li:has(> #${parentId}) > ol.comment-replies article.comment`, { hasText: 'neither side can give ground' }).count()).toBe(1);
  });

  test('with JavaScript, a comment not yet posted survives a reload, can be discarded, and is forgotten once posted', async () => {
    const page = await reader();
    const body = page.locator('#comment-body');
    await page.locator('#comment-name').fill('Oksana Brill');
    await body.fill('A draft about the harbour talks that must survive a reload.');
    await page.reload();
    expect(await body.inputValue()).toBe('A draft about the harbour talks that must survive a reload.');
    expect(await page.locator('#comment-name').inputValue()).toBe('Oksana Brill');
    const note = page.locator('#comment-form .draft-note');
    expect(await note.innerText()).toContain('We kept the comment you had not posted yet.');
    await page.locator('#comment-form').screenshot({ path: 'test-results/comment-draft-kept.png' });
    await note.getByRole('button', { name: 'Discard it' }).click();
    expect(await body.inputValue()).toBe('');
    await page.reload();
    expect(await body.inputValue()).toBe('');
    expect(await note.count()).toBe(0);

    // A reply is kept under the comment it answers; once posted, nothing comes back.
    const parentId = await idOf(page, 'always going to decide');
    await page.locator(`#${parentId}`).getByRole('link', { name: 'Reply to Ilse Varga' }).click();
    await body.fill('Kept while I look something up.');
    await page.reload();
    expect(await page.evaluate((id) => document.getElementById(id)!.nextElementSibling?.id, parentId)).toBe('comment-form');
    expect(await page.locator('#comment-form input[name="parent_id"]').inputValue()).toBe(parentId.replace('comment-', ''));
    expect(await body.inputValue()).toBe('Kept while I look something up.');
    await post(page, 'Oksana Brill', 'Kept while I look something up, and now posted.');
    await page.locator('article.comment', { hasText: 'and now posted' }).waitFor();
    await page.reload();
    expect(await body.inputValue()).toBe('');
    expect(await note.count()).toBe(0);
  });

  // Posted in place, the page does not reload: what it shows must be what a reload shows.
  test('a comment posted with JavaScript is drawn exactly as the page draws it after a reload', async () => {
    const page = await reader();
    const text = 'Two paragraphs, the first\nwith a line break.\n\nAnd a second one, <b>not bold</b>.';
    await post(page, 'Noor Haddad', text);
    const drawn = page.locator('article.comment', { hasText: 'with a line break' });
    await drawn.waitFor();
    const id = await idOf(page, 'with a line break');
    const inPlace = await commentMarkup(page, id);
    await page.reload();
    expect(inPlace).toEqual(await commentMarkup(page, id));
  });

  test('a reply deeper than the page shows lands beside the comment it answers and says whom it answers, as after a reload', async () => {
    const page = await reader();
    // A thread two replies deep (the deepest level shown), posted through the JSON API.
    const ids = await page.evaluate(async (slug) => {
      const made: number[] = [];
      for (const [name, body] of [['Rana Oyelaran', 'Who pays for the new ferry berths?'], ['Kai Lindqvist', 'The port authority, by its own plan.'], ['Rana Oyelaran', 'The plan predates the blockade.']]) {
        const res = await fetch(`/api/v1/articles/${slug}/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ author_name: name, body, ...(made.length > 0 ? { parent_id: made[made.length - 1] } : {}) }),
        });
        made.push(((await res.json()) as { comment: { id: number } }).comment.id);
      }
      return made;
    }, ARTICLE.split('/')[2]!);
    await page.reload();
    const deepest = page.locator(`#comment-${ids[2]}`);
    await deepest.getByRole('link', { name: 'Reply to Rana Oyelaran' }).click();
    await post(page, 'Kai Lindqvist', 'It does, but the money was only found last year.');
    const reply = page.locator('article.comment', { hasText: 'only found last year' });
    await reply.waitFor();
    // Beside the comment answered, in the same list, not a level deeper.
    const sameList = `li:has(> #comment-${ids[1]}) > ol.comment-replies > li`;
    expect(await page.locator(`${sameList} > #comment-${ids[2]}`).count()).toBe(1);
    expect(await page.locator(`${sameList} > article.comment`, { hasText: 'only found last year' }).count()).toBe(1);
    expect(await reply.locator('.comment-replyto').innerText()).toBe('replying to Rana Oyelaran');

    await page.reload();
    expect(await page.locator(`${sameList} > article.comment`, { hasText: 'only found last year' }).count()).toBe(1);
    expect(await page.locator('article.comment', { hasText: 'only found last year' }).locator('.comment-replyto').innerText()).toBe('replying to Rana Oyelaran');
  });

  test('with JavaScript, a refused reply stays under the comment it answers, with the text, the reason and the link marked', async () => {
    const page = await reader();
    await post(page, 'Mirela Dane', 'Nobody has asked the ferry crews what they think.');
    const parentId = await idOf(page, 'asked the ferry crews');
    await page.locator(`#${parentId}`).getByRole('link', { name: 'Reply to Mirela Dane' }).click();
    const withLink = 'They did, see ferrycrews dot net for the survey.';
    const address = page.url();
    await post(page, 'Jonas Weir', withLink);
    const alert = page.locator('#comment-form [role="alert"]');
    await alert.waitFor();
    // Drawn by the server as after a plain post, in the place the reader left it, and the error has the focus.
    expect(await alert.innerText()).toContain('ferrycrews dot net');
    expect(await page.locator('#comment-form .link-preview mark').first().innerText()).toContain('ferrycrews dot net');
    expect(await page.locator('#comment-body').inputValue()).toBe(withLink);
    expect(await page.locator('#comment-name').inputValue()).toBe('Jonas Weir');
    expect(await page.evaluate((id) => document.getElementById(id)!.nextElementSibling?.id, parentId)).toBe('comment-form');
    expect(await page.locator('#comment-form .replying-to').innerText()).toContain('Replying to Mirela Dane');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('comment-form-error');
    expect(page.url()).toBe(address);

    // Fixed and sent again from there, it lands beneath the comment, and the form goes back to its place.
    await page.locator('#comment-body').fill('They did, and the survey is in the port authority annual report.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const nested = page.locator(`li:has(> #${parentId}) > ol.comment-replies article.comment`, { hasText: 'annual report' });
    await nested.waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('article')?.textContent)).toContain('annual report');
    expect(await page.evaluate((id) => document.getElementById(id)!.nextElementSibling?.id ?? null, parentId)).not.toBe('comment-form');
    expect(await page.locator('#comment-form .replying-to').count()).toBe(0);
    expect(await page.locator('#comment-body').inputValue()).toBe('');
  });

  test('with JavaScript behind a proxy that drops the script\'s header, a comment is posted once and shown after a reload', async () => {
    const page = await reader();
    await page.route('**/comments', async (route) => {
      const headers = { ...route.request().headers() };
      delete headers['x-broadsheet-fragment'];
      await route.continue({ headers });
    });
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/comments')) posts.push(request.url());
    });
    await post(page, 'Edda Strom', 'The berth fees were set before the blockade began.');
    await page.locator('article.comment', { hasText: 'set before the blockade' }).waitFor();
    expect(posts).toHaveLength(1);
    expect(await page.locator('#comment-form [role="alert"]').count()).toBe(0);
    expect(await page.locator('article.comment', { hasText: 'set before the blockade' }).count()).toBe(1);
  });

  test('the edit page warns while the reader types, as the comment form does', async () => {
    const page = await reader();
    await post(page, 'Aldo Brenn', 'The berth plan was costed in the spring.');
    const id = await idOf(page, 'costed in the spring');
    await page.locator(`#${id}`).getByRole('link', { name: 'Edit or delete your comment' }).click();
    await page.waitForLoadState('load');
    await page.locator('#comment-body').fill('The berth plan was costed in the spring, at berthplan dot info.');
    const live = page.locator('#comment-live');
    await live.locator('mark').first().waitFor();
    expect(await live.locator('mark').first().innerText()).toContain('berthplan dot info');
  });

  test('without JavaScript, the reply link opens the form for that comment, and the reply lands beneath it', async () => {
    const first = await reader();
    await post(first, 'Maren Osk', 'Seven months is a long time to wait for a ferry timetable.');
    await first.locator('article.comment', { hasText: 'ferry timetable' }).waitFor();
    const parentId = await idOf(first, 'ferry timetable');

    const second = await reader(false);
    await second.locator(`#${parentId}`).getByRole('link', { name: 'Reply to Maren Osk' }).click();
    await second.waitForLoadState('load');
    expect(second.url()).toMatch(/\?reply=\d+#comment-form$/);
    expect(await second.locator('#comment-form').innerText()).toContain('Maren Osk');
    await post(second, 'Piet Hanno', 'And the timetable depends on the inspections, so it is all one problem.');
    await second.waitForLoadState('load');
    expect(second.url()).toMatch(/#comment-\d+$/);
    const replyId = second.url().split('#')[1]!;
    const reply = second.locator(`li:has(> #${parentId}) > ol.comment-replies #${replyId}`);
    expect(await reply.innerText()).toContain('all one problem');
  });

  test('a reader edits a comment, an edited-in link is refused with the text kept, and the comment can be deleted', async () => {
    const page = await reader(false);
    await post(page, 'Aldo Brenn', 'The harbour authority should publish its own figures.');
    await page.waitForLoadState('load');
    const id = await idOf(page, 'publish its own figures');
    await page.locator(`#${id}`).getByRole('link', { name: 'Edit or delete your comment' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Edit your comment');
    expect(await page.locator('#comment-body').inputValue()).toBe('The harbour authority should publish its own figures.');

    // The classic trick: a clean comment first, a link edited in afterwards.
    const withLink = 'The harbour authority publishes its figures at valmora-port dot org now.';
    await post(page, 'Aldo Brenn', withLink, 'Save changes');
    await page.waitForLoadState('load');
    expect(await page.locator('#comment-form [role="alert"]').innerText()).toContain('valmora-port dot org');
    expect(await page.locator('.link-preview mark').first().innerText()).toContain('valmora-port dot org');
    expect(await page.locator('#comment-body').inputValue()).toBe(withLink);
    await page.locator('.comment-edit').screenshot({ path: 'test-results/comment-edit-refused.png' });

    await post(page, 'Aldo Brenn', 'The harbour authority publishes its figures every month now.', 'Save changes');
    await page.waitForLoadState('load');
    expect(page.url()).toBe(`${server.url}${ARTICLE}#${id}`);
    const edited = page.locator(`#${id}`);
    expect(await edited.innerText()).toContain('every month now');
    expect(await edited.locator('.comment-edited').innerText()).toBe('(edited)');

    await edited.getByRole('link', { name: 'Edit or delete your comment' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: 'Delete my comment' }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('#comments .form-notice').innerText()).toBe('Your comment was deleted.');
    expect(await page.locator('article.comment', { hasText: 'every month now' }).count()).toBe(0);
  });
});
