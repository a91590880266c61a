// Section pages: /{section}, paginated.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../http/errors.js';
import { orNotFound } from '../../http/page-server.js';
import type { PageDeps } from '../../http/page.js';
import { sendHtml } from '../../http/views.js';
import { renderArchive } from '../articles/articles.routes.js';
import { getSectionBySlug, type Section } from './sections.service.js';

export async function sectionRoutes(app: FastifyInstance, deps: PageDeps): Promise<void> {
  const { ctx } = deps;
  const render = (section: Section, pageParam: string | undefined) =>
    renderArchive(deps, pageParam, `/${section.slug}`, { sectionId: section.id }, {
      kind: 'Section',
      heading: section.name,
      title: `${section.name} | ${ctx.config.siteName}`,
      description: section.description || `The latest ${section.name} news from ${ctx.config.siteName}.`,
      breadcrumbs: [{ name: 'Home', href: '/' }, { name: section.name, href: `/${section.slug}` }],
      current: section.slug,
      feed: { rss: `/${section.slug}/feed.xml`, atom: `/${section.slug}/atom.xml` },
      showSection: false,
    });

  app.get<{ Params: { section: string }; Querystring: { page?: string } }>('/:section', { config: { pageCache: true } }, async (request, reply) => {
    const section = await getSectionBySlug(ctx, request.params.section);
    if (!section) throw notFound('section');
    const page = await render(section, request.query.page);
    return sendHtml(reply, page.html, page.options);
  });

  // A stranger's request for a section page goes straight to the page server. A page past the last is
  // the framework's to answer, with its 404 page.
  deps.pages?.add((segments, page) => {
    if (segments.length !== 1) return null;
    return (async () => {
      const section = await getSectionBySlug(ctx, segments[0]!);
      if (!section) return null;
      return orNotFound(render(section, page === undefined ? undefined : String(page)));
    })();
  });
}
