import { describe, expect, test } from 'vitest';
import { RouteMethods } from './route-methods.js';

describe('RouteMethods', () => {
  const routes = new RouteMethods();
  routes.add('/', ['GET', 'HEAD']);
  routes.add('/:section/:slug', ['GET', 'HEAD']);
  routes.add('/:section/:slug/comments', 'POST');
  routes.add('/:section/:slug/comments', ['GET', 'HEAD']);
  routes.add('/api/v1/articles/:slug/comments', ['GET', 'HEAD']);
  routes.add('/api/v1/articles/:slug/comments', 'POST');
  routes.add('/sitemaps/articles-:n.xml', ['GET', 'HEAD']);
  routes.add('/static/*', ['GET', 'HEAD']);

  test.each([
    ['/', ['GET', 'HEAD']],
    ['/world/ferries', ['GET', 'HEAD']],
    ['/world/ferries/', ['GET', 'HEAD']],
    ['/world/ferries/comments', ['GET', 'HEAD', 'POST']],
    ['/world/ferries/comments?x=1', ['GET', 'HEAD', 'POST']],
    ['/api/v1/articles/some-slug/comments', ['GET', 'HEAD', 'POST']],
    ['/sitemaps/articles-3.xml', ['GET', 'HEAD']],
    ['/static/css/site.css', ['GET', 'HEAD']],
  ])('%s answers %j', (path, methods) => {
    expect(routes.allowedAt(path)).toEqual(methods);
  });

  test.each(['/world/ferries/comments/12', '/static', '/api/v1/articles/x/comments/1', '/a/b/c/d'])('%s matches no route', (path) => {
    expect(routes.allowedAt(path)).toEqual([]);
  });

  test('a pattern\'s literal parts are matched as written, not as expressions', () => {
    const dotted = new RouteMethods();
    dotted.add('/feed.xml', 'GET');
    expect(dotted.allowedAt('/feed.xml')).toEqual(['GET']);
    expect(dotted.allowedAt('/feedXxml')).toEqual([]);
  });
});
