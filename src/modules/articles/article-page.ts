// The article page: the article, its comment section and related articles. The GET route sends it, and
// the comment form sends it back with the reader's text and the reasons when a comment is refused.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderPage, type PageDeps } from '../../http/page.js';
import { sendHtml, type RenderedPage } from '../../http/views.js';
import { mostRecent } from '../../shared/clock.js';
import { readCommenter, type CommenterCookies } from '../comments/commenter-cookies.js';
import { buildCommentSection, emptyForm, type FormState } from '../comments/comments.view.js';
import { findComment, pageOfComment } from '../comments/comments.service.js';
import { articlePath, lastChangeOf, listLiveArticles, RELATED_LIMIT, type Article, type ArticleSummary } from './articles.service.js';
import { absoluteUrl, breadcrumbJsonLd, newsArticleJsonLd, toCardView, toPageView } from './articles.view.js';

export interface ArticlePageQuery {
  cpage?: string;
  corder?: string;
  reply?: string;
  deleted?: string;
}

export interface ArticlePageOptions {
  status?: number;
  form?: FormState;
  notice?: string;
  /** The comment this reader has just posted, which gets a word of thanks. */
  postedId?: number;
  /** Shown through a preview link (see preview-token.ts): what readers see of it, said above it; no comments. */
  preview?: string;
}

/** Who is asking: the page's query parameters and the commenter's cookies. */
export interface ArticlePageRequest {
  query: ArticlePageQuery;
  commenter: CommenterCookies;
}

/** What a stranger gets: no query parameters, no cookies. */
export const ANONYMOUS_REQUEST: ArticlePageRequest = { query: {}, commenter: { token: null, name: '' } };

export async function sendArticlePage(
  deps: PageDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  article: Article,
  related: ArticleSummary[],
  options: ArticlePageOptions = {},
): Promise<FastifyReply> {
  const page = await renderArticlePage(deps, { query: (request.query ?? {}) as ArticlePageQuery, commenter: readCommenter(request) }, article, related, options);
  return sendHtml(reply, page.html, page.options);
}

export async function renderArticlePage(
  deps: PageDeps,
  request: ArticlePageRequest,
  article: Article,
  related: ArticleSummary[],
  options: ArticlePageOptions = {},
): Promise<RenderedPage> {
  const { ctx } = deps;
  const view = toPageView(article, ctx.dates);
  const [{ comments, replyTo, page, order }, relatedCards] = await Promise.all([
    options.preview === undefined ? commentSectionOf(deps, request, article, view.path, options) : { comments: null, replyTo: null, page: 1, order: 'oldest' },
    relatedArticles(deps, article, related),
  ]);
  const crumbs = [{ name: 'Home', path: '/' }, ...article.sections.map((s) => ({ name: s.name, path: `/${s.slug}` })), { name: article.title, path: view.path }];
  const html = await renderPage(
    deps,
    'articles/show',
    {
      current: article.primarySection.slug,
      meta: {
        title: `${article.title} | ${ctx.config.siteName}`,
        socialTitle: article.title,
        description: article.standfirst || article.title,
        path: view.path,
        ogType: 'article',
        image: article.imageUrl ? absoluteUrl(ctx.config, article.imageUrl) : null,
        imageAlt: article.imageAlt,
        article: { publishedTime: view.publishedIso, modifiedTime: view.updatedIso, section: article.primarySection.name, tags: article.tags.map((t) => t.name) },
        jsonLd: options.preview === undefined ? [newsArticleJsonLd(article, ctx.config), breadcrumbJsonLd(ctx.config, crumbs)] : [],
        noindex: options.preview !== undefined || page > 1 || order === 'newest' || replyTo !== null,
      },
      data: {
        article: view,
        related: relatedCards,
        comments,
        replyTo,
        preview: options.preview,
        scripts: comments && (comments.open || comments.threads.length > 0) ? ['/static/comments.js'] : [],
      },
    },
  );
  return {
    html,
    options: {
      status: options.status,
      // The comments and related articles change without touching the article (see ContentEvents.changedAt).
      lastModified: options.status || options.preview !== undefined ? undefined : mostRecent([lastChangeOf(article), ctx.events.changedAt]),
      private: request.commenter.token !== null || options.preview !== undefined,
      article: { id: article.id, sectionId: article.primarySection.id },
    },
  };
}

/** The comment section alone, as the article page draws it: what the comment form's script puts in place after a post. */
export async function renderCommentSection(deps: PageDeps, request: ArticlePageRequest, article: Article, options: ArticlePageOptions = {}): Promise<string> {
  const { comments, replyTo } = await commentSectionOf(deps, request, article, articlePath(article), options);
  return deps.views.render('comments/_section', { s: comments, replyTo });
}

/** The comment section's view for this reader, page and order, and the comment being answered. */
async function commentSectionOf(deps: PageDeps, request: ArticlePageRequest, article: Article, path: string, options: ArticlePageOptions) {
  const { ctx } = deps;
  const { query, commenter } = request;
  const order = query.corder === 'newest' ? 'newest' : 'oldest';
  const page = /^[1-9]\d{0,4}$/.test(query.cpage ?? '') ? Number(query.cpage) : 1;

  let form = options.form;
  /** The comment being answered: its author, and where it is (it may be on another page of comments). */
  let replyTo: { name: string; href: string } | null = null;
  const replyId = Number(form?.values.parent_id || query.reply || 0);
  if (replyId > 0) {
    const parent = await findComment(ctx, replyId);
    if (parent && parent.articleId === article.id && parent.status === 'approved') {
      const parentPage = await pageOfComment(ctx, parent, commenter.token);
      const shownHere = order === 'oldest' && parentPage === page;
      replyTo = { name: parent.authorName, href: `${shownHere ? '' : `${path}${parentPage > 1 ? `?cpage=${parentPage}` : ''}`}#comment-${parent.id}` };
      if (!form) {
        form = emptyForm(commenter.name);
        form.values.parent_id = String(replyId);
      }
    }
  }
  const comments = await buildCommentSection(ctx, article, path, {
    order,
    page,
    viewerToken: commenter.token,
    rememberedName: commenter.name,
    form,
    notice: options.notice ?? (query.deleted === '1' ? 'Your comment was deleted.' : undefined),
    postedId: options.postedId,
  });
  return { comments, replyTo, page, order };
}

/** The articles just before this one in its section; the oldest articles of a section show the latest instead. */
async function relatedArticles(deps: PageDeps, article: Article, related: ArticleSummary[]) {
  const { ctx } = deps;
  const more = related.length < RELATED_LIMIT
    ? (await listLiveArticles(ctx, { sectionId: article.primarySection.id, limit: RELATED_LIMIT + 1, excludeId: article.id })).filter((a) => !related.some((r) => r.id === a.id))
    : [];
  return [...related, ...more].slice(0, RELATED_LIMIT).map((a) => toCardView(a, ctx.dates));
}
