// Which methods each route answers. A request whose address some route answers, but not with its
// method (DELETE on an article, GET on the API's comment check), is told so with 405 and the methods
// that would work, rather than hearing that the address does not exist.

interface RoutePattern {
  readonly pattern: RegExp;
  readonly methods: Set<string>;
}

export class RouteMethods {
  private readonly routes = new Map<string, RoutePattern>();

  /** A route as the framework registers it: "/:section/:slug", "/sitemaps/articles-:n.xml", "/static/*". */
  add(url: string, method: string | readonly string[]): void {
    const route = this.routes.get(url) ?? { pattern: patternOf(url), methods: new Set<string>() };
    for (const m of typeof method === 'string' ? [method] : method) route.methods.add(m.toUpperCase());
    this.routes.set(url, route);
  }

  /** The methods some route answers at this address (query and a trailing slash ignored), sorted; [] for none. */
  allowedAt(url: string): string[] {
    const query = url.indexOf('?');
    let path = query >= 0 ? url.slice(0, query) : url;
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    const allowed = new Set<string>();
    for (const route of this.routes.values()) {
      if (route.pattern.test(path)) for (const m of route.methods) allowed.add(m);
    }
    return [...allowed].sort();
  }
}

/** "/:section/feed.xml" → /^\/[^/]+\/feed\.xml$/: a parameter is one non-empty part, "*" the rest. */
function patternOf(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((piece) => (piece === '*' ? '.*' : piece.startsWith(':') ? '[^/]+' : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

/** The `Allow` header for an address some route answers: its methods, and OPTIONS, answered for each such address. */
export function allowHeader(allowed: readonly string[]): string {
  return [...allowed, 'OPTIONS'].join(', ');
}
