// The 404 page helps the reader onwards with the latest articles; other errors say only what a reader needs.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { listLiveArticles } from '../modules/articles/articles.service.js';
import { toCardView, type ArticleCardView } from '../modules/articles/articles.view.js';
import type { Section } from '../modules/sections/sections.store.js';
import { escapeHtml } from '../shared/escape-html.js';
import { renderPage, type PageDeps } from './page.js';
import { sendHtml } from './views.js';

const HEADINGS: Record<number, string> = {
  400: 'That request did not make sense to us',
  403: 'You cannot do that here',
  404: 'Page not found',
  405: 'That is not allowed here',
  413: 'That was too large',
  422: 'Please check what you sent',
  429: 'Slow down a little',
  503: 'We will be back in a moment',
};

/**
 * The text a reader was posting (a comment, an edit) when the server failed, so that the error page can
 * give it back: nothing typed is lost because the database was down or the server had a bug.
 */
function textBeingPosted(request: FastifyRequest): string | undefined {
  if (request.method !== 'POST') return undefined;
  const body = request.body as { body?: unknown } | undefined;
  return body && typeof body.body === 'string' && body.body.trim() !== '' ? body.body : undefined;
}

/** The words of a missing page's last path segment (a mistyped or old article address), as a search to offer. */
export function searchSuggestion(url: string): string {
  const last = (url.split('?')[0] ?? '').split('/').filter(Boolean).at(-1) ?? '';
  return /^[a-z][a-z0-9-]{2,99}$/.test(last) ? last.split('-').filter(Boolean).join(' ') : '';
}

export function errorPageRenderer(deps: PageDeps) {
  return async (request: FastifyRequest, reply: FastifyReply, status: number, message: string): Promise<void> => {
    const heading = HEADINGS[status] ?? (status >= 500 ? 'Something went wrong on our side' : 'That did not work');
    const kept = status >= 500 ? textBeingPosted(request) : undefined;
    const render = (latest: ArticleCardView[], sections?: Section[]) =>
      renderPage(deps, 'errors/error', {
        meta: { title: `${heading} | ${deps.ctx.config.siteName}`, description: message, path: request.url.split('?')[0] ?? '/', noindex: true },
        sections,
        data: { status, heading, message, latest, kept, suggestion: status === 404 ? searchSuggestion(request.url) : '' },
      });
    let html: string;
    try {
      html = await render(status === 404 ? (await listLiveArticles(deps.ctx, { limit: 6 })).map((a) => toCardView(a, deps.ctx.dates)) : []);
    } catch (error) {
      // The database may be what failed: the same page without what it reads there (the navigation's
      // sections, the latest articles), and if even that fails, a page that needs nothing.
      request.log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'error page drawn without the database');
      try {
        html = await render([], []);
      } catch (again) {
        request.log.error({ err: again }, 'error page could not be rendered');
        html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Error</title><h1>${heading}</h1><p>${escapeHtml(message)}</p>${kept === undefined ? '' : `<textarea readonly rows="8">${escapeHtml(kept)}</textarea>`}<p><a href="/">Front page</a></p></html>`;
      }
    }
    sendHtml(reply, html, { status });
  };
}
