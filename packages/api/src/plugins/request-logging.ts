import type { FastifyInstance } from 'fastify';
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

/** One structured line per request: who, what, how it went. Numbers in URLs are masked by the logger. */
async function requestLoggingPlugin(app: FastifyInstance) {
  // Set on arrival rather than in onSend: the header survives error replies all the same, and a route with
  // no onSend hook skips a whole asynchronous hook chain (measurable on the create-call path).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const statusCode = reply.statusCode;
    request.log[statusCode >= 500 ? 'error' : 'info'](
      {
        userId: request.user?.sub ?? null,
        action: request.routeOptions.config.action ?? 'unrouted',
        outcome: outcomeOf(statusCode),
        method: request.method,
        url: request.url,
        statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 100) / 100
      },
      'request completed'
    );
    done();
  });
}

export default fp(requestLoggingPlugin, { name: 'request-logging', fastify: '5.x' });
