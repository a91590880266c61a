// CSRF protection for forms strangers may post. Comment forms are anonymous and sit in cached pages, so
// a per-session token cannot work; instead every state-changing browser request must come from our own
// origin, as the browser reports it (Sec-Fetch-Site, or Origin on older browsers). Cookies are also
// SameSite=Lax, so a cross-site post never carries a commenter's cookie.
import type { FastifyRequest } from 'fastify';
import { DomainError } from './errors.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const crossSiteRefused = () =>
  new DomainError({ code: 'cross_site', status: 403, message: 'This form can only be sent from this site. Please go back to the page and send it again.' });

export function isCrossSite(request: FastifyRequest, siteUrl: string): boolean {
  if (!UNSAFE.has(request.method)) return false;
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string') return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === '') return false;
  if (origin === 'null') return true;
  const site = new URL(siteUrl).origin;
  const host = request.headers.host;
  return origin !== site && origin !== `${request.protocol}://${host}`;
}

/** A preHandler that refuses cross-site posts. */
export function sameOriginOnly(siteUrl: string) {
  return async (request: FastifyRequest) => {
    if (isCrossSite(request, siteUrl)) throw crossSiteRefused();
  };
}
