// JSON bodies are checked as they were sent. The framework's checker turns values into the type a
// schema asks for, which a query string needs ("?limit=20" arrives as text) but which made a JSON
// `{"body": null}` an empty comment and `{"author_name": 5}` the name "5". An API client sending the
// wrong type is told so instead. Forms arrive as text and keep the framework's checker.
import { Ajv } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

const asSent = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });
const coercing = new Ajv({ coerceTypes: true, useDefaults: true, removeAdditional: false, allErrors: false, strict: false });

/** For a route that reads a JSON body: its body checked without coercion, the other parts as before. */
export const jsonBodyAsSent: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? asSent : coercing).compile(schema);
