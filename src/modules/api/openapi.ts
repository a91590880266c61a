// The OpenAPI 3.1 document of /api/v1, built from the same schemas the routes use.
import type { Config } from '../../config.js';
import { commentOpenApiPaths, commentOpenApiSchemas } from './comments-api.js';
import {
  articleSchema, articleSummarySchema, errorSchema, listArticlesQuerySchema, listArticlesResponseSchema, articleResponseSchema, searchQuerySchema, searchResponseSchema, unavailableResponse,
} from './api.schemas.js';

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** The query parameters of an operation, from the schema its route checks the query string with. */
function queryParameters(schema: { properties: Record<string, object>; required?: readonly string[] }) {
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    description: 'description' in property ? property.description : undefined,
    schema: { ...property, description: undefined },
  }));
}

export function openApiDocument(config: Config) {
  return {
    openapi: '3.1.0',
    info: {
      title: `${config.siteName} API`,
      version: '1.0.0',
      description: 'Read published articles and their comments. Errors are {"error": {"code", "message"}} with a fitting HTTP status.',
    },
    servers: [{ url: `${config.siteUrl}/api` }],
    paths: {
      '/v1/articles': {
        get: {
          operationId: 'listArticles',
          summary: 'Published articles, newest first',
          parameters: queryParameters(listArticlesQuerySchema),
          responses: {
            200: { description: 'A page of articles', content: { 'application/json': { schema: listArticlesResponseSchema } } },
            400: errorResponse('A filter or cursor is not valid'),
            404: errorResponse('The section, tag or author does not exist'),
            503: unavailableResponse,
          },
        },
      },
      '/v1/articles/{slug}': {
        get: {
          operationId: 'getArticle',
          summary: 'One published article with its body',
          parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'The article', content: { 'application/json': { schema: articleResponseSchema } } },
            301: { description: 'The article moved to a new slug (see Location)' },
            404: errorResponse('No published article has this slug'),
            503: unavailableResponse,
          },
        },
      },
      '/v1/search': {
        get: {
          operationId: 'searchArticles',
          summary: 'Published articles with every word of a search, the best matches first',
          parameters: queryParameters(searchQuerySchema),
          responses: {
            200: { description: 'A page of results', content: { 'application/json': { schema: searchResponseSchema } } },
            400: errorResponse('The search has no word to look for, or the page is not valid'),
            429: errorResponse('rate_limited: too many searches from this client (SEARCH_RATE_LIMIT); see Retry-After'),
            503: unavailableResponse,
          },
        },
      },
      ...commentOpenApiPaths,
    },
    components: {
      schemas: { ArticleSummary: articleSummarySchema, Article: articleSchema, Error: errorSchema, ...commentOpenApiSchemas },
    },
  };
}
