// Renders a full public page: the layout's site, navigation and metadata around a template's own data.
import type { FastifyReply } from 'fastify';
import type { Ctx } from '../context.js';
import type { PageServer } from './page-server.js';
import { getSections } from '../modules/sections/sections.service.js';
import type { Section } from '../modules/sections/sections.store.js';
import { sendHtml, type PageMeta, type SendPageOptions, type Views } from './views.js';

export interface PageDeps {
  ctx: Ctx;
  views: Views;
  /** Public pages answered before the framework (see page-server.ts); routes add their pages here. */
  pages?: PageServer;
}

export interface PageRequest {
  meta: Omit<PageMeta, 'canonical'> & { path: string };
  /** Slug of the section to highlight in the navigation; '' for the home page. */
  current?: string;
  /** The sections for the navigation, when they must not be read from the database (an error page). */
  sections?: Section[];
  data: object;
}

export async function renderPage(deps: PageDeps, template: string, page: PageRequest): Promise<string> {
  const { ctx, views } = deps;
  const now = ctx.clock.now();
  const { path, ...meta } = page.meta;
  return views.render(template, {
    site: views.site(now),
    meta: { ...meta, canonical: `${ctx.config.siteUrl}${path}` },
    nav: { sections: page.sections ?? (await getSections(ctx)), current: page.current ?? null },
    ...page.data,
  });
}

export async function sendPage(deps: PageDeps, reply: FastifyReply, template: string, page: PageRequest, options?: SendPageOptions): Promise<FastifyReply> {
  return sendHtml(reply, await renderPage(deps, template, page), options);
}

/** Reads ?page=N: a whole number from 1, or undefined when the value is not one (the route answers 404). */
export function parsePageNumber(value: unknown): number | undefined {
  if (value === undefined || value === '') return 1;
  if (typeof value !== 'string' || !/^[1-9]\d{0,5}$/.test(value)) return undefined;
  return Number(value);
}
