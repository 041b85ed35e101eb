import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { CallsService } from '../services/calls.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Orchestration the routes call into; routes only translate HTTP. */
    services: { calls: CallsService };
  }
}

async function servicesPlugin(app: FastifyInstance) {
  app.decorate('services', {
    calls: new CallsService({
      repository: app.repositories.callLogs,
      signalwire: app.signalwire,
      recordFinishedCall: (call) => app.metrics.recordFinishedCall(call)
    })
  });
}

export default fp(servicesPlugin, { name: 'services', fastify: '5.x', dependencies: ['db', 'metrics', 'signalwire'] });
