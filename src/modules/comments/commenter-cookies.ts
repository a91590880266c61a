// The commenter's browser token and remembered name live in cookies named bs_*, which also tells the
// page cache to let these requests through to the application (they see their own pending comments).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';

export const TOKEN_COOKIE = 'bs_commenter';
export const NAME_COOKIE = 'bs_name';
const YEAR_SECONDS = 365 * 86_400;

export interface CommenterCookies {
  token: string | null;
  name: string;
}

export function readCommenter(request: FastifyRequest): CommenterCookies {
  const cookies = request.cookies ?? {};
  const token = cookies[TOKEN_COOKIE];
  return {
    token: token && /^[\w-]{16,64}$/.test(token) ? token : null,
    name: (cookies[NAME_COOKIE] ?? '').slice(0, 80),
  };
}

function options(config: Config) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.siteUrl.startsWith('https:'), maxAge: YEAR_SECONDS };
}

export function saveCommenter(reply: FastifyReply, config: Config, newToken: string | null, remember: { name: string } | null | undefined): void {
  if (newToken) void reply.setCookie(TOKEN_COOKIE, newToken, options(config));
  if (remember === undefined) return;
  if (remember) void reply.setCookie(NAME_COOKIE, remember.name, options(config));
  else void reply.clearCookie(NAME_COOKIE, { path: '/' });
}
