// Small builders for tests: a newsroom with two sections and an author, and articles with sensible defaults.
import type { Ctx } from '../context.js';
import { saveAuthor } from '../modules/authors/authors.service.js';
import { saveArticle, type ArticleInput } from '../modules/articles/articles.service.js';
import { saveSection } from '../modules/sections/sections.service.js';

export async function seedNewsroom(ctx: Ctx): Promise<void> {
  await saveSection(ctx, { slug: 'world', name: 'World', description: 'News from everywhere.', position: 1 });
  await saveSection(ctx, { slug: 'defense', name: 'Defense', description: 'Armed forces and security.', position: 2 });
  await saveAuthor(ctx, { slug: 'ada-quill', name: 'Ada Quill', bio: 'Covers the harbour towns.' });
}

let counter = 0;

export async function makeArticle(ctx: Ctx, overrides: Partial<ArticleInput> = {}) {
  counter++;
  const { article } = await saveArticle(ctx, {
    title: `Harbour report number ${counter}`,
    standfirst: 'A short summary.',
    bodyMd: '## A heading\n\nSome text about the harbour.\n',
    sections: ['world'],
    tags: ['harbour'],
    author: 'ada-quill',
    publishedAt: new Date(ctx.clock.now().getTime() - counter * 60_000),
    ...overrides,
  });
  return article;
}
