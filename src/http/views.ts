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
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Eta resolves a template's file path on every render and include (JSON and path operations that cost
 * more than a small partial takes to run). The answer never changes for a given template and caller,
 * so it is worked out once.
 */
class ViewsEta extends Eta {
  private readonly resolved = new Map<string, string>();

  constructor(config: ConstructorParameters<typeof Eta>[0]) {
    super(config);
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
}

export function sendHtml(reply: FastifyReply, html: string, options: SendPageOptions = {}): FastifyReply {
  // Browsers ask again every time (a 304 from the page cache is cheap), so a new comment shows at once.
  const maxAge = options.maxAge ?? 30;
  void reply
    .status(options.status ?? 200)
    .header('content-type', 'text/html; charset=utf-8')
    .header(
      'cache-control',
      options.status && options.status >= 400 ? 'no-store' : options.private ? 'private, no-cache' : `public, max-age=0, must-revalidate, s-maxage=${maxAge}`,
    );
  if (options.lastModified) void reply.header('last-modified', options.lastModified.toUTCString());
  return reply.send(html);
}
