// Preview links: an editor shares a draft or a scheduled article before it is out. The link carries the
// article's id and when it stops working, signed with the site's secret, so it needs no table and
// cannot be made for another article or stretched; a new secret ends every link at once.
import { signatureOf, signaturesMatch } from '../../shared/signature.js';

/** How long a preview link works unless the editor says otherwise, and at most. */
export const DEFAULT_PREVIEW_HOURS = 48;
export const MAX_PREVIEW_HOURS = 24 * 30;

const ARTICLE_ID = /^[a-z]+_[0-9A-Za-z]{1,40}$/;

function signature(secret: string, articleId: string, expiresS: number): string {
  return signatureOf(secret, `preview:${articleId}:${expiresS}`, 'hex', 32);
}

/** The token of a preview link for an article, working until `expires`. */
export function previewToken(secret: string, articleId: string, expires: Date): string {
  const expiresS = Math.floor(expires.getTime() / 1000);
  return `${articleId}.${expiresS.toString(36)}.${signature(secret, articleId, expiresS)}`;
}

/** The article a preview token opens, or null when it is not one of ours, was altered, or has expired. */
export function readPreviewToken(secret: string, token: string, now: Date): string | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [articleId, expiresText, given] = parts as [string, string, string];
  if (!ARTICLE_ID.test(articleId) || !/^[0-9a-z]{1,10}$/.test(expiresText)) return null;
  const expiresS = parseInt(expiresText, 36);
  if (!signaturesMatch(signature(secret, articleId, expiresS), given)) return null;
  return expiresS * 1000 > now.getTime() ? articleId : null;
}
