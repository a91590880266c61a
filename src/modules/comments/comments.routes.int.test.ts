// The comment form and the comment API over HTTP, on both databases.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dialectsUnderTest } from '../../db/test-db.js';
import { issueFormToken } from '../../shared/form-token.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import { dismissReports, findComment, moderateComment, reportComment } from './comments.service.js';

const dialects = await dialectsUnderTest();
const PATH = '/world/harbour-debate';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe.each(dialects)('comments over HTTP on %s', (dialect) => {
  let t: TestApp;
  let token: string;
  let ip = 0;
  const nextIp = () => `198.51.100.${++ip}`;

  beforeAll(async () => {
    t = await createTestApp(dialect, { comments: { moderation: 'none' }, commentRateLimit: { perMinute: 1000, perHour: 10_000 } });
    await seedNewsroom(t.ctx);
    await makeArticle(t.ctx, { title: 'Harbour debate' });
    await makeArticle(t.ctx, { title: 'Closed debate', commentsEnabled: false });
    token = issueFormToken(new Date(t.ctx.clock.now().getTime() - 60_000), t.ctx.config.sessionSecret);
  });
  afterAll(() => t.cleanup());

  const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `${PATH}/comments`, headers: { ...FORM, ...headers }, payload: form({ form_token: token, ...fields }), remoteAddress: nextIp() });

  test('the article page shows the empty state, the house rule and the form', async () => {
    const html = (await t.app.inject(PATH)).body;
    expect(html).toContain('No comments yet.');
    expect(html).toContain('House rule: no links.');
    expect(html).toMatch(/<form class="comment-form" id="comment-form" method="post" action="\/world\/harbour-debate\/comments#comment-form"/);
    expect(html).toMatch(/name="form_token" value="[0-9a-z]+\.[\w-]+"/);
    expect(html).not.toContain('__BS_FRESH_VALUE__');
    expect(html).toContain('<script src="/static/comments.js?v=');
  });

  test('without JavaScript: a plain post redirects to the new comment, which then shows on the page', async () => {
    const res = await post({ author_name: 'Olena', body: 'First!\n\nSecond paragraph.', remember: '1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/world\/harbour-debate#comment-\d+$/);
    const cookies = res.cookies.map((c) => c.name).sort();
    expect(cookies).toEqual(['bs_commenter', 'bs_name']);
    const commenter = res.cookies.find((c) => c.name === 'bs_commenter')!;
    expect(commenter).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const page = await t.app.inject({ url: PATH, cookies: { bs_commenter: commenter.value, bs_name: 'Olena' } });
    expect(page.body).toContain('<span class="comment-author" id="comment-');
    expect(page.body).toContain('<p dir="auto">First!</p>');
    expect(page.body).toContain('<p dir="auto">Second paragraph.</p>');
    expect(page.body).toContain('Comments <span class="comment-count">(1)</span>');
    expect(page.body).toContain('value="Olena"');
    expect(page.body).toContain('Edit or delete');
    expect(page.headers['cache-control']).toBe('private, no-cache');
  });

  test('a refused comment comes back with every field as typed, the reason and the link marked', async () => {
    const body = 'See <b>this</b> at example[.]com & tell me';
    const res = await post({ author_name: 'Sam "the man"', email: 'sam@example.org', body });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('role="alert"');
    expect(res.body).toContain('See &lt;b&gt;this&lt;/b&gt; at example[.]com &amp; tell me</textarea>');
    expect(res.body).toContain('value="Sam &quot;the man&quot;"');
    expect(res.body).toContain('value="sam@example.org"');
    expect(res.body).toMatch(/<mark>[^<]*example\[\.\]com<\/mark>/);
    expect(res.body).toContain('aria-invalid="true"');
  });

  test('a refused form keeps the time already spent on it: the fixed comment may be sent at once', async () => {
    const who = '198.51.100.201';
    const refused = await t.app.inject({ method: 'POST', url: `${PATH}/comments`, headers: FORM, payload: form({ form_token: token, author_name: 'Quick Fixer', body: 'See example dot com' }), remoteAddress: who });
    expect(refused.statusCode).toBe(422);
    const kept = /name="form_token" value="([^"]+)"/.exec(refused.body)?.[1];
    expect(kept).toBe(token);
    // The clock has not moved: a token made for the refused page would be "too fast" now.
    const fixed = await t.app.inject({ method: 'POST', url: `${PATH}/comments`, headers: FORM, payload: form({ form_token: kept!, author_name: 'Quick Fixer', body: 'See the harbour authority\'s notice' }), remoteAddress: who });
    expect(fixed.statusCode).toBe(303);
  });

  test('every refusal keeps the text: empty name, too long, closed, duplicate', async () => {
    const empty = await post({ author_name: '', body: 'Kept text' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Please tell us your name.');
    expect(empty.body).toContain('Kept text</textarea>');
    const long = await post({ author_name: 'L', body: 'y'.repeat(5001) });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('under 5,000 characters');
    const closed = await t.app.inject({ method: 'POST', url: '/world/closed-debate/comments', headers: FORM, payload: form({ form_token: token, author_name: 'C', body: 'Hello, written while the comments closed' }) });
    expect(closed.statusCode).toBe(403);
    expect(closed.body).toContain('Comments are closed on this article.');
    // No form to post again, but the text is there to copy.
    expect(closed.body).toContain('readonly dir="auto">Hello, written while the comments closed</textarea>');
    const first = await t.app.inject({ method: 'POST', url: `${PATH}/comments`, headers: FORM, payload: form({ form_token: token, author_name: 'D', body: 'Said twice' }), remoteAddress: '192.0.2.50' });
    expect(first.statusCode).toBe(303);
    const again = await t.app.inject({ method: 'POST', url: `${PATH}/comments`, headers: FORM, payload: form({ form_token: token, author_name: 'D', body: 'Said twice' }), remoteAddress: '192.0.2.50' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Said twice</textarea>');
  });

  /** Runs a post while the rate limiter fails: it stands in for any failure of ours while posting (the app shares it). */
  async function whileOurSideFails<T>(send: () => Promise<T>): Promise<T> {
    const { limiter } = t.ctx;
    const hit = limiter.hit.bind(limiter);
    limiter.hit = () => Promise.reject(new Error('disk on fire'));
    try {
      return await send();
    } finally {
      limiter.hit = hit;
    }
  }

  test('when posting fails on our side, the form comes back with the text and a reference, not the error', async () => {
    const res = await whileOurSideFails(() => post({ author_name: 'Iryna', body: 'A long, careful comment that must not be lost.' }));
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('A long, careful comment that must not be lost.</textarea>');
    expect(res.body).toContain('value="Iryna"');
    expect(res.body).toMatch(/Something went wrong on our side and your comment was not saved \(ref [\w-]+\)/);
    expect(res.body).not.toContain('disk on fire');
  });

  describe('with JavaScript, the same post answers with the comment section alone', () => {
    const SECTION = { 'x-broadsheet-fragment': 'comments' };

    test('a posted comment: 201, its permalink, and the section drawn with it, counted and thanked', async () => {
      const before = (await t.app.inject(PATH)).body;
      const count = Number(/class="comment-count">\((\d+)\)/.exec(before)?.[1] ?? 0);
      const res = await post({ author_name: 'Petra', body: 'Posted in place.', remember: '1' }, SECTION);
      expect(res.statusCode).toBe(201);
      expect(res.headers['x-broadsheet-fragment']).toBe('comments');
      expect(res.headers['cache-control']).toBe('no-store');
      const id = /^\/world\/harbour-debate#comment-(\d+)$/.exec(String(res.headers.location))?.[1];
      expect(id).toBeTruthy();
      // The cookies a plain post sets, so the reader is recognised from here on.
      expect(res.cookies.map((c) => c.name).sort()).toEqual(['bs_commenter', 'bs_name']);
      expect(res.body.startsWith('<section class="comments" id="comments"')).toBe(true);
      expect(res.body).not.toContain('<html');
      expect(res.body).toContain(`Comments <span class="comment-count">(${count + 1})</span>`);
      const comment = res.body.slice(res.body.indexOf(`<article class="comment" id="comment-${id}"`));
      expect(comment.slice(0, comment.indexOf('</article>'))).toContain('<p class="form-notice" role="status">Thank you. Your comment is published.</p>');
      expect(res.body.match(/Thank you\./g)).toHaveLength(1);
      // A fresh form, with a form token of its own and the name kept for the next comment.
      expect(res.body).toMatch(/name="form_token" value="[0-9a-z]+\.[\w-]+"/);
      expect(res.body).toContain('value="Petra"');
      expect(res.body).toContain('rows="6" required data-max-length="5000" aria-describedby="comment-rule comment-live"></textarea>');
      // The page after a reload draws the comment the same way, less the thanks.
      const cookies = Object.fromEntries(res.cookies.map((c) => [c.name, c.value]));
      const page = (await t.app.inject({ url: PATH, cookies })).body;
      const drawn = (html: string) => html.slice(html.indexOf(`<li class="comment-item">\n<article class="comment" id="comment-${id}"`)).split('</li>')[0]!.replace(/ *<p class="form-notice"[^\n]*\n/, '');
      expect(drawn(res.body)).toBe(drawn(page));
    });

    test('a refused post: the status and reason, with the form as the reader sent it', async () => {
      const body = 'Read it at example dot com first';
      const res = await post({ author_name: 'Petra', body }, SECTION);
      expect(res.statusCode).toBe(422);
      expect(res.headers['x-broadsheet-fragment']).toBe('comments');
      expect(res.headers.location).toBeUndefined();
      expect(res.body).toContain('id="comment-form-error"');
      expect(res.body).toContain(`${body}</textarea>`);
      expect(res.body).toMatch(/<mark>example dot com<\/mark>/);
      expect(res.body).toContain(`name="form_token" value="${token}"`);
      // A reply keeps its place: the form says whom it answers.
      const parent = /^\/world\/harbour-debate#comment-(\d+)$/.exec(String((await post({ author_name: 'Root', body: 'A comment to answer.' })).headers.location))![1]!;
      const reply = await post({ author_name: 'Petra', body, parent_id: parent }, SECTION);
      expect(reply.statusCode).toBe(422);
      expect(reply.body).toContain(`name="parent_id" value="${parent}"`);
      expect(reply.body).toContain('Replying to <a href="#comment-');
    });

    test('a failure on our side comes back the same way, with the text and a reference', async () => {
      const res = await whileOurSideFails(() => post({ author_name: 'Iryna', body: 'Kept through a failure.' }, SECTION));
      expect(res.statusCode).toBe(500);
      expect(res.headers['x-broadsheet-fragment']).toBe('comments');
      expect(res.body).toContain('Kept through a failure.</textarea>');
      expect(res.body).not.toContain('disk on fire');
    });

    test('on an article whose comments are closed: 403 and the section as it is, saying so, with the text to copy', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/world/closed-debate/comments', headers: { ...FORM, ...SECTION }, payload: form({ form_token: token, author_name: 'C', body: 'Written as they closed' }) });
      expect(res.statusCode).toBe(403);
      expect(res.headers['x-broadsheet-fragment']).toBe('comments');
      expect(res.body).not.toContain('id="comment-form"');
      expect(res.body).toContain('<p class="form-notice" role="status">Comments are closed on this article.</p>');
      expect(res.body).toContain('readonly dir="auto">Written as they closed</textarea>');
    });

    test('an article that is not there is the 404 page, which the script leaves to the plain post', async () => {
      const res = await t.app.inject({ method: 'POST', url: '/world/no-such-article/comments', headers: { ...FORM, ...SECTION }, payload: form({ form_token: token, author_name: 'N', body: 'Hello' }) });
      expect(res.statusCode).toBe(404);
      expect(res.headers['x-broadsheet-fragment']).toBeUndefined();
    });
  });

  test('the form\'s own address, asked for with GET (Enter in the address bar after a refusal), sends the reader to the article', async () => {
    const back = await t.app.inject(`${PATH}/comments`);
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(`${PATH}#comments`);
    const deleteLink = await t.app.inject(`${PATH}/comments/12/delete`);
    expect(deleteLink.statusCode).toBe(303);
    expect(deleteLink.headers.location).toBe(`${PATH}#comment-12`);
    for (const url of ['/world/no-such-article/comments', '/defense/harbour-debate/comments', `${PATH}/comments/x1/delete`, '/%2F%2Fevil.example/harbour-debate/comments']) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers.location, url).toBeUndefined();
    }
  });

  test('a form posted too quickly, or from another site, is refused', async () => {
    const fresh = issueFormToken(t.ctx.clock.now(), t.ctx.config.sessionSecret);
    const quick = await post({ author_name: 'Q', body: 'Quick', form_token: fresh });
    expect(quick.statusCode).toBe(422);
    expect(quick.body).toContain('Quick</textarea>');
    const cross = await post({ author_name: 'X', body: 'Forged' }, { 'sec-fetch-site': 'cross-site' });
    expect(cross.statusCode).toBe(403);
    const crossOrigin = await post({ author_name: 'X', body: 'Forged' }, { origin: 'https://evil.example' });
    expect(crossOrigin.statusCode).toBe(403);
    const sameOrigin = await post({ author_name: 'Y', body: 'From here' }, { origin: t.ctx.config.siteUrl, 'sec-fetch-site': 'same-origin' });
    expect(sameOrigin.statusCode).toBe(303);
  });

  test('a filled-in honeypot looks accepted but the comment never appears', async () => {
    const res = await post({ author_name: 'Bot', body: 'Buy now', website: 'http://spam' });
    expect(res.statusCode).toBe(303);
    expect((await t.app.inject(PATH)).body).not.toContain('Buy now');
  });

  test('script in any field is shown as text, never run', async () => {
    const res = await post({ author_name: '<img src=x onerror=alert(1)>', body: '<script>alert("x")</script>\nline two' });
    expect(res.statusCode).toBe(303);
    const html = (await t.app.inject(PATH)).body;
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>line two');
    expect(html).not.toContain('<img src=x');
  });

  test('right-to-left writing keeps its own direction: each paragraph and the name are set to find it', async () => {
    const res = await post({ author_name: 'سارا', body: 'الميناء مغلق منذ أسبوع.\n\nEnglish after it.' });
    expect(res.statusCode).toBe(303);
    const html = (await t.app.inject(PATH)).body;
    expect(html).toMatch(/<span class="comment-author" id="comment-\d+-author" dir="auto">سارا<\/span>/);
    expect(html).toContain('<p dir="auto">الميناء مغلق منذ أسبوع.</p>');
    expect(html).toContain('<p dir="auto">English after it.</p>');
    expect(html).toMatch(/<textarea id="comment-body" name="body" dir="auto"/);
  });

  test('replies appear under their comment, and a reply link opens the form with the parent set', async () => {
    const root = await post({ author_name: 'Root', body: 'Top-level thought' });
    const rootId = root.headers.location!.split('#comment-')[1]!;
    const reply = await post({ author_name: 'Child', body: 'A reply', parent_id: rootId });
    expect(reply.statusCode).toBe(303);
    const html = (await t.app.inject(PATH)).body;
    expect(html).toMatch(new RegExp(`id="comment-${rootId}"[\\s\\S]*?<ol class="comment-replies">[\\s\\S]*?A reply`));
    const replyForm = (await t.app.inject(`${PATH}?reply=${rootId}`)).body;
    expect(replyForm).toContain(`name="parent_id" value="${rootId}"`);
    expect(replyForm).toContain('Replying to <a href="#comment-');
  });

  test('replies deeper than three levels are shown at the third level, saying whom they answer', async () => {
    const id = async (res: { headers: Record<string, unknown> }) => String(res.headers.location).split('#comment-')[1]!;
    const a = await id(await post({ author_name: 'Level0', body: 'L0 text' }));
    const b = await id(await post({ author_name: 'Level1', body: 'L1 text', parent_id: a }));
    const c = await id(await post({ author_name: 'Level2', body: 'L2 text', parent_id: b }));
    await post({ author_name: 'Level3', body: 'L3 text', parent_id: c });
    const html = (await t.app.inject(PATH)).body;
    const thread = html.slice(html.indexOf(`id="comment-${a}"`));
    expect(thread).toContain('replying to <bdi>Level2</bdi>');
    // Level3 is a sibling of Level2 inside Level1's replies, not nested one deeper.
    const level1Replies = thread.slice(thread.indexOf(`id="comment-${b}"`));
    expect(level1Replies.indexOf('L3 text')).toBeGreaterThan(level1Replies.indexOf('L2 text'));
    expect((level1Replies.slice(0, level1Replies.indexOf('L3 text')).match(/<ol class="comment-replies">/g) ?? []).length).toBe(1);
  });

  test('the author edits and deletes their comment through the edit page', async () => {
    const res = await post({ author_name: 'Editor', body: 'Typo here' });
    const id = res.headers.location!.split('#comment-')[1]!;
    const cookie = { bs_commenter: res.cookies.find((c) => c.name === 'bs_commenter')!.value };
    const editPage = await t.app.inject({ url: `${PATH}/comments/${id}/edit`, cookies: cookie });
    expect(editPage.statusCode).toBe(200);
    expect(editPage.body).toContain('Typo here</textarea>');
    expect((await t.app.inject({ url: `${PATH}/comments/${id}/edit` })).statusCode).toBe(403);
    const sneaky = await t.app.inject({ method: 'POST', url: `${PATH}/comments/${id}/edit`, headers: FORM, cookies: cookie, payload: form({ author_name: 'Editor', body: 'now with www.spam.example' }) });
    expect(sneaky.statusCode).toBe(422);
    expect(sneaky.body).toContain('now with www.spam.example</textarea>');
    const fixed = await t.app.inject({ method: 'POST', url: `${PATH}/comments/${id}/edit`, headers: FORM, cookies: cookie, payload: form({ author_name: 'Editor', body: 'Typo fixed' }) });
    expect(fixed.statusCode).toBe(303);
    expect((await t.app.inject(PATH)).body).toContain('Typo fixed');
    const del = await t.app.inject({ method: 'POST', url: `${PATH}/comments/${id}/delete`, headers: FORM, cookies: cookie, payload: '' });
    expect(del.statusCode).toBe(303);
    expect((await t.app.inject(PATH)).body).not.toContain('Typo fixed');
  });

  test('an edit sent after the time for changes is over comes back with the text to copy, and changes nothing', async () => {
    const res = await post({ author_name: 'Late', body: 'First version' });
    const id = res.headers.location!.split('#comment-')[1]!;
    const cookie = { bs_commenter: res.cookies.find((c) => c.name === 'bs_commenter')!.value };
    const started = t.clock.now();
    try {
      t.clock.set(new Date(started.getTime() + (t.ctx.config.comments.editWindowMinutes + 1) * 60_000));
      const late = await t.app.inject({ method: 'POST', url: `${PATH}/comments/${id}/edit`, headers: FORM, cookies: cookie, payload: form({ author_name: 'Late', body: 'A long rewrite, <carefully> made' }) });
      expect(late.statusCode).toBe(403);
      expect(late.body).toContain('Your comment can no longer be changed');
      expect(late.body).toContain('readonly dir="auto">A long rewrite, &lt;carefully&gt; made</textarea>');
      expect(late.body).not.toContain('Save changes');
      expect((await t.app.inject(PATH)).body).toContain('First version');
    } finally {
      t.clock.set(started);
    }
  });

  test('the public moderation log lists what was done and why, without e-mail addresses', async () => {
    const res = await post({ author_name: 'Moderated', body: 'Please moderate me', email: 'someone@example.org' });
    const id = Number(res.headers.location!.split('#comment-')[1]);
    await moderateComment(t.ctx, id, 'reject', 'cli:root', 'off topic');
    const html = (await t.app.inject('/moderation')).body;
    expect(html).toContain(`A moderator rejected comment #${id}`);
    expect(html).toContain('off topic');
    expect(html).not.toContain('someone@example.org');
    expect(html).not.toContain('cli:root');
    const reported = Number((await post({ author_name: 'Reported', body: 'Reported but fair' })).headers.location!.split('#comment-')[1]);
    await reportComment(t.ctx, (await findComment(t.ctx, reported))!.articleId, reported, 'abusive', { clientAddress: '192.0.2.77' });
    await dismissReports(t.ctx, reported, 'cli:root', 'fair comment');
    // A comment everyone can read is linked from the log; one taken down is not.
    const withLink = (await t.app.inject('/moderation')).body;
    expect(withLink).toContain(`A moderator dismissed readers&#39; reports on <a href="${PATH}/comments/${reported}">comment #${reported}</a>`);
    expect(withLink).toContain(`A moderator rejected comment #${id}</td>`);
    // An action without a reason shows a dash, not the entity's text.
    await moderateComment(t.ctx, reported, 'delete', 'cli:root', '');
    const log = (await t.app.inject('/moderation')).body;
    expect(log).toContain(`A moderator deleted comment #${reported}</td><td>&mdash;</td>`);
    expect(log).not.toContain('&amp;mdash;');
  });

  test('past 50 top-level comments the rest are on further pages, newest-first on request', async () => {
    const many = await createTestApp(dialect, { comments: { moderation: 'none', perPage: 10 }, commentRateLimit: { perMinute: 0, perHour: 0 } });
    try {
      await seedNewsroom(many.ctx);
      await makeArticle(many.ctx, { title: 'Busy thread' });
      for (let i = 1; i <= 12; i++) {
        await many.app.inject({ method: 'POST', url: '/world/busy-thread/comments', headers: FORM, payload: form({ form_token: token, author_name: `R${i}`, body: `Comment number ${i}` }), remoteAddress: '10.0.0.1' });
      }
      const first = (await many.app.inject('/world/busy-thread')).body;
      expect(first).toContain('Comment number 1<');
      expect(first).not.toContain('Comment number 11<');
      expect(first).toContain('href="/world/busy-thread?cpage=2#comments"');
      const second = (await many.app.inject('/world/busy-thread?cpage=2')).body;
      expect(second).toContain('Comment number 12<');
      // Answering a comment from another page: the form says whom, and links to where that comment is.
      const twelfth = [...second.slice(0, second.indexOf('Comment number 12<')).matchAll(/id="comment-(\d+)"/g)].pop()![1];
      const replying = (await many.app.inject(`/world/busy-thread?reply=${twelfth}`)).body;
      expect(replying).toContain(`Replying to <a href="/world/busy-thread?cpage=2#comment-${twelfth}">R12</a>`);
      const newest = (await many.app.inject('/world/busy-thread?corder=newest')).body;
      expect(newest.indexOf('Comment number 12<')).toBeLessThan(newest.indexOf('Comment number 3<'));
      // An old link past the last page does not claim there are no comments: it points back to the first page.
      const past = (await many.app.inject('/world/busy-thread?cpage=7&corder=newest')).body;
      expect(past).not.toContain('No comments yet');
      expect(past).toContain('There are no comments on this page. <a href="/world/busy-thread?corder=newest#comments">');
      expect(past).not.toContain('Previous comments');
      // Posted in place, a comment that lands on the second page brings that page of comments.
      const inPlace = await many.app.inject({ method: 'POST', url: '/world/busy-thread/comments', headers: { ...FORM, 'x-broadsheet-fragment': 'comments' }, payload: form({ form_token: token, author_name: 'R13', body: 'Comment number 13' }), remoteAddress: '10.0.0.1' });
      expect(inPlace.statusCode).toBe(201);
      expect(inPlace.headers.location).toMatch(/^\/world\/busy-thread\?cpage=2#comment-\d+$/);
      expect(inPlace.body).toContain('<span>Page 2 of 2</span>');
      expect(inPlace.body).toContain('Comment number 13<');
      expect(inPlace.body).not.toContain('Comment number 1<');
    } finally {
      await many.cleanup();
    }
  });

  test("a comment's own address leads to the page of comments it is on; an edit lands there too, and the API hands it out", async () => {
    const many = await createTestApp(dialect, { comments: { moderation: 'none', perPage: 10, holdWords: ['raffle'] }, commentRateLimit: { perMinute: 0, perHour: 0 } });
    try {
      await seedNewsroom(many.ctx);
      await makeArticle(many.ctx, { title: 'Long thread' });
      await makeArticle(many.ctx, { title: 'Quiet corner' });
      const send = (fields: Record<string, string>, cookies: Record<string, string> = {}) =>
        many.app.inject({ method: 'POST', url: '/world/long-thread/comments', headers: FORM, payload: form({ form_token: token, ...fields }), cookies, remoteAddress: '10.0.0.2' });
      const idIn = (location: string | undefined) => Number(location!.split('#comment-')[1]);
      let firstId = 0;
      for (let i = 1; i <= 11; i++) {
        const id = idIn((await send({ author_name: `R${i}`, body: `Thread comment ${i}` })).headers.location);
        if (i === 1) firstId = id;
      }
      const last = await send({ author_name: 'R12', body: 'Thread comment 12' });
      const lastId = idIn(last.headers.location);
      const mine = { bs_commenter: last.cookies.find((c) => c.name === 'bs_commenter')!.value };

      const onSecondPage = await many.app.inject(`/world/long-thread/comments/${lastId}`);
      expect(onSecondPage.statusCode).toBe(302);
      expect(onSecondPage.headers.location).toBe(`/world/long-thread?cpage=2#comment-${lastId}`);
      expect(onSecondPage.headers['cache-control']).toBe('no-store');
      expect((await many.app.inject(`/world/long-thread/comments/${firstId}`)).headers.location).toBe(`/world/long-thread#comment-${firstId}`);
      for (const url of ['/world/long-thread/comments/999999', `/world/quiet-corner/comments/${firstId}`, `/defense/long-thread/comments/${firstId}`, '/world/long-thread/comments/abc']) {
        expect((await many.app.inject(url)).statusCode).toBe(404);
      }

      // Its author edits it: back to the page it is on, not to the first one.
      const edited = await many.app.inject({ method: 'POST', url: `/world/long-thread/comments/${lastId}/edit`, headers: FORM, payload: form({ author_name: 'R12', body: 'Thread comment 12, edited' }), cookies: mine, remoteAddress: '10.0.0.2' });
      expect(edited.statusCode).toBe(303);
      expect(edited.headers.location).toBe(`/world/long-thread?cpage=2#comment-${lastId}`);

      // A comment awaiting moderation has an address only for the one who wrote it.
      const held = idIn((await send({ author_name: 'R12', body: 'A raffle at the harbour' }, mine)).headers.location);
      expect((await many.app.inject(`/world/long-thread/comments/${held}`)).statusCode).toBe(404);
      expect((await many.app.inject({ url: `/world/long-thread/comments/${held}`, cookies: mine })).headers.location).toBe(`/world/long-thread?cpage=2#comment-${held}`);

      const listed = (await many.app.inject('/api/v1/articles/long-thread/comments')).json() as { comments: Array<{ id: number; url: string }> };
      expect(listed.comments.find((c) => c.id === lastId)!.url).toBe(`${many.ctx.config.siteUrl}/world/long-thread/comments/${lastId}`);
    } finally {
      await many.cleanup();
    }
  });
});

describe.each(dialects)('comment API on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { commentRateLimit: { perMinute: 3, perHour: 100 }, checkRateLimit: { perMinute: 5, perHour: 100 } });
    await seedNewsroom(t.ctx);
    await makeArticle(t.ctx, { title: 'Harbour debate' });
  });
  afterAll(() => t.cleanup());

  const api = (url: string, payload: object, remoteAddress = '203.0.113.9') => t.app.inject({ method: 'POST', url, payload, remoteAddress });

  test('POST answers 201 with the comment; a first comment is pending and not yet listed', async () => {
    const res = await api('/api/v1/articles/harbour-debate/comments', { author_name: 'Ana', body: 'Good reporting.' });
    expect(res.statusCode).toBe(201);
    const { comment } = res.json();
    expect(comment).toMatchObject({ author_name: 'Ana', body: 'Good reporting.', status: 'pending', parent_id: null, edited_at: null });
    expect(comment.url).toBe(`${t.ctx.config.siteUrl}/world/harbour-debate/comments/${comment.id}`);
    expect(Object.keys(comment)).not.toContain('email');
    expect((await t.app.inject('/api/v1/articles/harbour-debate/comments')).json()).toEqual({ comments: [], total: 0 });
    // Its author sees it awaiting moderation, with "edit or delete" but no reply link: no one can answer it yet.
    const commenter = res.cookies.find((c) => c.name === 'bs_commenter')!;
    const own = (await t.app.inject({ url: '/world/harbour-debate', cookies: { bs_commenter: commenter.value } })).body;
    expect(own).toContain('Awaiting moderation');
    expect(own).toContain(`href="/world/harbour-debate/comments/${comment.id}/edit"`);
    expect(own).not.toContain(`?reply=${comment.id}#`);
    await moderateComment(t.ctx, comment.id, 'approve', 'test');
    expect((await t.app.inject('/world/harbour-debate')).body).toContain(`?reply=${comment.id}#`);
    const listed = (await t.app.inject('/api/v1/articles/harbour-debate/comments')).json();
    expect(listed.total).toBe(1);
    expect(listed.comments[0]).toMatchObject({ id: comment.id, status: 'approved' });
  });

  test('a published comment can be reported through the API, with the reasons of the form and its rate limit', async () => {
    const posted = await api('/api/v1/articles/harbour-debate/comments', { author_name: 'Cai', body: 'A fair point about the quay.' }, '203.0.113.50');
    const id: number = posted.json().comment.id;
    const url = `/api/v1/articles/harbour-debate/comments/${id}/reports`;
    // Awaiting moderation, it is not there to report.
    expect((await api(url, { reason: 'spam' }, '203.0.113.51')).statusCode).toBe(404);
    await moderateComment(t.ctx, id, 'approve', 'test');
    const res = await api(url, { reason: 'spam' }, '203.0.113.51');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ report: { comment_id: id, reason: 'spam' } });
    expect(res.headers['cache-control']).toBe('no-store');
    const reports = async () => Number((await t.ctx.db.selectFrom('comment_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('comment_id', '=', id).executeTakeFirstOrThrow()).n);
    expect(await reports()).toBe(1);
    const wrong = await api(url, { reason: 'boring' }, '203.0.113.52');
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error).toEqual({ code: 'invalid', message: 'Choose what is wrong with the comment: abusive, spam, off_topic, other.', fields: { reason: 'Not one of the reasons listed.' } });
    for (const other of [`/api/v1/articles/harbour-debate/comments/${id + 1000}/reports`, '/api/v1/articles/harbour-debate/comments/abc/reports', '/api/v1/articles/harbour-debate/comments/99999999999/reports', `/api/v1/articles/nowhere/comments/${id}/reports`]) {
      expect((await api(other, { reason: 'spam' }, '203.0.113.53')).statusCode, other).toBe(404);
    }
    expect(await reports()).toBe(1);
    // COMMENT_RATE_LIMIT counts reports too (three a minute here); the same reader's report counts once.
    for (let i = 0; i < 2; i++) expect((await api(url, { reason: 'abusive' }, '203.0.113.54')).statusCode).toBe(201);
    expect((await api(url, { reason: 'abusive' }, '203.0.113.54')).statusCode).toBe(201);
    const limited = await api(url, { reason: 'abusive' }, '203.0.113.54');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(await reports()).toBe(2);
  });

  // PostgreSQL's integer ids end at 2,147,483,647: a larger number must not reach it.
  test('a comment number beyond any id is a comment not found, never an error', async () => {
    const big = '99999999999';
    const reply = await api('/api/v1/articles/harbour-debate/comments', { author_name: 'Bo', body: 'Answering nobody', parent_id: Number(big) }, '203.0.113.11');
    expect(reply.statusCode).toBe(422);
    expect(reply.json().error.fields).toEqual({ parent_id: 'That comment is not available.' });
    for (const url of [`/world/harbour-debate/comments/${big}/edit`, `/world/harbour-debate/comments/2147483648/edit`, `/moderation?before=${big}`]) {
      expect((await t.app.inject(url)).statusCode, url).toBe(404);
    }
    expect((await t.app.inject(`/world/harbour-debate?reply=${big}`)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `/world/harbour-debate/comments/${big}/delete` })).statusCode).toBe(404);
  });

  test('a link is refused with 422 links_not_allowed and UTF-16 offsets into the body', async () => {
    const body = '👍 Great — see www.exаmple.com'; // the "а" is Cyrillic
    const res = await api('/api/v1/articles/harbour-debate/comments', { author_name: 'Bo', body }, '203.0.113.10');
    expect(res.statusCode).toBe(422);
    const { error } = res.json();
    expect(error.code).toBe('links_not_allowed');
    expect(error.message).toMatch(/www/);
    expect(error.matches).toHaveLength(1);
    const [m] = error.matches;
    expect(body.slice(m.start, m.end)).toBe(m.text);
    expect(m.text).toBe('www.exаmple.com');
  });

  test.each([
    [{ body: 'no name' }, 400, 'invalid'],
    [{ author_name: 'A', body: '' }, 422, 'invalid'],
    [{ author_name: 'A', body: 'x', email: 'nope' }, 422, 'invalid'],
    [{ author_name: 'A', body: 'x', colour: 'red' }, 400, 'invalid'],
  ])('%o is refused with %i %s', async (payload, status, code) => {
    const res = await api('/api/v1/articles/harbour-debate/comments', payload, '203.0.113.11');
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });

  test('a body not sent as JSON is refused with 415 unsupported_media_type, saying what to send', async () => {
    for (const [url, type, payload] of [
      ['/api/v1/articles/harbour-debate/comments', 'text/plain', 'Good reporting.'],
      ['/api/v1/articles/harbour-debate/comments', 'application/x-www-form-urlencoded', 'author_name=Ana&body=Good+reporting.'],
      ['/api/v1/comments/check', 'text/plain', 'Is this fine?'],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url, headers: { 'content-type': type }, payload, remoteAddress: '203.0.113.40' });
      expect(res.statusCode).toBe(415);
      expect(res.json().error).toEqual({ code: 'unsupported_media_type', message: 'Send the request body as JSON, with the header Content-Type: application/json.' });
    }
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/comments/check', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: '{"body":"Fine."}', remoteAddress: '203.0.113.40' });
    expect(json.json()).toEqual({ ok: true });
  });

  test('a JSON value of the wrong type is refused as invalid, not turned into text', async () => {
    for (const [url, payload, says] of [
      ['/api/v1/articles/harbour-debate/comments', { author_name: 5, body: 'Numbers are not names.' }, 'body/author_name must be string'],
      ['/api/v1/articles/harbour-debate/comments', { author_name: 'Ana', body: ['a', 'list'] }, 'body/body must be string'],
      ['/api/v1/articles/harbour-debate/comments', { author_name: 'Ana', body: 'Fine.', parent_id: '12' }, 'body/parent_id must be integer,null'],
      ['/api/v1/comments/check', { body: null }, 'body/body must be string'],
      ['/api/v1/comments/check', { body: 12345 }, 'body/body must be string'],
    ] as const) {
      const res = await api(url, payload, '203.0.113.41');
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error, JSON.stringify(payload)).toEqual({ code: 'invalid', message: `The request is not valid: ${says}.` });
    }
    expect((await t.app.inject({ url: '/api/v1/articles/harbour-debate/comments?limit=2' })).statusCode).toBe(200);
  });

  test('a direction override that would show a reversed address as a real one is not stored', async () => {
    const res = await api('/api/v1/articles/harbour-debate/comments', { author_name: 'Rev', body: 'Try \u202emoc.onisac\u202c tonight' }, '203.0.113.41');
    expect(res.statusCode).toBe(201);
    expect(res.json().comment.body).toBe('Try moc.onisac tonight');
  });

  test('a name or comment made only of invisible characters is refused as empty', async () => {
    const name = await api('/api/v1/articles/harbour-debate/comments', { author_name: '\u200b\u200b', body: 'A name nobody can see' }, '203.0.113.31');
    expect(name.statusCode).toBe(422);
    expect(name.json().error.fields).toEqual({ author_name: 'Please tell us your name.' });
    const body = await api('/api/v1/articles/harbour-debate/comments', { author_name: 'Ana', body: '\u200b \u2060\n\ufeff' }, '203.0.113.32');
    expect(body.statusCode).toBe(422);
    expect(body.json().error.fields).toEqual({ body: 'Please write a comment.' });
  });

  test('unknown articles are 404 and closed ones 403 comments_closed', async () => {
    expect((await api('/api/v1/articles/nothing/comments', { author_name: 'A', body: 'x' })).statusCode).toBe(404);
    await makeArticle(t.ctx, { title: 'Quiet piece', commentsEnabled: false });
    const closed = await api('/api/v1/articles/quiet-piece/comments', { author_name: 'A', body: 'x' }, '203.0.113.12');
    expect(closed.statusCode).toBe(403);
    expect(closed.json().error.code).toBe('comments_closed');
  });

  test('too many posts from one client get 429 rate_limited with Retry-After', async () => {
    const codes: number[] = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await api('/api/v1/articles/harbour-debate/comments', { author_name: 'Fast', body: `Message ${i}` }, '203.0.113.99');
      codes.push(last.statusCode);
    }
    expect(codes).toEqual([201, 201, 201, 429]);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.json().error).toMatchObject({ code: 'rate_limited', retry_after: Number(last!.headers['retry-after']) });
  });

  test('the check endpoint gives the same verdict without storing anything, and has its own limit', async () => {
    const clean = await api('/api/v1/comments/check', { body: 'The U.S. and the U.K. agreed at 10.30 a.m.' }, '203.0.113.20');
    expect(clean.json()).toEqual({ ok: true });
    const dirty = await api('/api/v1/comments/check', { body: 'mail me: anna (at) example (dot) org' }, '203.0.113.20');
    expect(dirty.statusCode).toBe(200);
    expect(dirty.json()).toMatchObject({ ok: false, code: 'links_not_allowed', message: expect.stringMatching(/^Comments can't/), matches: [expect.objectContaining({ text: expect.stringContaining('example') })] });
    // The name field's check says so in its message.
    const name = await api('/api/v1/comments/check', { body: 'Anna of anna-deals.net', field: 'author_name' }, '203.0.113.20');
    expect(name.json()).toMatchObject({ ok: false, message: expect.stringMatching(/^Names can't contain links.*anna-deals\.net/) });
    const before = Number((await t.ctx.db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    for (let i = 0; i < 2; i++) await api('/api/v1/comments/check', { body: 'x' }, '203.0.113.20');
    const limited = await api('/api/v1/comments/check', { body: 'x' }, '203.0.113.20');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Refused as every other limit refuses: the same code, and the wait in the body as in the header.
    expect(limited.json().error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^Too many checks.*Please wait \d+ (second|minute)s?\.$/), retry_after: Number(limited.headers['retry-after']) });
    const after = Number((await t.ctx.db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(after).toBe(before);
  });

  test('the OpenAPI document describes the comment endpoints', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/articles/{slug}/comments', '/v1/comments/check']));
    expect(doc.paths['/v1/articles/{slug}/comments'].post.responses).toHaveProperty('422');
    expect(doc.components.schemas.Comment.required).toContain('status');
  });
});

describe.each(dialects)('a held comment that has published replies, on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { comments: { moderation: 'none', holdWords: ['casino'] }, commentRateLimit: { perMinute: 0, perHour: 0 } });
    await seedNewsroom(t.ctx);
    await makeArticle(t.ctx, { title: 'Harbour debate' });
  });
  afterAll(() => t.cleanup());

  const api = (payload: object, cookies: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/articles/harbour-debate/comments', payload, cookies, remoteAddress: '203.0.113.20' });

  test('strangers see the replies and that it awaits moderation, never its text; its author still sees it', async () => {
    const root = await api({ author_name: 'Vera', body: 'The casino on the quay should close.' });
    expect(root.json().comment.status).toBe('pending');
    const cookie = root.cookies.find((c) => c.name === 'bs_commenter')!.value;
    const reply = await api({ author_name: 'Vera', body: 'To be clear, I mean the old customs building.', parent_id: root.json().comment.id }, { bs_commenter: cookie });
    expect(reply.json().comment.status).toBe('approved');

    const stranger = (await t.app.inject(PATH)).body;
    expect(stranger).toContain('To be clear, I mean the old customs building.');
    expect(stranger).not.toContain('The casino on the quay');
    expect(stranger).toContain('This comment is awaiting moderation.');
    expect(stranger).not.toContain(`?reply=${root.json().comment.id}#`);

    const own = (await t.app.inject({ url: PATH, cookies: { bs_commenter: cookie } })).body;
    expect(own).toContain('The casino on the quay should close.');
    expect(own).toContain('Awaiting moderation: only you can see this comment');
  });
});

describe('a comment posted when the server fails', () => {
  let t: TestApp | undefined;
  afterAll(() => t?.cleanup());

  test('comes back on the error page in a box to copy, escaped, so nothing typed is lost', async () => {
    t = await createTestApp('sqlite');
    await seedNewsroom(t.ctx);
    await makeArticle(t.ctx, { title: 'Harbour debate' });
    await t.ctx.db.destroy(); // every query from now on fails as a bug would
    const res = await t.app.inject({ method: 'POST', url: `${PATH}/comments`, headers: FORM, payload: form({ author_name: 'Ana', body: 'Long thoughts <i>here</i> & more.' }) });
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('Something went wrong (ref ');
    expect(res.body).toContain('<textarea id="kept-text" readonly rows="8">Long thoughts &lt;i&gt;here&lt;/i&gt; &amp; more.</textarea>');
  });
});

describe.each(dialects)('reporting a comment over HTTP on %s', (dialect) => {
  let t: TestApp;
  let commentId: number;
  const path = '/world/reported-debate';

  beforeAll(async () => {
    t = await createTestApp(dialect, { comments: { moderation: 'none', reportsToHold: 2 }, commentRateLimit: { perMinute: 1000, perHour: 10_000 } });
    await seedNewsroom(t.ctx);
    await makeArticle(t.ctx, { title: 'Reported debate' });
    const posted = await t.app.inject({ method: 'POST', url: '/api/v1/articles/reported-debate/comments', payload: { author_name: 'Blunt', body: 'A rude remark.' }, remoteAddress: '203.0.113.90' });
    commentId = posted.json().comment.id;
  });
  afterAll(() => t.cleanup());

  const report = (reason: string | undefined, remoteAddress: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: `${path}/comments/${commentId}/report`, headers: { ...FORM, ...headers }, payload: reason === undefined ? '' : form({ reason }), remoteAddress });

  test('each published comment has a Report link to a page that shows it and asks why', async () => {
    const page = await t.app.inject(path);
    expect(page.body).toContain(`href="${path}/comments/${commentId}/report" rel="nofollow">Report<span class="visually-hidden"> the comment by Blunt</span>`);
    const res = await t.app.inject(`${path}/comments/${commentId}/report`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('A rude remark.');
    expect(res.body).toContain('<meta name="robots" content="noindex');
    expect(res.body.match(/type="radio"/g)).toHaveLength(4);
  });

  test('a report without a reason comes back with the reason asked for; one from another site is refused', async () => {
    const none = await report(undefined, '198.51.100.80');
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Please choose what is wrong with this comment.');
    const made_up = await report('because', '198.51.100.80');
    expect(made_up.statusCode).toBe(422);
    const forged = await report('spam', '198.51.100.80', { origin: 'https://evil.example' });
    expect(forged.statusCode).toBe(403);
    expect((await t.app.inject(path)).body).toContain('A rude remark.');
  });

  test('a report is thanked; with enough of them the comment leaves the page until a moderator decides', async () => {
    const first = await report('abusive', '198.51.100.81');
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`${path}/comments/${commentId}/report?sent=1`);
    const thanks = await t.app.inject(first.headers.location as string);
    expect(thanks.body).toContain('Thank you. The moderators will look at it');
    expect(thanks.body).not.toContain('<form method="post" action="' + path);
    expect((await t.app.inject(path)).body).toContain('A rude remark.');
    expect((await report('spam', '198.51.100.82')).statusCode).toBe(303);
    const after = await t.app.inject(path);
    expect(after.body).not.toContain('A rude remark.');
    // The reader whose report sent it for review is thanked, without the comment, which is no longer public.
    const tipped = await t.app.inject(`${path}/comments/${commentId}/report?sent=1`);
    expect(tipped.statusCode).toBe(200);
    expect(tipped.body).toContain('This comment has been taken down until the moderators have looked at it.');
    expect(tipped.body).not.toContain('A rude remark.');
    // Nothing left to report: the page answers 404; a reader who sends the form they had open is thanked.
    expect((await t.app.inject(`${path}/comments/${commentId}/report`)).statusCode).toBe(404);
    const late = await report('spam', '198.51.100.83');
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe(`${path}/comments/${commentId}/report?sent=1`);
    const log = await t.app.inject('/moderation');
    expect(log.body).toContain(`Readers&#39; reports held back comment #${commentId}`);
    expect(log.body).toContain('reported by 2 readers (abusive 1, spam 1)');
    // A comment a moderator rejected is not thanked for, nor shown.
    await moderateComment(t.ctx, commentId, 'reject', 'cli:editor');
    expect((await t.app.inject(`${path}/comments/${commentId}/report?sent=1`)).statusCode).toBe(404);
    expect((await report('spam', '198.51.100.84')).statusCode).toBe(404);
  });
});
