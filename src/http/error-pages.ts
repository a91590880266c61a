// The 404 page helps the reader onwards with the latest articles; other errors say only what a reader needs.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { listLiveArticles } from '../modules/articles/articles.service.js';
import { toCardView } from '../modules/articles/articles.view.js';
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

export function errorPageRenderer(deps: PageDeps) {
  return async (request: FastifyRequest, reply: FastifyReply, status: number, message: string): Promise<void> => {
    const heading = HEADINGS[status] ?? (status >= 500 ? 'Something went wrong on our side' : 'That did not work');
    let latest: ReturnType<typeof toCardView>[] = [];
    let html: string;
    try {
      if (status === 404) latest = (await listLiveArticles(deps.ctx, { limit: 6 })).map((a) => toCardView(a, deps.ctx.dates));
      html = await renderPage(deps, 'errors/error', {
        meta: { title: `${heading} | ${deps.ctx.config.siteName}`, description: message, path: request.url.split('?')[0] ?? '/', noindex: true },
        data: { status, heading, message, latest },
      });
    } catch (error) {
      // The database may be what failed: fall back to a page that needs nothing.
      request.log.error({ err: error }, 'error page could not be rendered');
      html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Error</title><h1>${heading}</h1><p><a href="/">Front page</a></p></html>`;
    }
    sendHtml(reply, html, { status });
  };
}
