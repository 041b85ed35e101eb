import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppConfig, SignalWireConfig } from '../config.js';
import { SignalWireRestClient } from '../providers/signalwire/signalwire-rest-client.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Null when SignalWire is not configured (token and bridge routes then answer 503). */
    signalwire: { client: SignalWireRestClient; config: SignalWireConfig } | null;
  }
}

async function signalwirePlugin(app: FastifyInstance, config: Pick<AppConfig, 'signalwire'>) {
  app.decorate('signalwire', config.signalwire
      ? { client: new SignalWireRestClient({ ...config.signalwire, fetch: app.metrics.instrumentFetch('signalwire') }), config: config.signalwire }
      : null);
}

export default fp(signalwirePlugin, { name: 'signalwire', fastify: '5.x', dependencies: ['metrics'] });
