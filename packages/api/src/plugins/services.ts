import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { CallsService } from '../services/calls.service.js';
import { DialPolicyService } from '../services/dial-policy.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Orchestration the routes call into; routes only translate HTTP. */
    services: { calls: CallsService; dialPolicy: DialPolicyService };
  }
}

async function servicesPlugin(app: FastifyInstance) {
  const calls = new CallsService({
    repository: app.repositories.callLogs,
    signalwire: app.signalwire,
    recordFinishedCall: (call) => app.metrics.recordFinishedCall(call),
    dialPolicy: app.dialPolicy
  });
  const dialPolicy = new DialPolicyService({ calls, policySecret: app.signalwire?.config.policySecret, fromNumber: app.signalwire?.config.fromNumber });
  app.decorate('services', { calls, dialPolicy });
}

export default fp(servicesPlugin, { name: 'services', fastify: '5.x', dependencies: ['db', 'metrics', 'signalwire', 'dial-policy'] });
