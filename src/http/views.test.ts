import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { VIEWS_DIR } from '../shared/paths.js';
import { jsonForScript, ViewsEta } from './views.js';

describe('JSON inside a script element', () => {
  test.each([
    ['a headline that tries to close the script', { headline: 'Port news</script><script>alert(1)</script>' }, '{"headline":"Port news\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"}'],
    ['an HTML comment opener', { text: '<!-- hidden' }, '{"text":"\\u003c!-- hidden"}'],
    ['line and paragraph separators', { text: 'one\u2028two\u2029three' }, '{"text":"one\\u2028two\\u2029three"}'],
    ['ordinary text', { headline: 'Ferries return to Valmora', words: 600 }, '{"headline":"Ferries return to Valmora","words":600}'],
  ])('%s', (_name, value, expected) => {
    const json = jsonForScript(value);
    expect(json).toBe(expected);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('templates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-views-'));
  writeFileSync(join(dir, 'page.eta'), `<% layout('/layout') %><p><%= it.title %></p><%~ include('/card', { name: it.title }) %>`);
  writeFileSync(join(dir, 'card.eta'), `<i><%= it.name %>/<%= it.title ?? 'no title' %></i>`);
  writeFileSync(join(dir, 'layout.eta'), `<main data-site="<%= it.site %>"><%~ it.body %></main>`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const eta = new ViewsEta({ views: dir, cache: true, autoEscape: true });

  test('a partial sees only the data it is given; the layout sees the page data and the body', () => {
    const html = eta.render('/page', { title: 'Tides & <ferries>', site: 'Broadsheet' });
    expect(html).toBe('<main data-site="Broadsheet"><p>Tides &amp; &lt;ferries&gt;</p><i>Tides &amp; &lt;ferries&gt;/no title</i></main>');
    // The same again, with every path now resolved from memory.
    expect(eta.render('/page', { title: 'Again', site: 'Broadsheet' })).toBe('<main data-site="Broadsheet"><p>Again</p><i>Again/no title</i></main>');
  });

  test('a template outside the views directory is refused', () => {
    expect(() => eta.render('/../outside', {})).toThrow(/not in the views directory/);
  });
});

describe('the site templates', () => {
  const root = VIEWS_DIR;
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.eta'));

  // One character outside ASCII anywhere in a page (even a "·" between links) makes V8 encode the
  // whole page to UTF-8 about four times slower; the page's own content may need it, the templates never do.
  test.each(files)('%s writes anything beyond ASCII as an entity', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    const beyond = [...text].filter((ch) => ch.charCodeAt(0) > 0x7f);
    expect(beyond).toEqual([]);
  });
});
