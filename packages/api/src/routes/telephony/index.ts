import type { FastifyInstance } from 'fastify';
import callsRoutes from './calls/calls.routes.js';
import historyRoutes from './history/history.routes.js';

/** Everything under /api/telephony: a signed-in user is required before anything else runs. */
export default async function telephonyRoutes(app: FastifyInstance) {
  app.addHook('onRequest', app.authenticate);
  await app.register(callsRoutes);
  await app.register(historyRoutes);
}
