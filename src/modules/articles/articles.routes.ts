// Public article pages: /{section}/{slug}, plus the tag and author archives.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from '../../http/errors.js';
import { orNotFound } from '../../http/page-server.js';
import { parsePageNumber, renderPage, type PageDeps } from '../../http/page.js';
import { sendHtml, type RenderedPage } from '../../http/views.js';
import { getAuthorBySlug } from '../authors/authors.service.js';
import { deskState, findArticleForPreview, findLiveArticle, getTagBySlug, listLiveArticles, type ArticleSummary, type ListOptions } from './articles.service.js';
import { ANONYMOUS_REQUEST, renderArticlePage, sendArticlePage, type ArticlePageQuery } from './article-page.js';
import { getSectionBySlug } from '../sections/sections.service.js';
import { toCardView } from './articles.view.js';

export async function articleRoutes(app: FastifyInstance, deps: PageDeps): Promise<void> {
  const { ctx } = deps;

  app.get<{ Params: { section: string; slug: string }; Querystring: ArticlePageQuery }>('/:section/:slug', { config: { pageCache: true } }, async (request, reply) => {
    const { section, slug } = request.params;
    const found = await findLiveArticle(ctx, slug);
    if (found.kind === 'moved') return reply.redirect(`/${found.sectionSlug}/${found.slug}`, 301);
    const { article, related } = found;
    if (article.primarySection.slug !== section) return reply.redirect(`/${article.primarySection.slug}/${article.slug}`, 301);
    return sendArticlePage(deps, request, reply, article, related);
  });

  // A preview link: the article as readers will see it, whatever its state, for whoever has the link;
  // never kept by a shared cache and never indexed.
  app.get<{ Params: { token: string } }>('/preview/:token', async (request, reply) => {
    const { article, related } = await findArticleForPreview(ctx, request.params.token);
    const state = deskState(article, ctx.clock.now());
    const note =
      state === 'draft' ? 'Preview of a draft: readers cannot see this article until it is published.'
      : state === 'scheduled' ? `Preview: this article appears to readers on ${ctx.dates.dateTime(article.publishedAt!)}.`
      : 'Preview link of a published article: readers see it at its own address.';
    const page = await renderArticlePage(deps, ANONYMOUS_REQUEST, article, related, { preview: note });
    void reply.header('x-robots-tag', 'noindex');
    return sendHtml(reply, page.html, page.options);
  });

  // A stranger's request for an article goes straight to the page server, with the same rendering.
  deps.pages?.add((segments, page) => {
    if (segments.length !== 2 || page !== undefined) return null;
    const [section, slug] = segments as [string, string];
    return (async () => {
      if (!(await getSectionBySlug(ctx, section))) return null;
      const found = await orNotFound(findLiveArticle(ctx, slug));
      if (!found || found.kind !== 'found' || found.article.primarySection.slug !== section) return null;
      return renderArticlePage(deps, ANONYMOUS_REQUEST, found.article, found.related);
    })();
  });

  app.get<{ Params: { tag: string }; Querystring: { page?: string } }>('/tag/:tag', { config: { pageCache: true } }, async (request, reply) => {
    const tag = await getTagBySlug(ctx, request.params.tag);
    if (!tag) throw notFound('tag');
    return sendArchive(deps, reply, request.query.page, `/tag/${tag.slug}`, { tagId: tag.id }, {
      kind: 'Tag',
      heading: tag.name,
      title: `${tag.name} | ${ctx.config.siteName}`,
      description: `Articles tagged “${tag.name}”.`,
    });
  });

  app.get<{ Params: { author: string }; Querystring: { page?: string } }>('/author/:author', { config: { pageCache: true } }, async (request, reply) => {
    const author = await getAuthorBySlug(ctx, request.params.author);
    if (!author) throw notFound('author');
    return sendArchive(deps, reply, request.query.page, `/author/${author.slug}`, { authorId: author.id }, {
      kind: 'Author',
      heading: author.name,
      title: `${author.name} | ${ctx.config.siteName}`,
      description: author.bio || `Articles by ${author.name}.`,
    });
  });
}

export interface ArchiveText {
  kind: string;
  heading: string;
  title: string;
  description: string;
  breadcrumbs?: Array<{ name: string; href: string }>;
  current?: string;
  feed?: { rss: string; atom: string };
  showSection?: boolean;
}

export async function sendArchive(
  deps: PageDeps,
  reply: FastifyReply,
  pageParam: string | undefined,
  basePath: string,
  filter: Pick<ListOptions, 'sectionId' | 'tagId' | 'authorId'>,
  text: ArchiveText,
) {
  const page = await renderArchive(deps, pageParam, basePath, filter, text);
  return sendHtml(reply, page.html, page.options);
}

/** A paginated list of articles (section, tag and author pages). Page numbers past the end are 404s. */
export async function renderArchive(
  deps: PageDeps,
  pageParam: string | undefined,
  basePath: string,
  filter: Pick<ListOptions, 'sectionId' | 'tagId' | 'authorId'>,
  text: ArchiveText,
): Promise<RenderedPage> {
  const { ctx } = deps;
  const page = parsePageNumber(pageParam);
  if (page === undefined) throw notFound();
  const size = ctx.config.pageSize;
  const articles: ArticleSummary[] = await listLiveArticles(ctx, { ...filter, limit: size + 1, offset: (page - 1) * size });
  if (page > 1 && articles.length === 0) throw notFound();
  const hasNext = articles.length > size;
  const shown = articles.slice(0, size);
  const pageHref = (n: number) => (n === 1 ? basePath : `${basePath}?page=${n}`);
  const pagination = { page, prev: page > 1 ? pageHref(page - 1) : null, next: hasNext ? pageHref(page + 1) : null };
  const html = await renderPage(
    deps,
    'articles/list',
    {
      current: text.current,
      meta: {
        title: page > 1 ? `${text.title} (page ${page})` : text.title,
        description: text.description,
        path: pageHref(page),
        feeds: text.feed ? [
          { type: 'application/rss+xml', title: `${text.heading} (RSS)`, href: text.feed.rss },
          { type: 'application/atom+xml', title: `${text.heading} (Atom)`, href: text.feed.atom },
        ] : [],
        prev: pagination.prev ?? undefined,
        next: pagination.next ?? undefined,
      },
      data: {
        kind: text.kind,
        heading: text.heading,
        description: text.description,
        breadcrumbs: text.breadcrumbs,
        feed: text.feed,
        showSection: text.showSection ?? true,
        articles: shown.map((a) => toCardView(a, ctx.dates)),
        pagination,
      },
    },
  );
  return { html, options: { lastModified: shown.reduce<Date | undefined>((latest, a) => (!latest || a.updatedAt > latest ? a.updatedAt : latest), undefined) } };
}
