// Section pages: /{section}, paginated.
import type { FastifyInstance } from 'fastify';
import { notFound } from '../../http/errors.js';
import type { PageDeps } from '../../http/page.js';
import { sendArchive } from '../articles/articles.routes.js';
import { getSectionBySlug } from './sections.service.js';

export async function sectionRoutes(app: FastifyInstance, deps: PageDeps): Promise<void> {
  const { ctx } = deps;
  app.get<{ Params: { section: string }; Querystring: { page?: string } }>('/:section', { config: { pageCache: true } }, async (request, reply) => {
    const section = await getSectionBySlug(ctx, request.params.section);
    if (!section) throw notFound('section');
    return sendArchive(deps, reply, request.query.page, `/${section.slug}`, { sectionId: section.id }, {
      kind: 'Section',
      heading: section.name,
      title: `${section.name} | ${ctx.config.siteName}`,
      description: section.description || `The latest ${section.name} news from ${ctx.config.siteName}.`,
      breadcrumbs: [{ name: 'Home', href: '/' }, { name: section.name, href: `/${section.slug}` }],
      current: section.slug,
      feed: { rss: `/${section.slug}/feed.xml`, atom: `/${section.slug}/atom.xml` },
      showSection: false,
    });
  });
}
