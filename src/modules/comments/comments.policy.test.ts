import { describe, expect, test } from 'vitest';
import type { CommentStatus } from '../../db/schema.js';
import {
  areCommentsOpen, arrivalStatus, canEditComment, commentsCloseAt, displayDepth, duplicateKey, findHeldWord, isValidEmail,
  hasVisibleText, isHeldByReports, isReportReason, isShownTo, nextStatus, normaliseBody, normaliseName, REPORT_REASONS, reportsSummary, toParagraphs,
  type ModerationAction,
} from './comments.policy.js';

const now = new Date('2026-11-26T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);

describe('moderation state changes', () => {
  const statuses: CommentStatus[] = ['pending', 'approved', 'spam', 'rejected', 'deleted'];
  const expected: Record<CommentStatus, Record<ModerationAction, CommentStatus | null>> = {
    pending: { approve: 'approved', reject: 'rejected', spam: 'spam', delete: 'deleted' },
    approved: { approve: null, reject: 'rejected', spam: 'spam', delete: 'deleted' },
    spam: { approve: 'approved', reject: 'rejected', spam: null, delete: 'deleted' },
    rejected: { approve: 'approved', reject: null, spam: 'spam', delete: 'deleted' },
    // A deleted comment can only be brought back by approving it.
    deleted: { approve: 'approved', reject: null, spam: null, delete: null },
  };
  for (const from of statuses) {
    for (const action of ['approve', 'reject', 'spam', 'delete'] as const) {
      test(`${action} on a ${from} comment → ${expected[from][action] ?? 'refused'}`, () => {
        expect(nextStatus(from, action)).toBe(expected[from][action]);
      });
    }
  }
});

describe('where a new comment starts', () => {
  test.each([
    ['none', false, null, 'approved', null],
    ['first', false, null, 'pending', 'first comment'],
    ['first', true, null, 'approved', null],
    ['all', true, null, 'pending', 'every comment is reviewed'],
    ['none', true, 'casino', 'pending', 'contains "casino"'],
  ] as const)('mode %s, known commenter %s, held word %s → %s', (mode, hasApprovedComment, heldWord, status, heldReason) => {
    expect(arrivalStatus({ mode, hasApprovedComment, heldWord })).toEqual({ status, heldReason });
  });
});

describe('open and closed comments', () => {
  test('comments close a set number of days after publication, or never', () => {
    const article = { commentsEnabled: true, publishedAt: daysAgo(10) };
    expect(areCommentsOpen(article, now, { closeAfterDays: 30 })).toBe(true);
    expect(areCommentsOpen(article, now, { closeAfterDays: 10 })).toBe(false);
    expect(areCommentsOpen(article, now, { closeAfterDays: 0 })).toBe(true);
    expect(commentsCloseAt(article, { closeAfterDays: 30 })).toEqual(new Date(daysAgo(10).getTime() + 30 * 86_400_000));
    expect(commentsCloseAt(article, { closeAfterDays: 0 })).toBeNull();
  });

  test('comments turned off, or an unpublished article, are closed', () => {
    expect(areCommentsOpen({ commentsEnabled: false, publishedAt: daysAgo(1) }, now, { closeAfterDays: 0 })).toBe(false);
    expect(areCommentsOpen({ commentsEnabled: true, publishedAt: null }, now, { closeAfterDays: 0 })).toBe(false);
  });
});

describe('editing one\'s own comment', () => {
  const comment = { commenterKey: 'k1', status: 'approved' as CommentStatus, createdAt: new Date(now.getTime() - 10 * 60_000) };
  test.each([
    ['its author within the window', 'k1', comment, 15, true],
    ['its author after the window', 'k1', comment, 5, false],
    ['someone else', 'k2', comment, 15, false],
    ['a reader without a cookie', null, comment, 15, false],
    ['its author, once it was rejected', 'k1', { ...comment, status: 'rejected' as CommentStatus }, 15, false],
    ['its author, while it waits for moderation', 'k1', { ...comment, status: 'pending' as CommentStatus }, 15, true],
  ])('%s: %s', (_who, key, c, minutes, allowed) => {
    expect(canEditComment(c, key, now, { editWindowMinutes: minutes })).toBe(allowed);
  });
});

describe('text rules', () => {
  test.each([
    ['Visit the CASINO tonight', ['casino'], 'casino'],
    ['Occasional casinos', ['casino'], null],
    ['A miracle cure for all', ['miracle cure'], 'miracle cure'],
    ['Nothing here', [], null],
    ['Казино поруч', ['казино'], 'казино'],
    // Written to slip past the list: look-alike letters, invisible characters, full-width letters.
    ['Best c\u0430sin\u043e bonus', ['casino'], 'casino'],
    ['Best ca\u200bsino bonus', ['casino'], 'casino'],
    ['Best \uff43\uff41\uff53\uff49\uff4e\uff4f bonus', ['casino'], 'casino'],
    ['Best ᴄᴀꜱɪɴᴏ bonus', ['casino'], 'casino'],
    ['Best c̶a̶s̶i̶n̶o̶ bonus', ['casino'], 'casino'],
    ['Best ᑕᗩSIᑎO bonus', ['casino'], 'casino'],
    ['a miracle\u00a0cure', ['miracle cure'], 'miracle cure'],
    // Letters spread out with spaces, dots, hyphens or stars.
    ['Best c a s i n o bonus', ['casino'], 'casino'],
    ['Best C.A.S.I.N.O. bonus', ['casino'], 'casino'],
    ['Best c-a-s-i-n-o bonus', ['casino'], 'casino'],
    ['Best c*a*s*i*n*o bonus', ['casino'], 'casino'],
    ['Best c a s i n o s bonus', ['casino'], null],
    ['I saw a c a t', ['casino'], null],
    ['The U.S.A. and the U K', ['usa'], 'usa'],
    // Still whole words, and honest Cyrillic stays Cyrillic.
    ['Occasional ca\u200bsinos', ['casino'], null],
    ['Сьогодні тихо', ['casino'], null],
  ])('held words in %j', (text, words, found) => {
    expect(findHeldWord(text, words)).toBe(found);
  });

  test.each([
    ['  Olena   Kravets ', 'Olena Kravets'],
    ['Ana\nBob', 'Ana Bob'],
    ['\u200bOlena\u200b', 'Olena'],
    ['\u202enimdA', 'nimdA'],
    ['\u2066Sara\u2069 \ufeff', 'Sara'],
    ['\u200b\u200b', ''],
    ['می\u200cخواهم', 'می\u200cخواهم'],
    ['👩\u200d💻 Dev', '👩\u200d💻 Dev'],
  ])('the name %j is kept as %j: no invisible characters or direction overrides', (name, kept) => {
    expect(normaliseName(name)).toBe(kept);
  });

  test.each([
    ['A comment.', true],
    ['\u200b\u200b \n \u2060', false],
    ['\u200d', false],
    ['👍', true],
  ])('%j has something to read: %s', (body, visible) => {
    expect(hasVisibleText(body)).toBe(visible);
  });

  test('bodies are stored with unified line endings, without control characters, trimmed', () => {
    expect(normaliseBody('  One\r\ntwo\u0007\r\n\r\n\r\n\r\nthree  ')).toBe('One\ntwo\n\nthree');
  });

  test('bodies are stored without direction overrides and embeddings, so what is shown is what was checked', () => {
    // Shown with the override, "moc.elpmaxe" reads "example.com"; the link rule sees it the other way round.
    expect(normaliseBody('See \u202emoc.elpmaxe\u202c now')).toBe('See moc.elpmaxe now');
    expect(normaliseBody('\u202bשלום\u202c and \u202dabc\u202c')).toBe('שלום and abc');
    // Isolates and marks cannot reverse letters, and right-to-left writers use them.
    expect(normaliseBody('\u2067שלום\u2069 \u200f!')).toBe('\u2067שלום\u2069 \u200f!');
  });

  test('case, spacing and end punctuation do not make a comment new', () => {
    expect(duplicateKey('Well said!')).toBe(duplicateKey('  well   SAID '));
    expect(duplicateKey('Well said')).not.toBe(duplicateKey('Well put'));
  });

  test('paragraphs and line breaks are kept', () => {
    expect(toParagraphs('a\nb\n\nc')).toEqual([['a', 'b'], ['c']]);
    expect(toParagraphs('one line')).toEqual([['one line']]);
    expect(toParagraphs('a\n\n\n\nb')).toEqual([['a'], ['b']]);
  });

  test.each([
    ['anna@example.org', true],
    ['anna.k+news@mail.example.co.uk', true],
    ['anna@localhost', false],
    ['anna example.org', false],
    ['@example.org', false],
    ['anna@', false],
    ['a'.repeat(250) + '@example.org', false],
    ['an\u0000na@example.org', false],
    ['an\u0007na@example.org', false],
    ['anna\u007f@example.org', false],
  ])('%j is an e-mail address: %s', (email, ok) => {
    expect(isValidEmail(email)).toBe(ok);
  });

  test('replies deeper than the third level are shown at the third', () => {
    expect([0, 1, 2, 3, 7].map(displayDepth)).toEqual([0, 1, 2, 2, 2]);
  });
});

describe('who sees a comment', () => {
  test.each([
    ['approved', null, true],
    ['approved', 'someone-else', true],
    ['pending', 'mine', true],
    ['pending', 'someone-else', false],
    ['pending', null, false],
    ['spam', 'mine', false],
    ['rejected', 'mine', false],
    ['deleted', 'mine', false],
  ] as const)('a %s comment, viewer %s: shown %s', (status, viewer, shown) => {
    expect(isShownTo({ status, commenterKey: 'mine' }, viewer)).toBe(shown);
  });
});

describe('reports from readers', () => {
  test.each([
    ['approved', false, 3, 3, true, true],
    ['approved', false, 4, 3, true, true],
    ['approved', false, 2, 3, true, false],
    ['approved', false, 3, 3, false, false],
    ['pending', false, 3, 3, true, false],
    ['approved', false, 9, 0, true, false],
    ['approved', true, 3, 3, true, false],
    ['approved', true, 50, 3, true, false],
  ] as const)('a %s comment (approved by a moderator: %s) with %i reports, threshold %i, new report %s: held %s', (status, reviewed, reports, threshold, added, held) => {
    expect(isHeldByReports({ status, reviewedAt: reviewed ? now : null }, reports, threshold, added)).toBe(held);
  });

  test('the reason a comment went back names the readers and their reasons', () => {
    expect(reportsSummary(new Map([['spam', 1], ['abusive', 2]]))).toBe('reported by 3 readers (abusive 2, spam 1)');
    expect(reportsSummary(new Map([['off_topic', 1]]))).toBe('reported by 1 reader (off topic 1)');
  });

  test('only the offered reasons are reasons', () => {
    expect(REPORT_REASONS.map((r) => r.value)).toEqual(['abusive', 'spam', 'off_topic', 'other']);
    expect(isReportReason('spam')).toBe(true);
    expect(isReportReason('because')).toBe(false);
    expect(isReportReason(undefined)).toBe(false);
  });
});
