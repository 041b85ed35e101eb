import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { WRAP_UP_DEFAULTS, type AppConfig } from '../config.js';
import { CallsService } from '../services/calls.service.js';
import { DialPolicyService } from '../services/dial-policy.service.js';
import { HistoryService } from '../services/history.service.js';
import { WrapUpsService } from '../services/wrap-ups.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Orchestration the routes call into; routes only translate HTTP. */
    services: { calls: CallsService; dialPolicy: DialPolicyService; history: HistoryService; wrapUps: WrapUpsService };
  }
}

async function servicesPlugin(app: FastifyInstance, config: Pick<AppConfig, 'wrapUp'> = {}) {
  const calls = new CallsService({
    repository: app.repositories.callLogs,
    signalwire: app.signalwire,
    recordFinishedCall: (call) => app.metrics.recordFinishedCall(call),
    dialPolicy: app.dialPolicy
  });
  const dialPolicy = new DialPolicyService({ calls, policySecret: app.signalwire?.config.policySecret, fromNumber: app.signalwire?.config.fromNumber });
  app.decorate('services', {
    calls,
    dialPolicy,
    history: new HistoryService({ repository: app.repositories.callLogs, contacts: app.switchfree.contacts }),
    wrapUps: new WrapUpsService({ repository: app.repositories.callWrapUps, config: config.wrapUp ?? WRAP_UP_DEFAULTS })
  });
}

export default fp(servicesPlugin, { name: 'services', fastify: '5.x', dependencies: ['db', 'metrics', 'signalwire', 'switchfree', 'dial-policy'] });
