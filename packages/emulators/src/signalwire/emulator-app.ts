import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { CallRegistry } from './call-registry.js';
import { registerCompatCallRoutes } from './compat-calls.js';
import { registerControlRoutes } from './control-api.js';
import type { EmulatorLogger } from './logger.js';
import { FabricResources, registerFabricResourceRoutes } from './fabric-resources.js';
import { placeInboundCall } from './inbound-placer.js';
import { RelayServer } from './relay-server.js';
import type { RelayContext, SpaceSettings } from './relay-session.js';
import { registerTokenRoutes } from './rest-tokens.js';
import { ScenarioTable } from './scenarios.js';
import { TokenSigner } from './token-signer.js';

export interface SignalWireAppOptions {
  projectId: string;
  apiToken: string;
  ringTimeoutMs: number;
  pingIntervalMs: number;
  reconnectGraceMs: number;
  logger: EmulatorLogger;
  /** Whether subscribers may dial phone numbers directly (default: allowed). */
  subscriberPstn?: SpaceSettings['subscriberPstn'] | undefined;
}

/**
 * One Fastify instance serving the REST API, the control API and (on upgrade) the relay WebSocket.
 * It never listens by itself: `startSignalWireEmulator` does.
 */
export function buildSignalWireApp(options: SignalWireAppOptions): FastifyInstance {
  // Relay sockets are long-lived: without forcing, close() would wait for every SDK to go away.
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 256 * 1024 });
  const credentials = { projectId: options.projectId, apiToken: options.apiToken };
  const signer = new TokenSigner();
  const scenarios = new ScenarioTable(options.ringTimeoutMs);
  const registry = new CallRegistry();
  const resources = new FabricResources();
  const space: SpaceSettings = { subscriberPstn: options.subscriberPstn ?? 'allowed' };

  registerTokenRoutes(app, credentials, signer, resources);
  registerFabricResourceRoutes(app, credentials, resources);
  const stopCompatCalls = registerCompatCallRoutes(app, { credentials, scenarios, registry, logger: options.logger });
  const relayContext: RelayContext = {
    signer,
    projectId: options.projectId,
    nodeId: `emulator-node-${randomUUID()}`,
    scenarios,
    registry,
    logger: options.logger,
    pingIntervalMs: options.pingIntervalMs,
    reconnectGraceMs: options.reconnectGraceMs,
    detached: new Map(),
    online: new Set(),
    resources,
    space
  };
  registerControlRoutes(app, scenarios, registry, space, (body) => placeInboundCall(relayContext, options.ringTimeoutMs, body));

  const relay = new RelayServer(app.server, relayContext);

  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ errors: [{ code: 'not_found', message: 'Not Found' }] }));
  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) options.logger.error({ err: error, url: request.url }, 'emulator request failed');
    return reply.code(status).send({
      errors: [
        { code: status === 500 ? 'internal_error' : 'bad_request', message: status === 500 ? 'Internal Server Error' : (error.message ?? 'Bad Request') }
      ]
    });
  });

  app.addHook('preClose', async () => {
    relay.close();
    stopCompatCalls();
  });

  return app;
}
