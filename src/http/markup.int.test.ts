// Every kind of page a reader can reach is valid, accessible HTML, checked with html-validate's
// recommended rules: the front, section, tag and author pages, an article with threaded, pending and
// paged comments, every state of the comment form (refused with a link marked, invalid, closed,
// rate limited), the edit page, the report page, the moderation log and the error pages. The markup does not depend on
// the database, so SQLite alone is enough here.
import { HtmlValidate, type Message } from 'html-validate';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { issueFormToken } from '../shared/form-token.js';
import { createTestApp, type TestApp } from '../test/app.js';
import { makeArticle, seedNewsroom } from '../test/fixtures.js';
import { moderateComment, postComment } from '../modules/comments/comments.service.js';
import type { ArticleSummary } from '../modules/articles/articles.store.js';

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Lower-case `<!doctype html>` is what the HTML standard itself writes.
    'doctype-style': 'off',
    // Titles are the headline and the publication's name; search engines shorten them as they need.
    'long-title': 'off',
    // Both `<img>` and `<img />` are HTML; article bodies stored by earlier versions have the second.
    'void-style': 'off',
  },
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

function describeProblems(html: string, messages: readonly Message[]): string {
  const lines = html.split('\n');
  return messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}\n    ${(lines[m.line - 1] ?? '').trim().slice(0, 160)}`).join('\n');
}

async function expectValid(html: string): Promise<void> {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((result) => result.messages);
  expect(describeProblems(html, messages)).toBe('');
}

describe('the markup of every kind of page', () => {
  let t: TestApp;
  let token: string;
  let article: ArticleSummary;
  let commenterCookie: string;
  let ownCommentId: number;

  beforeAll(async () => {
    t = await createTestApp('sqlite', {
      pageSize: 2,
      comments: { moderation: 'first', perPage: 10 },
      commentRateLimit: { perMinute: 3, perHour: 100 },
    });
    await seedNewsroom(t.ctx);
    article = await makeArticle(t.ctx, { title: 'Harbour debate', tags: ['harbour', 'ferries'], bodyMd: '## Where it stands\n\n> The quays stay open.\n>\n> — A harbour official\n\n- one\n- two\n\n![A quay at dawn](https://example.org/quay.jpg "The north quay")\n' });
    for (let i = 0; i < 4; i++) await makeArticle(t.ctx);
    await makeArticle(t.ctx, { title: 'Closed debate', commentsEnabled: false });
    token = issueFormToken(new Date(t.ctx.clock.now().getTime() - 60_000), t.ctx.config.sessionSecret);

    // Eleven approved threads (a second page of comments), one of them three replies deep and more.
    const regular = (n: number) => ({ token: 'regular-reader-token', clientAddress: `203.0.113.${100 + n}` });
    const first = await postComment(t.ctx, article, { authorName: 'Regular', body: 'First thread.' }, regular(0));
    await moderateComment(t.ctx, first.comment.id, 'approve', 'test');
    let parentId = first.comment.id;
    for (let depth = 1; depth <= 4; depth++) {
      const reply = await postComment(t.ctx, article, { authorName: `Replier ${depth}`, body: `A reply at depth ${depth}.\nWith a second line.`, parentId }, { token: null, clientAddress: `203.0.113.${10 + depth}` });
      await moderateComment(t.ctx, reply.comment.id, 'approve', 'test', 'fine');
      parentId = reply.comment.id;
    }
    for (let i = 0; i < 10; i++) {
      await postComment(t.ctx, article, { authorName: 'Regular', body: `Thread number ${i + 2}.\n\nTwo paragraphs.` }, regular(i + 1));
    }
    // A first comment held for moderation, seen by its author through the cookie.
    const own = await t.app.inject({ method: 'POST', url: '/world/harbour-debate/comments', headers: FORM, payload: form({ form_token: token, author_name: 'Newcomer', body: 'My first comment here.' }), remoteAddress: '198.51.100.7' });
    expect(own.statusCode).toBe(303);
    commenterCookie = own.cookies.find((c) => c.name === 'bs_commenter')!.value;
    ownCommentId = Number(/#comment-(\d+)$/.exec(own.headers.location as string)![1]);
  });
  afterAll(() => t.cleanup());

  const get = async (url: string, status = 200, cookies: Record<string, string> = {}) => {
    const res = await t.app.inject({ url, cookies });
    expect(res.statusCode, url).toBe(status);
    return res.body;
  };
  const post = async (fields: Record<string, string>, status: number, remoteAddress = '198.51.100.50', url = '/world/harbour-debate/comments') => {
    const res = await t.app.inject({ method: 'POST', url, headers: FORM, payload: form({ form_token: token, ...fields }), remoteAddress });
    expect(res.statusCode).toBe(status);
    return res.body;
  };

  test.each([
    ['the front page', '/'],
    ['a section page', '/world'],
    ['a later section page', '/world?page=2'],
    ['a tag page', '/tag/harbour'],
    ['an author page', '/author/ada-quill'],
    ['the moderation log', '/moderation'],
    ['the search page', '/search'],
    ['search results', '/search?q=harbour'],
    ['a search that finds nothing', '/search?q=zzzz'],
    ['an article with comments closed', '/world/closed-debate'],
    ['the second page of comments', '/world/harbour-debate?cpage=2'],
    ['comments newest first', '/world/harbour-debate?corder=newest'],
  ])('%s', async (_name, url) => {
    await expectValid(await get(url));
  });

  test('an article with threads, as a stranger and as the author of a comment awaiting moderation', async () => {
    await expectValid(await get('/world/harbour-debate'));
    // Oldest first, the newest thread is on the second page of ten.
    const mine = await get('/world/harbour-debate?cpage=2', 200, { bs_commenter: commenterCookie, bs_name: 'Newcomer' });
    expect(mine).toContain('Awaiting moderation');
    expect(mine).toContain('Edit or delete');
    await expectValid(mine);
  });

  test('the comment form refused for a link, for missing fields, and on a closed article', async () => {
    const refused = await post({ author_name: 'Sam of sam-deals.net', body: 'Details at example dot com & more' }, 422);
    expect(refused).toContain('<mark>');
    await expectValid(refused);
    await expectValid(await post({ author_name: '', body: '' }, 422));
    await expectValid(await post({ author_name: 'Late', body: 'Written while it closed.' }, 403, '198.51.100.51', '/world/closed-debate/comments'));
  });

  test('the comment section a script gets back to put in place, after a post and after a refusal', async () => {
    // The section stands inside an article page's <main>; it is checked there.
    const inPage = (section: string) => `<!doctype html><html lang="en"><head><title>Page</title></head><body><main>${section}</main></body></html>`;
    const send = (fields: Record<string, string>, remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/world/harbour-debate/comments', headers: { ...FORM, 'x-broadsheet-fragment': 'comments' }, payload: form({ form_token: token, ...fields }), remoteAddress });
    const posted = await send({ author_name: 'In Place', body: 'Posted without leaving the page.' }, '198.51.100.70');
    expect(posted.statusCode).toBe(201);
    await expectValid(inPage(posted.body));
    const refused = await send({ author_name: 'In Place', body: 'See example dot com' }, '198.51.100.71');
    expect(refused.statusCode).toBe(422);
    await expectValid(inPage(refused.body));
  });

  test('the page a reader gets for posting too often', async () => {
    let body = '';
    for (let i = 0; i < 4; i++) body = await post({ author_name: 'Eager', body: `Comment number ${i}.` }, i < 3 ? 303 : 429, '198.51.100.60');
    await expectValid(body);
  });

  test('the edit page of one\'s own comment, and the same after an edit refused for a link', async () => {
    await expectValid(await get(`/world/harbour-debate/comments/${ownCommentId}/edit`, 200, { bs_commenter: commenterCookie }));
    const refused = await t.app.inject({
      method: 'POST',
      url: `/world/harbour-debate/comments/${ownCommentId}/edit`,
      headers: FORM,
      cookies: { bs_commenter: commenterCookie },
      payload: form({ author_name: 'Newcomer', body: 'Now with www.example.org in it' }),
    });
    expect(refused.statusCode).toBe(422);
    await expectValid(refused.body);
  });

  test('the report page of a comment: asking why, refused without a reason, and the thanks', async () => {
    const page = await get('/world/harbour-debate');
    const reportHref = /href="(\/world\/harbour-debate\/comments\/\d+\/report)"/.exec(page)![1]!;
    await expectValid(await get(reportHref));
    const refused = await t.app.inject({ method: 'POST', url: reportHref, headers: FORM, payload: '', remoteAddress: '198.51.100.90' });
    expect(refused.statusCode).toBe(422);
    await expectValid(refused.body);
    const sent = await t.app.inject({ method: 'POST', url: reportHref, headers: FORM, payload: form({ reason: 'off_topic' }), remoteAddress: '198.51.100.91' });
    expect(sent.statusCode).toBe(303);
    await expectValid(await get(sent.headers.location as string));
  });

  test('the pages for a missing page and a missing article', async () => {
    await expectValid(await get('/no-such-page', 404));
    await expectValid(await get('/world/no-such-article', 404));
  });
});
