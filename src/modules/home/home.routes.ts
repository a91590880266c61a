// The front page: the lead story, the next top stories, then the latest from each section.
import type { FastifyInstance } from 'fastify';
import { renderPage, type PageDeps } from '../../http/page.js';
import { jsonForScript, sendHtml, type RenderedPage } from '../../http/views.js';
import { mostRecent } from '../../shared/clock.js';
import { getSummariesByIds, lastChangeOf, listNewestIdsBySection, newestAcross, type ArticleSummary } from '../articles/articles.service.js';
import { toCardView } from '../articles/articles.view.js';
import { getSections } from '../sections/sections.service.js';

const TOP_STORIES = 4;
const PER_SECTION = 4;

export async function homeRoutes(app: FastifyInstance, deps: PageDeps): Promise<void> {
  app.get('/', { config: { pageCache: true } }, async (_request, reply) => {
    const page = await renderHome(deps);
    return sendHtml(reply, page.html, page.options);
  });
  // A stranger's request for the front page goes straight to the page server.
  deps.pages?.add((segments, page) => (segments.length === 0 && page === undefined ? renderHome(deps) : null));
}

/** The front page: the lead story, the next top stories, then the latest from each section. */
async function renderHome(deps: PageDeps): Promise<RenderedPage> {
  const { ctx } = deps;
  const [sections, candidates] = await Promise.all([
    getSections(ctx),
    // Enough per section that each block fills even when its newest are shown further up.
    listNewestIdsBySection(ctx, PER_SECTION * 2 + TOP_STORIES + 1),
  ]);
  // The newest articles overall are each among the newest of their own primary section, so the lead
  // and top stories come from the same lists.
  const latestIds = newestAcross(candidates.values(), 1 + TOP_STORIES);
  // Each article appears once on the front page: in the first section block that has room for it.
  const onFront = new Set(latestIds);
  const picked = sections.map((section) => {
    const ids = (candidates.get(section.id) ?? []).map((entry) => entry.id).filter((id) => !onFront.has(id)).slice(0, PER_SECTION);
    for (const id of ids) onFront.add(id);
    return ids;
  });
  // Only the articles shown are read in full, in one query.
  const summaries = await getSummariesByIds(ctx, [...latestIds, ...picked.flat()]);
  const shown = (ids: string[]) => ids.map((id) => summaries.get(id)).filter((a): a is ArticleSummary => a !== undefined);
  const latest = shown(latestIds);
  const blocks = sections.map((section, i) => ({ section, articles: shown(picked[i]!) }));
  const all: ArticleSummary[] = [...latest, ...blocks.flatMap((b) => b.articles)];
  // Cards show comment counts, which change without touching the articles (see ContentEvents.changedAt).
  const lastModified = mostRecent([ctx.events.changedAt, ...all.map(lastChangeOf)]);
  const { siteName, siteDescription, siteUrl } = ctx.config;
  const html = await renderPage(
    deps,
    'home/index',
    {
      current: '',
      meta: {
        title: `${siteName}: ${siteDescription}`,
        description: siteDescription,
        path: '/',
        jsonLd: [jsonForScript({ '@context': 'https://schema.org', '@type': 'WebSite', name: siteName, url: siteUrl, description: siteDescription })],
      },
      data: {
        lead: latest[0] ? toCardView(latest[0], ctx.dates) : null,
        topStories: latest.slice(1).map((a) => toCardView(a, ctx.dates)),
        sectionBlocks: blocks.filter((b) => b.articles.length > 0).map((b) => ({ section: b.section, articles: b.articles.map((a) => toCardView(a, ctx.dates)) })),
      },
    },
  );
  return { html, options: { lastModified } };
}
