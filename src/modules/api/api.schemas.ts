// JSON Schemas of the public API, used both as Fastify response schemas (only these fields are sent)
// and in the OpenAPI document.
export const refSchema = {
  type: 'object',
  required: ['slug', 'name', 'url'],
  properties: { slug: { type: 'string' }, name: { type: 'string' }, url: { type: 'string', format: 'uri' } },
} as const;

export const articleSummarySchema = {
  type: 'object',
  required: ['id', 'slug', 'title', 'standfirst', 'url', 'type', 'sections', 'tags', 'author', 'published_at', 'updated_at', 'comment_count', 'comments_enabled', 'image', 'reading_minutes'],
  properties: {
    id: { type: 'string', example: 'art_01jd8x0c7q4m2k9v3b6n5t8r1w' },
    slug: { type: 'string' },
    title: { type: 'string' },
    standfirst: { type: 'string' },
    url: { type: 'string', format: 'uri', description: 'Canonical address of the article page.' },
    type: { type: 'string', enum: ['news', 'analysis', 'opinion'] },
    sections: { type: 'array', items: refSchema, description: 'The primary section first.' },
    tags: { type: 'array', items: refSchema },
    author: refSchema,
    published_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
    comment_count: { type: 'integer', minimum: 0 },
    comments_enabled: { type: 'boolean' },
    image: {
      type: ['object', 'null'],
      properties: { url: { type: 'string' }, alt: { type: 'string' } },
      required: ['url', 'alt'],
    },
    reading_minutes: { type: 'integer', minimum: 1 },
  },
} as const;

export const articleSchema = {
  ...articleSummarySchema,
  required: [...articleSummarySchema.required, 'body_html'],
  properties: {
    ...articleSummarySchema.properties,
    body_html: { type: 'string', description: 'The article body as sanitised HTML.' },
  },
} as const;

export const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: true,
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
} as const;

export const listArticlesQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    section: { type: 'string', maxLength: 80, description: 'Section slug.' },
    tag: { type: 'string', maxLength: 80, description: 'Tag slug.' },
    author: { type: 'string', maxLength: 80, description: 'Author slug.' },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    cursor: { type: 'string', maxLength: 200, description: 'The next_cursor of the previous page.' },
  },
} as const;

export const listArticlesResponseSchema = {
  type: 'object',
  required: ['articles', 'next_cursor'],
  properties: {
    articles: { type: 'array', items: articleSummarySchema },
    next_cursor: { type: ['string', 'null'], description: 'Pass as cursor for the next page; null on the last page.' },
  },
} as const;

export const searchQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['q'],
  properties: {
    q: { type: 'string', maxLength: 200, description: 'Words to look for: every word must appear, in any of its forms in the site language (elections finds election); the last, when it is cut short, also finds the words it begins (from three letters).' },
    section: { type: 'string', maxLength: 200, description: 'Slug of a section: only the articles listed in it are found.' },
    page: { type: 'integer', minimum: 1, maximum: 20, default: 1, description: 'Page of results, 20 a page.' },
  },
} as const;

export const searchResponseSchema = {
  type: 'object',
  required: ['articles', 'next_page'],
  properties: {
    articles: { type: 'array', items: articleSummarySchema, description: 'Those with every word in the headline first, then in the headline or standfirst, then anywhere; the newest first within each.' },
    next_page: { type: ['integer', 'null'], description: 'The page to ask for next; null on the last page.' },
  },
} as const;

export const articleResponseSchema = {
  type: 'object',
  required: ['article'],
  properties: { article: articleSchema },
} as const;

/** In the OpenAPI document: what every operation that reads or writes the database may answer. */
export const unavailableResponse = {
  description: 'unavailable: the database does not answer at the moment; try again after the Retry-After header',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
};
