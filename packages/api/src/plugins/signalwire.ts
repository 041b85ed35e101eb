import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppConfig, SignalWireConfig } from '../config.js';
import { DialAddressCache } from '../providers/signalwire/dial-address.js';
import { SignalWireRestClient } from '../providers/signalwire/signalwire-rest-client.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Null when SignalWire is not configured (token and bridge routes then answer 503). */
    signalwire: {
      client: SignalWireRestClient;
      config: SignalWireConfig;
      /** Address mode only (ADR 0065): the id of the address guest tokens may reach. */
      dialAddress: DialAddressCache | null;
    } | null;
  }
}

async function signalwirePlugin(app: FastifyInstance, config: Pick<AppConfig, 'signalwire'>) {
  const settings = config.signalwire;
  if (!settings) {
    app.decorate('signalwire', null);
    return;
  }
  const client = new SignalWireRestClient({ ...settings, fetch: app.metrics.instrumentFetch('signalwire') });
  const dialAddress = settings.dialMode === 'address' && settings.dialAddress ? new DialAddressCache(client, settings.dialAddress) : null;
  app.decorate('signalwire', { client, config: settings, dialAddress });
}

export default fp(signalwirePlugin, { name: 'signalwire', fastify: '5.x', dependencies: ['metrics'] });
