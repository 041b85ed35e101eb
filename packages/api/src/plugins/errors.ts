import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode, FieldIssue } from '@sw-dialer/shared-types';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import { PoolExhaustedError } from '../db/pool-errors.js';
import { AppError } from '../errors/app-error.js';
import { SignalWireFailure } from '../errors/signalwire-failure.js';

/** Fastify's own client errors (parsing, size) that are the client's bad input. */
const BAD_INPUT: Record<string, { field: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { field: 'body', message: 'is larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { field: 'body', message: 'must be sent as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { field: 'body', message: 'does not match its Content-Length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { field: 'body', message: 'must not be empty when Content-Type is application/json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { field: 'body', message: 'is not valid JSON' },
  FST_ERR_VALIDATION: { field: 'request', message: 'is not valid' }
};

function send(reply: FastifyReply, request: FastifyRequest, status: number, code: ErrorCode, message: string, details?: unknown) {
  const body: ErrorBody = { error: { code, message, requestId: request.id, ...(details === undefined ? {} : { details }) } };
  return reply.status(status).send(body);
}

/** The one error handler: every failure leaves in the shape of DESIGN.md, and 5xx bodies hide internals. */
async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues: FieldIssue[] = error.validation.map((issue) => {
        const path = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
        const unknownKeys = (issue.params as { keys?: string[] }).keys;
        const context = error.validationContext === 'querystring' ? 'query' : error.validationContext;
        const field = [context, path].filter(Boolean).join('.');
        return unknownKeys?.length
          ? { field: `${field ? `${field}.` : ''}${unknownKeys.join(', ')}`, message: 'is not a known field' }
          : { field: field || 'request', message: issue.message ?? 'is not valid' };
      });
      const first = issues[0] as FieldIssue;
      return send(reply, request, 400, 'VALIDATION_FAILED', `${first.field}: ${first.message}`, { issues });
    }
    if (error instanceof AppError) {
      if (error.statusCode >= 500) request.log.warn({ err: error, action: 'error', outcome: error.code }, error.message);
      return send(reply, request, error.statusCode, error.code, error.message, error.details);
    }
    if (error instanceof SignalWireFailure) {
      // Like an unreachable database: the request was fine, SignalWire was not. The cause is logged here, once;
      // the body says which upstream and why, never its URL, status text or our credentials.
      request.log.warn({ err: error.upstream, action: error.action, outcome: error.kind }, `SignalWire failed during ${error.action}`);
      return send(reply, request, 503, 'UPSTREAM_UNAVAILABLE', error.message, { ...error.details, upstream: 'signalwire', reason: error.kind });
    }
    const known = error.code ? BAD_INPUT[error.code] : undefined;
    if (known || (error.statusCode === 400 && error instanceof SyntaxError)) {
      const { field, message } = known ?? BAD_INPUT.FST_ERR_CTP_INVALID_JSON_BODY!;
      return send(reply, request, 400, 'VALIDATION_FAILED', `${field}: ${message}`, { issues: [{ field, message }] });
    }
    if (error.statusCode === 429) {
      return send(reply, request, 429, 'RATE_LIMITED', error.message || 'Too many requests; retry later');
    }
    if (error.statusCode === 401) return send(reply, request, 401, 'UNAUTHORIZED', 'A valid bearer token is required');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, request, 400, 'VALIDATION_FAILED', `request: ${error.message}`);
    }
    if (error instanceof PoolExhaustedError) {
      // Not the database's fault: every pooled connection stayed busy. Same code (the outbox retries it), but
      // the message and details say overload, so neither a client nor an operator goes looking for an outage.
      request.log.warn({ err: error, action: 'error', outcome: 'pool-exhausted' }, 'database pool exhausted');
      reply.header('retry-after', '1');
      return send(reply, request, 503, 'UPSTREAM_UNAVAILABLE', 'The service is overloaded: no database connection became free in time; try again shortly', {
        reason: 'pool-exhausted',
        waitedMs: error.waitedMs
      });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error, action: 'error', outcome: 'database-unavailable' }, 'database unavailable');
      return send(reply, request, 503, 'UPSTREAM_UNAVAILABLE', 'The call log database is unavailable; try again shortly', { upstream: 'database' });
    }
    request.log.error({ err: error, action: 'error', outcome: 'internal' }, 'unhandled error');
    return send(reply, request, 500, 'INTERNAL', 'Something went wrong on our side; the request id identifies it in the logs');
  });

  app.setNotFoundHandler((request, reply) => send(reply, request, 404, 'NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0]}`));
}

export default fp(errorsPlugin, { name: 'errors', fastify: '5.x' });
