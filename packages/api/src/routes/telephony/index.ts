import type { FastifyInstance } from 'fastify';
import callsRoutes from './calls/calls.routes.js';
import bridgeRoutes from './calls/bridge.routes.js';
import contactsRoutes from './contacts/contacts.routes.js';
import healthRoutes from './health/health.routes.js';
import tokenRoutes from './token/token.routes.js';
import historyRoutes from './history/history.routes.js';
import presenceRoutes from './presence/presence.routes.js';
import wrapUpRoutes from './wrap-up/wrap-up.routes.js';

/** Everything under /api/telephony: a signed-in user is required before anything else runs. */
export default async function telephonyRoutes(app: FastifyInstance, options: { presenceHeartbeatMs?: number; bridgeRateLimitMax?: number | undefined }) {
  app.addHook('onRequest', app.authenticate);
  await app.register(tokenRoutes);
  await app.register(callsRoutes);
  await app.register(bridgeRoutes, { bridgeRateLimitMax: options.bridgeRateLimitMax });
  await app.register(healthRoutes);
  await app.register(historyRoutes);
  await app.register(wrapUpRoutes);
  await app.register(contactsRoutes);
  await app.register(presenceRoutes, { ...(options.presenceHeartbeatMs ? { heartbeatMs: options.presenceHeartbeatMs } : {}) });
}
