import { describe, expect, test } from 'vitest';
import { countWords, readingMinutes, renderArticleMarkdown } from './markdown.js';

describe('renderArticleMarkdown', () => {
  test('headings, paragraphs and lists render as HTML', async () => {
    const { html } = await renderArticleMarkdown('## Talks resume\n\nFirst paragraph.\n\n- one\n- two\n');
    expect(html).toContain('<h2>Talks resume</h2>');
    expect(html).toContain('<p>First paragraph.</p>');
    expect(html).toContain('<li>one</li>');
  });

  test('a block quote ending in a dash line gets an attribution', async () => {
    const { html } = await renderArticleMarkdown('> "We will return."\n>\n> — Mira Holt, harbour master\n');
    expect(html).toContain('<figure class="quote"><blockquote>');
    expect(html).toContain('<p>"We will return."</p>');
    expect(html).toContain('<figcaption>&mdash; Mira Holt, harbour master</figcaption>');
  });

  test('a plain block quote stays a block quote', async () => {
    const { html } = await renderArticleMarkdown('> Just a quote.\n');
    expect(html).toBe('<blockquote>\n<p>Just a quote.</p>\n</blockquote>\n');
  });

  test('an image alone in a paragraph becomes a figure with its title as caption', async () => {
    const { html } = await renderArticleMarkdown('![A map](/static/demo/map.svg "The coast, as drawn in 1890")\n');
    expect(html).toContain('<figure><img src="/static/demo/map.svg" alt="A map" loading="lazy" decoding="async" />');
    expect(html).toContain('<figcaption>The coast, as drawn in 1890</figcaption></figure>');
  });

  test('markup characters in an image\'s text and caption are escaped once', async () => {
    const { html } = await renderArticleMarkdown('![Fish & "chips" <b>](/x.png "Tom\'s & Jerry <3")\n');
    expect(html).toContain('alt="Fish &amp; &quot;chips&quot; &lt;b&gt;"');
    expect(html).toContain("<figcaption>Tom's &amp; Jerry &lt;3</figcaption>");
  });

  test('typographic punctuation is stored as character references, other scripts as they are', async () => {
    const { html } = await renderArticleMarkdown('It’s “calm” — for now… Київ: “так”.\n\n![Map](/m.svg "The bay — 1890")\n');
    expect(html).toContain('<p>It&rsquo;s &ldquo;calm&rdquo; &mdash; for now&hellip; Київ: &ldquo;так&rdquo;.</p>');
    expect(html).toContain('<figcaption>The bay &mdash; 1890</figcaption>');
    expect(html).not.toMatch(/[\u2013-\u2026]/);
  });

  test('script and event handlers in Markdown are removed', async () => {
    const { html } = await renderArticleMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n[x](javascript:alert(1))\n\n# Top');
    expect(html).not.toMatch(/script|onerror|javascript:/i);
    expect(html).toContain('<h2>Top</h2>');
  });
});

describe('reading time', () => {
  test('counts words, not markup', () => {
    expect(countWords('## Title here\n\nOne two three. U.S. talks’ end.')).toBe(8);
  });
  test('counts each Chinese or Japanese character as a word, as word processors do, so reading times hold', () => {
    expect(countWords('北京的渡轮恢复运行。')).toBe(9);
    expect(countWords('東京のニュース、ありがとう')).toBe(12);
    expect(countWords('Port Ardis 港口 reopened')).toBe(5);
    expect(countWords('서울 뉴스 오늘')).toBe(3);
    expect(readingMinutes(countWords('渡'.repeat(2300)))).toBe(10);
  });
  test('is at least a minute', () => {
    expect(readingMinutes(10)).toBe(1);
    expect(readingMinutes(690)).toBe(3);
  });
});
