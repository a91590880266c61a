import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestContext, dialectsUnderTest, type TestContext } from '../../db/test-db.js';
import { issueFormToken } from '../../shared/form-token.js';
import { makeArticle, seedNewsroom } from '../../test/fixtures.js';
import { findLiveArticle, type ArticleSummary } from '../articles/articles.service.js';
import {
  banCommenter, clientHash, deleteOwnComment, dismissReports, editComment, findComment, listCommentsForModeration, listReportedComments, listThread, moderateComment,
  moderationLog, postComment, reportComment, unbanCommenter, type Commenter,
} from './comments.service.js';

const dialects = await dialectsUnderTest();

/** The article as a page would load it, with its current comment count. */
async function reload(t: TestContext, article: ArticleSummary): Promise<ArticleSummary> {
  const found = await findLiveArticle(t.ctx, article.slug);
  if (found.kind !== 'found') throw new Error('article gone');
  return found.article;
}

describe.each(dialects)('comments on %s', (dialect) => {
  let t: TestContext;
  let article: ArticleSummary;
  let n = 0;
  const reader = (): Commenter => ({ token: null, clientAddress: `203.0.113.${++n}` });

  beforeAll(async () => {
    t = await createTestContext(dialect, { config: { comments: { moderation: 'none', holdWords: ['casino', 'miracle cure'] }, commentRateLimit: { perMinute: 100, perHour: 1000 } } });
    await seedNewsroom(t.ctx);
    article = await makeArticle(t.ctx, { title: 'Talking point' });
  });
  afterAll(() => t.cleanup());

  const commentCount = async () =>
    Number((await t.ctx.db.selectFrom('articles').select('comment_count').where('id', '=', article.id).executeTakeFirstOrThrow()).comment_count);

  test('a reader posts a comment; it is published and counted, and the reader gets a token', async () => {
    const { comment, newToken } = await postComment(t.ctx, article, { authorName: '  Olena  ', body: 'Thank you for this.\r\n\r\nVery clear.' }, reader());
    expect(comment).toMatchObject({ authorName: 'Olena', body: 'Thank you for this.\n\nVery clear.', status: 'approved', depth: 0, parentId: null });
    expect(newToken).toMatch(/^[\w-]{24}$/);
    expect(await commentCount()).toBe(1);
  });

  test('a link anywhere, in any disguise, is refused with its position; nothing is stored', async () => {
    const body = 'Read more at example dot com please';
    await expect(postComment(t.ctx, article, { authorName: 'Spammer', body }, reader())).rejects.toMatchObject({
      code: 'links_not_allowed',
      status: 422,
      details: { matches: [expect.objectContaining({ text: expect.stringContaining('example') })] },
    });
    await expect(postComment(t.ctx, article, { authorName: 'www.cheap-pills.com', body: 'Nice article.' }, reader())).rejects.toMatchObject({
      code: 'links_not_allowed',
      fields: { author_name: expect.any(String) },
      message: expect.stringMatching(/^Names can't contain links.*“www\.cheap-pills\.com”/),
      details: { matches: [], name_matches: [expect.objectContaining({ text: 'www.cheap-pills.com' })] },
    });
    expect(await commentCount()).toBe(1);
  });

  test('honest text that looks a little like a link is accepted', async () => {
    const { comment } = await postComment(t.ctx, article, { authorName: 'J.D. Okafor', body: 'The U.S. position, e.g. on page 3.5 of report.pdf, costs $1.5bn.Really.' }, reader());
    expect(comment.status).toBe('approved');
  });

  test('empty, too long and malformed fields are refused together with a message each', async () => {
    await expect(postComment(t.ctx, article, { authorName: '', body: 'x'.repeat(5001), email: 'not-an-email' }, reader())).rejects.toMatchObject({
      code: 'invalid',
      fields: { author_name: expect.any(String), body: expect.stringContaining('5,000'), email: expect.any(String) },
    });
  });

  test('the same text twice from the same person within a day is a duplicate', async () => {
    const who = reader();
    const { newToken } = await postComment(t.ctx, article, { authorName: 'Ivan', body: 'Well said!' }, who);
    await expect(postComment(t.ctx, article, { authorName: 'Ivan', body: 'well said' }, { ...who, token: newToken })).rejects.toMatchObject({ code: 'duplicate', status: 409 });
    await expect(postComment(t.ctx, article, { authorName: 'Ivan', body: 'Well said!' }, { token: null, clientAddress: who.clientAddress })).rejects.toMatchObject({ code: 'duplicate' });
    // Someone else may say the same thing.
    await postComment(t.ctx, article, { authorName: 'Anna', body: 'Well said!' }, reader());
  });

  test('the same comment sent twice at once (a double click on the button) is stored once', async () => {
    const who = reader();
    // Connections for every post (on PostgreSQL), so that the posts really run side by side.
    await Promise.all([1, 2, 3, 4].map(() => commentCount()));
    const before = await commentCount();
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => postComment(t.ctx, article, { authorName: 'Dara', body: 'Sent once, I hope.' }, { token: null, clientAddress: who.clientAddress })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'duplicate' });
    expect(await commentCount()).toBe(before + 1);
  });

  test('replies are threaded; a reply to a reply to a reply is kept in the thread', async () => {
    const who = reader();
    const { comment: root, newToken } = await postComment(t.ctx, article, { authorName: 'A', body: 'Root comment here' }, who);
    const me = { ...who, token: newToken };
    const { comment: r1 } = await postComment(t.ctx, article, { authorName: 'A', body: 'First reply', parentId: root.id }, me);
    const { comment: r2 } = await postComment(t.ctx, article, { authorName: 'A', body: 'Second level', parentId: r1.id }, me);
    const { comment: r3 } = await postComment(t.ctx, article, { authorName: 'A', body: 'Third level', parentId: r2.id }, me);
    expect([r1.depth, r2.depth, r3.depth]).toEqual([1, 2, 3]);
    expect([r1.rootId, r2.rootId, r3.rootId]).toEqual([root.id, root.id, root.id]);
    const page = await listThread(t.ctx, await reload(t, article), { order: 'oldest', page: 1, viewerToken: null });
    expect(page.comments.map((c) => c.id)).toEqual(expect.arrayContaining([root.id, r1.id, r2.id, r3.id]));
    await expect(postComment(t.ctx, article, { authorName: 'A', body: 'Orphan', parentId: 999999 }, me)).rejects.toMatchObject({ code: 'invalid' });
  });

  test('a reader may edit their comment for 15 minutes, and every rule applies again', async () => {
    const who = reader();
    const { comment, newToken } = await postComment(t.ctx, article, { authorName: 'Petra', body: 'Clean at first.' }, who);
    const me = { ...who, token: newToken };
    await expect(editComment(t.ctx, article, comment.id, { authorName: 'Petra', body: 'Now see bit.ly/x' }, me)).rejects.toMatchObject({ code: 'links_not_allowed' });
    await expect(editComment(t.ctx, article, comment.id, { authorName: 'Petra', body: 'Changed.' }, reader())).rejects.toMatchObject({ code: 'not_found' });
    const edited = await editComment(t.ctx, article, comment.id, { authorName: 'Petra', body: 'Still clean, and edited.' }, me);
    expect(edited.body).toBe('Still clean, and edited.');
    expect(edited.editedAt).not.toBeNull();
    const held = await editComment(t.ctx, article, comment.id, { authorName: 'Petra', body: 'Try this miracle cure.' }, me);
    expect(held.status).toBe('pending');
    t.clock.advance(16 * 60_000);
    await expect(editComment(t.ctx, article, comment.id, { authorName: 'Petra', body: 'Too late.' }, me)).rejects.toMatchObject({ code: 'edit_window_over' });
    await expect(deleteOwnComment(t.ctx, comment.id, me)).rejects.toMatchObject({ code: 'edit_window_over' });
    t.clock.advance(-16 * 60_000);
  });

  test('an edit sent while a moderator marks the comment as spam does not bring it back', async () => {
    const who = reader();
    const { comment, newToken } = await postComment(t.ctx, article, { authorName: 'Quinn', body: 'First words.' }, who);
    const me = { ...who, token: newToken };
    const [, edit] = await Promise.allSettled([
      moderateComment(t.ctx, comment.id, 'spam', 'moderator', 'looks like spam'),
      editComment(t.ctx, article, comment.id, { authorName: 'Quinn', body: 'Second words.' }, me),
    ]);
    // Refused as changed (read before the moderator wrote) or not found (read after), or written first.
    if (edit.status === 'rejected') expect(['comment_changed', 'not_found']).toContain((edit.reason as { code: string }).code);
    const row = await t.ctx.db.selectFrom('comments').select('status').where('id', '=', comment.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('spam');
  });

  test('when a comment with replies is taken down, the replies stay, under a placeholder', async () => {
    const { comment: root } = await postComment(t.ctx, article, { authorName: 'Gone', body: 'Soon removed' }, reader());
    const { comment: child } = await postComment(t.ctx, article, { authorName: 'Kid', body: 'Still here', parentId: root.id }, reader());
    const { comment: lonely } = await postComment(t.ctx, article, { authorName: 'Alone', body: 'No replies to me' }, reader());
    await moderateComment(t.ctx, root.id, 'reject', 'cli:mod');
    await moderateComment(t.ctx, lonely.id, 'reject', 'cli:mod');
    const page = await listThread(t.ctx, await reload(t, article), { order: 'oldest', page: 1, viewerToken: null });
    const shown = new Map(page.comments.map((c) => [c.id, c.status]));
    expect(shown.get(root.id)).toBe('rejected');
    expect(shown.get(child.id)).toBe('approved');
    expect(shown.has(lonely.id)).toBe(false);
  });

  test('a reader may delete their comment; it leaves the count and the page', async () => {
    const who = reader();
    const before = await commentCount();
    const { comment, newToken } = await postComment(t.ctx, article, { authorName: 'Del', body: 'I will regret this.' }, who);
    expect(await commentCount()).toBe(before + 1);
    await deleteOwnComment(t.ctx, comment.id, { ...who, token: newToken });
    expect(await commentCount()).toBe(before);
    const log = await moderationLog(t.ctx, 5);
    expect(log[0]).toMatchObject({ actor: 'author', action: 'delete', targetId: String(comment.id) });
  });

  test('comments with a word from the hold list wait for a moderator, who approves them', async () => {
    const { comment } = await postComment(t.ctx, article, { authorName: 'Gambler', body: 'Best Casino tips inside' }, reader());
    expect(comment).toMatchObject({ status: 'pending', heldReason: 'contains "casino"' });
    const approved = await moderateComment(t.ctx, comment.id, 'approve', 'cli:editor', 'fine in context');
    expect(approved.status).toBe('approved');
    await expect(moderateComment(t.ctx, comment.id, 'approve', 'cli:editor')).rejects.toMatchObject({ code: 'invalid' });
    const spam = await moderateComment(t.ctx, comment.id, 'spam', 'cli:editor', 'changed my mind');
    expect(spam.status).toBe('spam');
    const log = await moderationLog(t.ctx, 2);
    expect(log.map((l) => l.action)).toEqual(['spam', 'approve']);
    expect(log[1]).toMatchObject({ actor: 'cli:editor', reason: 'fine in context', targetType: 'comment' });
  });

  test('a banned commenter cannot post, and their comments are hidden', async () => {
    const who = reader();
    const { comment } = await postComment(t.ctx, article, { authorName: 'Troll', body: 'Provocation number one', email: 'troll@example.org' }, who);
    const result = await banCommenter(t.ctx, { commentId: comment.id }, 'cli:editor', 'abuse');
    expect(result).toMatchObject({ kind: 'email', value: 'troll@example.org', hidden: 1 });
    await expect(postComment(t.ctx, article, { authorName: 'Troll', body: 'Provocation two', email: 'Troll@Example.org' }, reader())).rejects.toMatchObject({ code: 'banned', status: 403 });
    await banCommenter(t.ctx, { clientHash: clientHash(t.ctx, who.clientAddress) }, 'cli:editor', 'abuse');
    await expect(postComment(t.ctx, article, { authorName: 'Troll', body: 'Provocation three' }, { token: null, clientAddress: who.clientAddress })).rejects.toMatchObject({ code: 'banned' });
    expect(await unbanCommenter(t.ctx, 'email', 'troll@example.org', 'cli:editor')).toBe(true);
    const log = await moderationLog(t.ctx, 10);
    expect(log.some((l) => l.action === 'ban' && l.targetId === 't…@e…')).toBe(true);
  });

  test('a filled-in honeypot stores the comment as spam without telling the sender', async () => {
    const token = issueFormToken(new Date(t.ctx.clock.now().getTime() - 10_000), t.ctx.config.sessionSecret);
    const { comment } = await postComment(t.ctx, article, { authorName: 'Bot', body: 'Great post' }, reader(), { formToken: token, honeypot: 'http://x' });
    expect(comment.status).toBe('spam');
  });

  test('a form sent back sooner than a person could type is refused, and so is one without a valid token', async () => {
    const justNow = issueFormToken(t.ctx.clock.now(), t.ctx.config.sessionSecret);
    await expect(postComment(t.ctx, article, { authorName: 'Fast', body: 'Quick one' }, reader(), { formToken: justNow })).rejects.toMatchObject({ code: 'form_expired' });
    await expect(postComment(t.ctx, article, { authorName: 'Fast', body: 'Quick one' }, reader(), { formToken: 'forged.token' })).rejects.toMatchObject({ code: 'form_expired' });
  });

  test('posting faster than the limit is refused with the time to wait', async () => {
    const limited = await createTestContext(dialect, { config: { comments: { moderation: 'none' }, commentRateLimit: { perMinute: 2, perHour: 10 } } });
    try {
      await seedNewsroom(limited.ctx);
      const a = await makeArticle(limited.ctx);
      const who = { token: null, clientAddress: '198.51.100.7' };
      await postComment(limited.ctx, a, { authorName: 'R', body: 'one' }, who);
      await postComment(limited.ctx, a, { authorName: 'R', body: 'two' }, who);
      await expect(postComment(limited.ctx, a, { authorName: 'R', body: 'three' }, who)).rejects.toMatchObject({
        code: 'rate_limited',
        status: 429,
        headers: { 'retry-after': '60' },
      });
    } finally {
      await limited.cleanup();
    }
  });

  test('posts refused for their text do not use up the posting limit; they count as checks', async () => {
    const limited = await createTestContext(dialect, { config: { comments: { moderation: 'none' }, commentRateLimit: { perMinute: 2, perHour: 10 }, checkRateLimit: { perMinute: 6, perHour: 100 } } });
    try {
      await seedNewsroom(limited.ctx);
      const a = await makeArticle(limited.ctx);
      const who = { token: null, clientAddress: '198.51.100.8' };
      // A reader tries three times before the comment is right: a link, then too long, then a link again.
      await expect(postComment(limited.ctx, a, { authorName: 'R', body: 'See example.com' }, who)).rejects.toMatchObject({ code: 'links_not_allowed' });
      await expect(postComment(limited.ctx, a, { authorName: 'R', body: 'x'.repeat(5001) }, who)).rejects.toMatchObject({ code: 'invalid' });
      await expect(postComment(limited.ctx, a, { authorName: 'R', body: 'See example dot com' }, who)).rejects.toMatchObject({ code: 'links_not_allowed' });
      await postComment(limited.ctx, a, { authorName: 'R', body: 'one' }, who);
      await postComment(limited.ctx, a, { authorName: 'R', body: 'two' }, who);
      await expect(postComment(limited.ctx, a, { authorName: 'R', body: 'three' }, who)).rejects.toMatchObject({ code: 'rate_limited' });
      // Six posts were checked: the next one is refused before its text is even read.
      await expect(postComment(limited.ctx, a, { authorName: 'R', body: 'See example.org' }, who)).rejects.toMatchObject({ code: 'rate_limited' });
      // Another reader is not affected.
      await postComment(limited.ctx, a, { authorName: 'S', body: 'four' }, { token: null, clientAddress: '198.51.100.9' });
    } finally {
      await limited.cleanup();
    }
  });
});

describe.each(dialects)('readers reporting comments on %s', (dialect) => {
  let t: TestContext;
  let article: ArticleSummary;
  let n = 0;
  const network = () => ({ clientAddress: `192.0.2.${++n}` });

  beforeAll(async () => {
    t = await createTestContext(dialect, { config: { comments: { moderation: 'none', reportsToHold: 3 }, commentRateLimit: { perMinute: 3, perHour: 100 } } });
    await seedNewsroom(t.ctx);
    article = await makeArticle(t.ctx, { title: 'Reported debate' });
  });
  afterAll(() => t.cleanup());

  const publish = async (body: string) => (await postComment(t.ctx, article, { authorName: 'Poster', body }, { token: null, clientAddress: `198.51.100.${++n}` })).comment;

  test('a comment reported from three networks goes back to moderation, with the reasons in its record and the log', async () => {
    const comment = await publish('Something some readers will not like.');
    expect(await reportComment(t.ctx, article.id, comment.id, 'abusive', network())).toEqual({ held: false });
    const twice = network();
    expect(await reportComment(t.ctx, article.id, comment.id, 'spam', twice)).toEqual({ held: false });
    // The same network again counts once.
    expect(await reportComment(t.ctx, article.id, comment.id, 'spam', twice)).toEqual({ held: false });
    expect((await findComment(t.ctx, comment.id))!.status).toBe('approved');
    expect(await reportComment(t.ctx, article.id, comment.id, 'abusive', network())).toEqual({ held: true });
    expect(await findComment(t.ctx, comment.id)).toMatchObject({ status: 'pending', heldReason: 'reported by 3 readers (abusive 2, spam 1)' });
    const [entry] = await moderationLog(t.ctx, 1);
    expect(entry).toMatchObject({ actor: 'readers', action: 'hold', targetId: String(comment.id), reason: 'reported by 3 readers (abusive 2, spam 1)' });
    expect((await reload(t, article)).commentCount).toBe(0);
  });

  const holdWithReports = async (commentId: number) => {
    for (let i = 0; i < 3; i++) await reportComment(t.ctx, article.id, commentId, 'off_topic', network());
    expect((await findComment(t.ctx, commentId))!.status).toBe('pending');
  };

  test('once a moderator approves a reported comment, new reports wait for the moderators instead of taking it down', async () => {
    const comment = await publish('A sharp but fair remark.');
    await holdWithReports(comment.id);
    await moderateComment(t.ctx, comment.id, 'approve', 'cli:editor', 'within the rules');
    expect((await findComment(t.ctx, comment.id))!.reviewedAt).toEqual(t.ctx.clock.now());
    expect((await listReportedComments(t.ctx)).map((c) => c.id)).not.toContain(comment.id);
    for (let i = 0; i < 4; i++) expect(await reportComment(t.ctx, article.id, comment.id, i === 0 ? 'abusive' : 'other', network())).toEqual({ held: false });
    expect((await findComment(t.ctx, comment.id))!.status).toBe('approved');
    const listed = (await listReportedComments(t.ctx)).find((c) => c.id === comment.id);
    expect(listed).toMatchObject({ status: 'approved', articlePath: `/world/${article.slug}`, reports: new Map([['abusive', 1], ['other', 3]]) });
  });

  test('an edit by its author takes away the moderator\'s approval: reports can send the new text back', async () => {
    const poster = { token: null, clientAddress: `198.51.100.${++n}` };
    const { comment, newToken } = await postComment(t.ctx, article, { authorName: 'Editor-to-be', body: 'Fine at first.' }, poster);
    await holdWithReports(comment.id);
    await moderateComment(t.ctx, comment.id, 'approve', 'cli:editor');
    const edited = await editComment(t.ctx, article, comment.id, { authorName: 'Editor-to-be', body: 'Something else now.' }, { ...poster, token: newToken });
    expect(edited.reviewedAt).toBeNull();
    await holdWithReports(comment.id);
  });

  test('a moderator dismisses the reports on a comment they let stand; the log says so, and it is no longer listed', async () => {
    const comment = await publish('Blunt, but within the rules.');
    const other = await publish('Reported once.');
    await reportComment(t.ctx, article.id, other.id, 'spam', network());
    for (const reason of ['abusive', 'spam'] as const) await reportComment(t.ctx, article.id, comment.id, reason, network());
    const before = await listReportedComments(t.ctx);
    // The most reported first.
    expect(before.findIndex((c) => c.id === comment.id)).toBeLessThan(before.findIndex((c) => c.id === other.id));
    const dismissed = await dismissReports(t.ctx, comment.id, 'cli:editor', 'robust, not abusive');
    expect(dismissed).toMatchObject({ status: 'approved', reviewedAt: t.ctx.clock.now() });
    expect((await listReportedComments(t.ctx)).map((c) => c.id)).not.toContain(comment.id);
    const [entry] = await moderationLog(t.ctx, 1);
    expect(entry).toMatchObject({ actor: 'cli:editor', action: 'dismiss_reports', targetId: String(comment.id), reason: 'robust, not abusive' });
    // Nothing left to dismiss; three new reports no longer take it down.
    await expect(dismissReports(t.ctx, comment.id, 'cli:editor')).rejects.toMatchObject({ code: 'invalid', status: 409, message: `Comment #${comment.id} has no readers' reports to dismiss.` });
    for (let i = 0; i < 3; i++) expect(await reportComment(t.ctx, article.id, comment.id, 'abusive', network())).toEqual({ held: false });
    expect((await findComment(t.ctx, comment.id))!.status).toBe('approved');
  });

  test('only a published comment\'s reports can be dismissed', async () => {
    const comment = await publish('Soon held.');
    await holdWithReports(comment.id);
    await expect(dismissReports(t.ctx, comment.id, 'cli:editor')).rejects.toMatchObject({ code: 'invalid', status: 409 });
    await expect(dismissReports(t.ctx, 999_999, 'cli:editor')).rejects.toMatchObject({ code: 'not_found' });
    expect((await listReportedComments(t.ctx)).map((c) => c.id)).not.toContain(comment.id);
  });

  test('only published comments of the article can be reported, and reports are rate-limited', async () => {
    const comment = await publish('Fine words.');
    const other = await makeArticle(t.ctx, { title: 'Another debate' });
    await expect(reportComment(t.ctx, other.id, comment.id, 'spam', network())).rejects.toMatchObject({ code: 'not_found', status: 404 });
    await expect(reportComment(t.ctx, article.id, 999_999, 'spam', network())).rejects.toMatchObject({ code: 'not_found' });
    await moderateComment(t.ctx, comment.id, 'reject', 'cli:editor');
    await expect(reportComment(t.ctx, article.id, comment.id, 'spam', network())).rejects.toMatchObject({ code: 'not_found' });
    const eager = network();
    const targets = await Promise.all([1, 2, 3, 4].map((i) => publish(`Comment ${i} to report.`)));
    for (const target of targets.slice(0, 3)) await reportComment(t.ctx, article.id, target.id, 'spam', eager);
    await expect(reportComment(t.ctx, article.id, targets[3]!.id, 'spam', eager)).rejects.toMatchObject({ code: 'rate_limited', status: 429 });
  });

  test('reports from a banned network are taken without a word and not counted', async () => {
    const comment = await publish('An honest comment a banned troll dislikes.');
    const troll = network();
    await banCommenter(t.ctx, { clientHash: clientHash(t.ctx, troll.clientAddress) }, 'cli:editor', 'trolling');
    expect(await reportComment(t.ctx, article.id, comment.id, 'abusive', troll)).toEqual({ held: false });
    const rows = await t.ctx.db.selectFrom('comment_reports').select('id').where('comment_id', '=', comment.id).execute();
    expect(rows).toHaveLength(0);
  });

  test('with COMMENT_REPORTS_TO_HOLD=0, reports are kept but never take a comment down', async () => {
    const never = await createTestContext(dialect, { config: { comments: { moderation: 'none', reportsToHold: 0 } } });
    try {
      await seedNewsroom(never.ctx);
      const a = await makeArticle(never.ctx);
      const { comment } = await postComment(never.ctx, a, { authorName: 'P', body: 'Stays up.' }, { token: null, clientAddress: '198.51.100.200' });
      for (let i = 0; i < 5; i++) expect(await reportComment(never.ctx, a.id, comment.id, 'spam', network())).toEqual({ held: false });
      expect((await findComment(never.ctx, comment.id))!.status).toBe('approved');
      const kept = await never.ctx.db.selectFrom('comment_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(kept.n)).toBe(5);
    } finally {
      await never.cleanup();
    }
  });
});

describe.each(dialects)('moderation settings on %s', (dialect) => {
  test('by default a first comment waits until one of the commenter\'s comments is approved; then they publish at once', async () => {
    const t = await createTestContext(dialect);
    try {
      await seedNewsroom(t.ctx);
      const article = await makeArticle(t.ctx);
      const who = { token: null, clientAddress: '192.0.2.1' };
      const first = await postComment(t.ctx, article, { authorName: 'New', body: 'My first comment' }, who);
      expect(first.comment).toMatchObject({ status: 'pending', heldReason: 'first comment' });
      const me = { ...who, token: first.newToken };
      const mine = await listThread(t.ctx, article, { order: 'oldest', page: 1, viewerToken: first.newToken });
      expect(mine.comments.map((c) => c.id)).toEqual([first.comment.id]);
      const others = await listThread(t.ctx, article, { order: 'oldest', page: 1, viewerToken: null });
      expect(others.comments).toEqual([]);
      expect((await postComment(t.ctx, article, { authorName: 'New', body: 'Second, still waiting' }, me)).comment.status).toBe('pending');
      await moderateComment(t.ctx, first.comment.id, 'approve', 'cli:mod');
      expect((await postComment(t.ctx, article, { authorName: 'New', body: 'Third, straight through' }, me)).comment.status).toBe('approved');
    } finally {
      await t.cleanup();
    }
  });

  test('with every comment held, even a known commenter waits; closed articles refuse comments', async () => {
    const t = await createTestContext(dialect, { config: { comments: { moderation: 'all', closeAfterDays: 3 } } });
    try {
      await seedNewsroom(t.ctx);
      const fresh = await makeArticle(t.ctx);
      expect((await postComment(t.ctx, fresh, { authorName: 'K', body: 'Held' }, { token: null, clientAddress: '192.0.2.9' })).comment.status).toBe('pending');
      const old = await makeArticle(t.ctx, { publishedAt: new Date('2026-11-20T00:00:00Z') });
      await expect(postComment(t.ctx, old, { authorName: 'K', body: 'Late' }, { token: null, clientAddress: '192.0.2.9' })).rejects.toMatchObject({ code: 'comments_closed', status: 403 });
      const off = await makeArticle(t.ctx, { commentsEnabled: false });
      await expect(postComment(t.ctx, off, { authorName: 'K', body: 'Off' }, { token: null, clientAddress: '192.0.2.9' })).rejects.toMatchObject({ code: 'comments_closed' });
    } finally {
      await t.cleanup();
    }
  });
});

describe.each(dialects)('the moderators\' list on %s', (dialect) => {
  test('lists comments newest first, by status, and for one article when asked, with each comment\'s article address', async () => {
    const t = await createTestContext(dialect, { config: { comments: { moderation: 'all' } } });
    try {
      await seedNewsroom(t.ctx);
      const busy = await makeArticle(t.ctx, { title: 'Busy debate' });
      const quiet = await makeArticle(t.ctx, { title: 'Quiet debate', sections: ['defense'] });
      const who = { token: null, clientAddress: '198.51.100.30' };
      const first = (await postComment(t.ctx, busy, { authorName: 'A', body: 'First on the busy one.' }, who)).comment;
      const elsewhere = (await postComment(t.ctx, quiet, { authorName: 'B', body: 'On the quiet one.' }, who)).comment;
      const second = (await postComment(t.ctx, busy, { authorName: 'C', body: 'Second on the busy one.' }, who)).comment;
      await moderateComment(t.ctx, first.id, 'approve', 'cli:editor');
      expect((await listCommentsForModeration(t.ctx, 'pending')).map((c) => c.id)).toEqual([second.id, elsewhere.id]);
      expect((await listCommentsForModeration(t.ctx, 'all', 50, busy.slug)).map((c) => [c.id, c.articlePath])).toEqual([
        [second.id, `/world/${busy.slug}`],
        [first.id, `/world/${busy.slug}`],
      ]);
      expect((await listCommentsForModeration(t.ctx, 'pending', 50, quiet.slug)).map((c) => [c.id, c.articlePath])).toEqual([[elsewhere.id, `/defense/${quiet.slug}`]]);
      expect(await listCommentsForModeration(t.ctx, 'all', 50, 'no-such-article')).toEqual([]);
    } finally {
      await t.cleanup();
    }
  });
});
