// Server-side rendering with Eta. Templates are compiled once and cached; <%= %> escapes.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Eta } from 'eta';
import type { FastifyReply } from 'fastify';
import type { Config } from '../config.js';
import type { Section } from '../modules/sections/sections.service.js';
import { dateFormats, type DateFormats } from '../shared/format.js';
import { PUBLIC_DIR, VIEWS_DIR } from '../shared/paths.js';

export interface SiteView {
  name: string;
  description: string;
  url: string;
  language: string;
  locale: string;
  assetVersion: string;
  year: number;
  today: { iso: string; text: string };
}

export interface PageMeta {
  title: string;
  description: string;
  canonical: string;
  socialTitle?: string;
  ogType?: 'website' | 'article' | 'profile';
  image?: string | null;
  imageAlt?: string | null;
  article?: { publishedTime: string; modifiedTime: string; section: string; tags: string[] };
  feeds?: Array<{ type: string; title: string; href: string }>;
  jsonLd?: string[];
  prev?: string;
  next?: string;
  noindex?: boolean;
}

export interface LayoutView {
  site: SiteView;
  meta: PageMeta;
  nav: { sections: Section[]; current: string };
}

/** JSON for a <script type="application/ld+json"> block: "<" is escaped so the data cannot close the tag. */
const SCRIPT_UNSAFE = /[<\u2028\u2029]/g;
const SCRIPT_ESCAPES: Record<string, string> = { '<': '\\u003c', '\u2028': '\\u2028', '\u2029': '\\u2029' };

export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(SCRIPT_UNSAFE, (c) => SCRIPT_ESCAPES[c]!);
}

/**
 * Eta as the site uses it. Two changes from its defaults, both because a page may include a partial
 * many times (a comment thread includes one per comment):
 * - a partial gets exactly the data it is given. Eta copies the including template's whole data into
 *   every include; here each include() names what its partial needs, so the copy only costs time;
 * - a template's file path is resolved once. Eta works it out again (JSON and path operations) on every
 *   render and include, and the answer never changes for a given template and caller.
 */
export class ViewsEta extends Eta {
  private readonly resolved = new Map<string, string>();

  constructor(config: ConstructorParameters<typeof Eta>[0]) {
    super({ ...config, plugins: [...(config?.plugins ?? []), explicitPartials] });
    const resolve = this.resolvePath!;
    this.resolvePath = (template, options) => {
      const key = `${options?.filepath ?? ''}\u0000${template}`;
      let path = this.resolved.get(key);
      if (path === undefined) {
        path = resolve.call(this, template, options);
        this.resolved.set(key, path);
      }
      return path;
    };
  }
}

/** Rewrites the include() that each compiled template defines so that it passes its data as given. */
const explicitPartials = {
  processFnString(fn: string): string {
    return fn.replaceAll('{...it, ...(__eta_d ?? {})}', '(__eta_d ?? {})');
  },
};

export class Views {
  private readonly eta: Eta;
  readonly assetVersion: string;
  private readonly dates: DateFormats;

  constructor(private readonly config: Config) {
    this.dates = dateFormats(config.siteTimeZone);
    this.eta = new ViewsEta({ views: VIEWS_DIR, cache: true, autoEscape: true, autoTrim: [false, 'nl'] });
    const assets = createHash('sha1');
    for (const file of ['site.css', 'comments.js']) assets.update(readFileSync(join(PUBLIC_DIR, file)));
    this.assetVersion = assets.digest('hex').slice(0, 10);
  }

  site(now: Date): SiteView {
    return {
      name: this.config.siteName,
      description: this.config.siteDescription,
      url: this.config.siteUrl,
      language: this.config.siteLanguage,
      locale: this.config.siteLanguage.replace('-', '_'),
      assetVersion: this.assetVersion,
      year: now.getUTCFullYear(),
      today: { iso: this.dates.isoDay(now), text: this.dates.date(now) },
    };
  }

  render(template: string, data: object): string {
    return this.eta.render(template, data);
  }
}

export interface SendPageOptions {
  status?: number;
  lastModified?: Date;
  /** Seconds shared caches (CDNs) may reuse the page without asking; browsers always revalidate. */
  maxAge?: number;
  /** The page is for this reader only (it shows their own pending comments or remembered name). */
  private?: boolean;
  /** The article page shows this article (see PageCache.clearAfterComment()). */
  article?: PageArticle;
}

/** What the page cache knows of an article page: the article, and the section its related articles come from. */
export interface PageArticle {
  id: string;
  sectionId: string;
}

/** A finished page: its HTML and how it is to be sent. */
export interface RenderedPage {
  html: string;
  options: SendPageOptions;
}

/** The status and headers of a page (the framework and the page server send the same). */
export function pageHeaders(options: SendPageOptions = {}): { status: number; headers: Record<string, string> } {
  const status = options.status ?? 200;
  // Browsers ask again every time (a 304 from the page cache is cheap), so a new comment shows at once.
  const maxAge = options.maxAge ?? 30;
  const headers: Record<string, string> = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': status >= 400 ? 'no-store' : options.private ? 'private, no-cache' : `public, max-age=0, must-revalidate, s-maxage=${maxAge}`,
  };
  if (options.lastModified) headers['last-modified'] = options.lastModified.toUTCString();
  return { status, headers };
}

export function sendHtml(reply: FastifyReply, html: string, options: SendPageOptions = {}): FastifyReply {
  const { status, headers } = pageHeaders(options);
  reply.request.pageArticle = options.article;
  return reply.status(status).headers(headers).send(html);
}
