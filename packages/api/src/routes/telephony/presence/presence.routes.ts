import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Presence } from '@sw-dialer/shared-types';
import { presenceQuerySchema, presenceSchema, presenceStreamQuerySchema } from '@sw-dialer/shared-types';
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import { logRequestCompleted } from '../../../plugins/request-logging.js';
import { hookHeaders } from './hook-headers.js';

/** A comment line every so often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** Streams per user on one instance: a few tabs, not an unbounded number of open sockets. */
const MAX_STREAMS_PER_USER = 10;

/** Current presence; when SwitchFree cannot say, the last stored snapshot (still flagged degraded). */
async function currentPresence(app: FastifyInstance, numbers: string[]): Promise<Presence[]> {
  const answers = await app.switchfree.presence.getPresence(numbers);
  const unknown = answers.filter((presence) => presence.degraded && presence.status === 'unknown').map((presence) => presence.number);
  const snapshots = unknown.length ? await app.presenceSnapshots.findMany(unknown) : new Map();
  return answers.map((presence) => {
    const snapshot = snapshots.get(presence.number);
    return snapshot ? { ...snapshot, degraded: true } : presence;
  });
}

const presenceRoutes: FastifyPluginAsyncZod<{ heartbeatMs?: number }> = async (app, options) => {
  const openStreams = new Map<string, number>();
  const streams = new Set<ServerResponse>();
  const endingByServer = new WeakSet<ServerResponse>();
  // End the streams before the server closes, or a graceful shutdown would wait on them forever.
  app.addHook('preClose', async () => {
    for (const stream of streams) {
      endingByServer.add(stream);
      stream.end();
    }
  });

  app.get(
    '/presence',
    { config: { action: 'presence.get' }, schema: { querystring: presenceQuerySchema, response: { 200: presenceSchema } } },
    async (request) => (await currentPresence(app, [request.query.number]))[0] as Presence
  );

  app.get('/presence/stream', { config: { action: 'presence.stream' }, schema: { querystring: presenceStreamQuerySchema } }, async (request, reply) => {
    const userId = request.user.sub;
    const numbers = [...new Set(request.query.numbers)];
    const raw = reply.raw;
    // The client may be gone before the handler runs (it hung up while authentication or the Redis rate
    // limiter awaited): its 'close' has fired already and would never fire again, so nothing may be
    // counted or subscribed for it (issue 14 item 6).
    if (raw.destroyed || request.socket.destroyed) {
      reply.hijack();
      logRequestCompleted(request, 200, reply.elapsedTime, { closedBy: 'client', stage: 'before-open' });
      return;
    }
    if ((openStreams.get(userId) ?? 0) >= MAX_STREAMS_PER_USER) {
      return reply
        .status(429)
        .header('retry-after', '30')
        .send({
          error: { code: 'RATE_LIMITED', message: `at most ${MAX_STREAMS_PER_USER} presence streams per user`, requestId: request.id }
        });
    }
    // From here to the 'close' listener everything is synchronous: no close can slip in between the count
    // and its release. Every exit (client hang-up, server shutdown, a failed write) ends in `close`, once.
    openStreams.set(userId, (openStreams.get(userId) ?? 0) + 1);
    reply.hijack();
    let closed = false;
    const send = (presence: Presence) => {
      if (!closed) raw.write(`event: presence\ndata: ${JSON.stringify(presence)}\n\n`);
    };
    const unsubscribe = app.presenceHub.subscribe(numbers, send);
    const heartbeat = setInterval(() => {
      if (!closed) raw.write(': heartbeat\n\n');
    }, options.heartbeatMs ?? HEARTBEAT_MS);
    streams.add(raw);
    const close = () => {
      if (closed) return;
      closed = true;
      streams.delete(raw);
      clearInterval(heartbeat);
      unsubscribe();
      openStreams.set(userId, (openStreams.get(userId) ?? 1) - 1);
      if (openStreams.get(userId) === 0) openStreams.delete(userId);
      // A hijacked reply is invisible to the onResponse hook: the stream's line is written here, when it ends.
      logRequestCompleted(request, 200, reply.elapsedTime, { closedBy: endingByServer.has(raw) ? 'server' : 'client' });
    };
    raw.once('close', close);
    raw.once('error', close);
    raw.writeHead(200, {
      ...hookHeaders(reply.getHeaders()),
      'content-type': 'text/event-stream; charset=utf-8',
      // Never stored: a cache entry being written holds back the next request for the same URL (docs/adr/0124).
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': request.id
    });
    // The starting state, so a widget has something to show before the first change.
    for (const presence of await currentPresence(app, numbers)) send(presence);
  });
};

export default presenceRoutes;
