import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The name of what a route does, for logs and metrics (e.g. `calls.create`). */
    action?: string;
  }
}

function outcomeOf(statusCode: number): string {
  if (statusCode >= 500) return 'error';
  if (statusCode >= 400) return 'rejected';
  return 'ok';
}

/**
 * The one "request completed" line: who, what, how it went. Numbers in URLs are masked by the logger. Routes
 * that answer by hand (a hijacked event stream, which Fastify's onResponse never sees) write it through this.
 */
export function logRequestCompleted(request: FastifyRequest, statusCode: number, responseTimeMs: number, extra: Record<string, unknown> = {}): void {
  request.log[statusCode >= 500 ? 'error' : 'info'](
    {
      userId: request.user?.sub ?? null,
      action: request.routeOptions.config.action ?? 'unrouted',
      outcome: outcomeOf(statusCode),
      method: request.method,
      url: request.url,
      statusCode,
      responseTimeMs: Math.round(responseTimeMs * 100) / 100,
      ...extra
    },
    'request completed'
  );
}

async function requestLoggingPlugin(app: FastifyInstance) {
  // Set on arrival rather than in onSend: the header survives error replies all the same, and a route with
  // no onSend hook skips a whole asynchronous hook chain (measurable on the create-call path).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    logRequestCompleted(request, reply.statusCode, reply.elapsedTime);
    done();
  });
}

export default fp(requestLoggingPlugin, { name: 'request-logging', fastify: '5.x' });
