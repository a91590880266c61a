// DomainError is what services throw; installErrorHandler() is the one place that turns errors into responses.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { lowerCaseAddress } from './addresses.js';
import { allowHeader } from './route-methods.js';

/** Seconds a client is asked to wait (Retry-After) while the database does not answer or cannot write. */
const UNAVAILABLE_RETRY_AFTER_S = 30;
// Neutral about the cause: the database may be out of reach, or its disk full or failing.
const UNAVAILABLE_MESSAGE = 'We cannot read or save our data at the moment. Please try again in a minute.';

export interface DomainErrorInit {
  code: string;
  status: number;
  message: string;
  fields?: Record<string, string>;
  /** Extra members of the JSON error object, e.g. the link matches of a refused comment. */
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fields: Record<string, string> | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(init: DomainErrorInit) {
    super(init.message);
    this.name = 'DomainError';
    this.code = init.code;
    this.status = init.status;
    this.fields = init.fields;
    this.details = init.details;
    this.headers = init.headers;
  }
}

export const notFound = (what = 'page') =>
  new DomainError({ code: 'not_found', status: 404, message: `We couldn't find that ${what}.` });

/** Some route answers the address, with other methods; `Allow` names them. */
export const methodNotAllowed = (allowed: readonly string[]) =>
  new DomainError({
    code: 'method_not_allowed',
    status: 405,
    message: `This address answers only ${allowed.slice(0, -1).join(', ')}${allowed.length > 1 ? ' and ' : ''}${allowed.at(-1) ?? ''} requests.`,
    headers: { allow: allowHeader(allowed) },
  });

/** 429 for a client over a rate limit: `message` says what to wait for; Retry-After and `retry_after` say how long. */
export const rateLimitedError = (message: string, retryAfterSeconds: number) =>
  new DomainError({
    code: 'rate_limited',
    status: 429,
    message,
    headers: { 'retry-after': String(retryAfterSeconds) },
    details: { retry_after: retryAfterSeconds },
  });

export const invalid = (message: string, fields?: Record<string, string>) =>
  new DomainError({ code: 'invalid', status: 400, message, fields });

export interface ErrorPageRenderer {
  (request: FastifyRequest, reply: FastifyReply, status: number, message: string, ref?: string): Promise<void> | void;
}

/**
 * For a database that did not answer or could not write: one warning in the log (not a bug, no stack)
 * and the Retry-After the 503 carries. The caller writes the answer.
 */
export function noteDatabaseUnavailable(request: FastifyRequest, reply: FastifyReply, error: unknown, during?: string): void {
  request.log.warn({ reason: error instanceof Error ? error.message : String(error), ...(during ? { during } : {}) }, 'database unavailable');
  void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_S));
}

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/**
 * Answers the router's own refusals, made before any route or hook runs: an address with a percent
 * escape that is not UTF-8 (`/world/%ff`), or a part longer than any slug. The framework would answer
 * in JSON of its own shape, without the site's headers, even a reader following a broken link. The API
 * gets its error shape instead, and a page address the 404 page: no page can have such an address.
 */
export function frameworkErrorResponder(headers: Record<string, string>, renderErrorPage: () => ErrorPageRenderer) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    void reply.headers(headers);
    if (isApiRequest(request)) {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      void reply.status(tooLong ? 414 : 400).send({
        error: tooLong
          ? { code: 'too_long', message: 'A part of the address is longer than any name here.' }
          : { code: 'bad_request', message: 'The address holds a percent escape that is not valid UTF-8.' },
      });
      return;
    }
    const missing = notFound();
    Promise.resolve(renderErrorPage()(request, reply, missing.status, missing.message)).catch((failure: unknown) => {
      request.log.error({ err: failure }, 'the 404 page for a refused address could not be sent');
      if (!reply.sent) void reply.status(404).type('text/plain; charset=utf-8').send(missing.message);
    });
  };
}

export function installErrorHandler(app: FastifyInstance, renderErrorPage: ErrorPageRenderer): void {
  app.setErrorHandler(async (error: FastifyError | DomainError, request, reply) => {
    if (error instanceof DomainError && error.code === 'not_found' && (request.method === 'GET' || request.method === 'HEAD') && !isApiRequest(request)) {
      const lower = lowerCaseAddress(request.url);
      if (lower) return reply.redirect(lower, 301);
    }
    if (error instanceof DomainError) {
      if (error.headers) void reply.headers(error.headers);
      if (isApiRequest(request)) {
        return reply.status(error.status).send({
          error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}), ...error.details },
        });
      }
      return renderErrorPage(request, reply, error.status, error.message);
    }

    // Not a bug: the database did not answer (see db/unavailable.ts). One line in the log, no stack.
    if (isDatabaseUnavailable(error)) {
      noteDatabaseUnavailable(request, reply, error);
      if (isApiRequest(request)) return reply.status(503).send({ error: { code: 'unavailable', message: UNAVAILABLE_MESSAGE } });
      return renderErrorPage(request, reply, 503, UNAVAILABLE_MESSAGE);
    }

    // Errors from Fastify itself (bad JSON, body too large, schema validation) carry a 4xx status.
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) {
      const code = error.validation ? 'invalid' : status === 413 ? 'too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
      const message = error.validation ? `The request is not valid: ${error.message}.` : status === 413 ? 'The request is too large.' : error.message;
      if (isApiRequest(request)) return reply.status(status).send({ error: { code, message } });
      return renderErrorPage(request, reply, status, message);
    }

    request.log.error({ err: error }, 'unhandled error');
    const ref = String(request.id);
    if (isApiRequest(request)) {
      return reply.status(500).send({ error: { code: 'internal', message: `Something went wrong (ref ${ref}).` } });
    }
    return renderErrorPage(request, reply, 500, `Something went wrong (ref ${ref}).`, ref);
  });
}
