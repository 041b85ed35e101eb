import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { ErrorBody } from '@sw-dialer/shared-types';

/**
 * Refusals Fastify and Node's HTTP parser make before any route, hook or error handler runs: without these
 * they answer in Fastify's own body (`{"error":"Bad Request","code":"FST_ERR_...","statusCode":414}`). Here
 * they answer in the API's one error shape with a request id, keeping their HTTP status (issue 14 item 8).
 */

/** The longest path parameter Fastify routes (its default); longer ones are refused with 414. */
export const MAX_PARAM_LENGTH = 100;

const body = (message: string, requestId: string, field: string): ErrorBody => ({
  error: { code: 'VALIDATION_FAILED', message: `${field}: ${message}`, requestId, details: { issues: [{ field, message }] } }
});

/** A path parameter over `MAX_PARAM_LENGTH` (414) or a URL that does not decode (400). */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (error, request: FastifyRequest, reply: FastifyReply) => {
  const tooLong = (error as { code?: string }).code === 'FST_ERR_MAX_PARAM_LENGTH';
  const status = tooLong ? 414 : 400;
  const message = tooLong ? `has a path segment longer than ${MAX_PARAM_LENGTH} characters` : 'is not a valid URL';
  request.log.info({ action: 'refused', outcome: tooLong ? 'param-too-long' : 'bad-url', statusCode: status }, 'request refused before routing');
  void reply
    .status(status)
    .header('x-request-id', request.id)
    .send(body(message, request.id, 'url'));
};

// Node's parser errors (`clientError`): no request exists yet, so the id is made here and logged with the refusal.
const CLIENT_ERRORS: Record<string, { status: number; field: string; message: string; outcome: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    field: 'headers',
    message: 'are larger than the limit (request line, URL and headers together)',
    outcome: 'headers-too-large'
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, field: 'request', message: 'was not received in time', outcome: 'request-timeout' }
};
const OTHER_CLIENT_ERROR = { status: 400, field: 'request', message: 'is not valid HTTP', outcome: 'bad-http' };

/** How long a refused connection may keep sending what it had started before it is cut. */
const DRAIN_MS = 1000;

export function clientErrorHandler(this: { log: FastifyBaseLogger }, error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const kind = (error.code && CLIENT_ERRORS[error.code]) || OTHER_CLIENT_ERROR;
  const requestId = randomUUID();
  this.log.info({ requestId, action: 'refused', outcome: kind.outcome, statusCode: kind.status }, 'request refused by the HTTP parser');
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const payload = JSON.stringify(body(kind.message, requestId, kind.field));
  socket.write(
    `HTTP/1.1 ${kind.status} ${STATUS_CODES[kind.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(payload)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${payload}`
  );
  // Ending (not destroying) lets a client still sending its oversized request read the answer instead of a
  // reset; the timer bounds how long such a client may keep the socket.
  socket.end();
  setTimeout(() => socket.destroy(), DRAIN_MS).unref();
}
