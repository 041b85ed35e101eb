import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '@sw-dialer/api';
import { startSignalWireEmulator, startSwitchFreeEmulator } from '@sw-dialer/emulators';
// Plain JavaScript modules of the repository, imported for their one function each.
import { startExamplesServer } from '../../../examples/serve.mjs';
import { buildBundle } from '../../dialer-elements/scripts/build.mjs';
import { createTestDatabase } from '../../api/test/helpers/test-database.js';

const PROJECT = 'e2e-project';
const API_TOKEN = 'e2e-api-token';
const SWITCHFREE_KEY = 'e2e-switchfree-key';

/**
 * The whole stack on loopback and free ports, as `pnpm start` runs it: both emulators, the API on its own
 * database (the PostgreSQL server of TEST_DATABASE_URL, or embedded PGlite), the widget's production
 * bundle and the example pages on another origin (so CORS is exercised as in a real embedding).
 */
export async function startStack() {
  await buildBundle();
  const signalwire = await startSignalWireEmulator({ projectId: PROJECT, apiToken: API_TOKEN, ringTimeoutMs: 2500 });
  const switchfree = await startSwitchFreeEmulator({ apiKey: SWITCHFREE_KEY, presenceChangeIntervalMs: 0 });
  const examples = (await startExamplesServer({ port: 0 })) as Server;
  const examplesOrigin = `http://127.0.0.1:${(examples.address() as AddressInfo).port}`;
  const database = await createTestDatabase();
  const app = await buildApp(
    {
      env: 'test',
      database: database.config,
      migrate: true,
      signalwire: {
        spaceUrl: signalwire.url,
        projectId: PROJECT,
        apiToken: API_TOKEN,
        tokenTtlS: 900,
        relayHost: signalwire.wsUrl,
        fromNumber: '+12025550199',
        timeoutMs: 3000
      },
      switchfree: { baseUrl: switchfree.url, apiKey: SWITCHFREE_KEY, timeoutMs: 1000 },
      auth: { jwt: { kind: 'secret', secret: 'e2e-secret-that-is-at-least-32-characters' }, devLogin: true },
      rateLimit: { max: 10_000, timeWindowMs: 60_000 },
      corsOrigins: [examplesOrigin],
      alerts: { policy: { failureRate: 0.2, minCalls: 20, windowMs: 300_000, tokenFailures: 5 } },
      logLevel: 'warn'
    },
    { logDestination: { write: () => undefined } }
  );
  const apiUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    apiUrl,
    signalwire,
    pageUrl: `${examplesOrigin}/standalone/?api=${encodeURIComponent(apiUrl)}`,
    async stop() {
      await app.close();
      await database.drop();
      await new Promise((resolve) => examples.close(resolve));
      await switchfree.close();
      await signalwire.close();
    }
  };
}
