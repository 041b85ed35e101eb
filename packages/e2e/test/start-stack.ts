import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp, type AppConfig } from '@sw-dialer/api';
import { startSignalWireEmulator, startSignalWireEmulatorInWorker, startSwitchFreeEmulator, type SignalWireEmulatorOptions } from '@sw-dialer/emulators';
// Plain JavaScript modules of the repository, imported for their one function each.
import { startExamplesServer } from '../../../examples/serve.mjs';
import { createTestDatabase } from '@sw-dialer/test-support/test-database';
import { createPostgresDatabase } from '@sw-dialer/test-support/postgres-database';
import { runSignalWireSetup } from '../../api/src/tools/signalwire-setup.js';
import { buildWidgetBundle } from './widget-bundle.js';

const PROJECT = 'e2e-project';
const API_TOKEN = 'e2e-api-token';
const SWITCHFREE_KEY = 'e2e-switchfree-key';

type App = Awaited<ReturnType<typeof buildApp>>;

export interface StackOptions {
  /** SignalWire emulator settings beyond the defaults here (ring timeout 2.5 s). */
  signalwire?: Pick<SignalWireEmulatorOptions, 'ringTimeoutMs' | 'reconnectGraceMs' | 'pingIntervalMs'>;
  /**
   * Where the API and the browser reach their dependencies, for fault tests that put a proxy in between:
   * each function gets the real URL and returns the one to use instead. `database` also makes the stack use
   * a PostgreSQL server (TEST_POSTGRES_URL, or the local one) even when the other tests run on PGlite.
   */
  links?: {
    database?: (url: string) => string | Promise<string>;
    /** The API's calls to SignalWire's REST API (token issuance). */
    signalwireRest?: (url: string) => string | Promise<string>;
    /** The browser SDK's relay WebSocket (handed to the widget with each token). */
    relay?: (url: string) => string | Promise<string>;
  };
  /** Last word on the API's configuration (rate limits, timeouts). */
  api?: (config: AppConfig) => AppConfig;
  /**
   * Run the SignalWire emulator (relay and every far end's werift media) in a worker thread: an event loop
   * of its own, off the one the API, playwright and the test share. For tests with many calls at once.
   */
  signalwireInWorker?: boolean;
  /**
   * `address` (ADR 65): the emulated space refuses subscribers the PSTN, the API mints guest tokens for
   * `/public/sw-dialer-pstn`, and the shipped SWML script is installed with `pnpm signalwire:setup`'s code,
   * pointed at this API's dial-policy endpoint. Default `direct`.
   */
  dialMode?: 'direct' | 'address';
  /** Every line the API logs at `info` and above (its JSON "request completed" lines among them), for tests that count requests. */
  apiLog?: (line: string) => void;
}

const DIAL_ADDRESS = '/public/sw-dialer-pstn';
const POLICY_SECRET = 'e2e-policy-secret-that-is-at-least-32-characters';

/**
 * The whole stack on loopback and free ports, as `pnpm start` runs it: both emulators, the API on its own
 * database (the PostgreSQL server of TEST_DATABASE_URL, or an embedded PGlite in a folder of its own), the widget's production
 * bundle and the example pages on another origin (so CORS is exercised as in a real embedding).
 * `stopApi()`/`startApi()`/`restartApi()` take the API down and bring a new instance up on the same port
 * and database, as a deploy or a crash-and-restart would.
 */
export async function startStack(options: StackOptions = {}) {
  await buildWidgetBundle();
  const addressMode = options.dialMode === 'address';
  const signalwire = await (options.signalwireInWorker ? startSignalWireEmulatorInWorker : startSignalWireEmulator)({
    projectId: PROJECT,
    apiToken: API_TOKEN,
    ringTimeoutMs: 2500,
    ...(addressMode ? { subscriberPstn: 'refused' as const } : {}),
    ...options.signalwire
  });
  const switchfree = await startSwitchFreeEmulator({ apiKey: SWITCHFREE_KEY, presenceChangeIntervalMs: 0 });
  const examples = (await startExamplesServer({ port: 0 })) as Server;
  const examplesOrigin = `http://127.0.0.1:${(examples.address() as AddressInfo).port}`;
  const database = options.links?.database
    ? await createPostgresDatabase().then((created) => ({ config: { kind: 'postgres' as const, url: created.url }, url: created.url, drop: created.drop }))
    : await createTestDatabase().then((created) => ({ ...created, url: created.config.kind === 'postgres' ? created.config.url : undefined }));
  const links = options.links ?? {};
  const config: AppConfig = (options.api ?? ((same) => same))({
    env: 'test',
    database: database.config.kind === 'postgres' && links.database ? { kind: 'postgres', url: await links.database(database.config.url) } : database.config,
    migrate: true,
    signalwire: {
      spaceUrl: links.signalwireRest ? await links.signalwireRest(signalwire.url) : signalwire.url,
      projectId: PROJECT,
      apiToken: API_TOKEN,
      tokenTtlS: 900,
      relayHost: links.relay ? await links.relay(signalwire.wsUrl) : signalwire.wsUrl,
      fromNumber: '+12025550199',
      timeoutMs: 3000,
      ...(addressMode ? { dialMode: 'address' as const, dialAddress: DIAL_ADDRESS, policySecret: POLICY_SECRET } : {})
    },
    switchfree: { baseUrl: switchfree.url, apiKey: SWITCHFREE_KEY, timeoutMs: 1000 },
    auth: { jwt: { kind: 'secret', secret: 'e2e-secret-that-is-at-least-32-characters' }, devLogin: true },
    rateLimit: { max: 10_000, timeWindowMs: 60_000 },
    corsOrigins: [examplesOrigin],
    alerts: { policy: { failureRate: 0.2, minCalls: 20, windowMs: 300_000, tokenFailures: 5 } },
    logLevel: options.apiLog ? 'info' : 'warn'
  });
  const apiLog = options.apiLog ?? (() => undefined);
  const build = () => buildApp(config, { logDestination: { write: (line: string) => apiLog(line) } });

  let app: App | undefined = await build();
  const apiUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  const apiPort = Number(new URL(apiUrl).port);
  if (addressMode) {
    const lines: string[] = [];
    const env = {
      SIGNALWIRE_PROJECT_ID: PROJECT,
      SIGNALWIRE_API_TOKEN: API_TOKEN,
      SIGNALWIRE_SPACE_URL: signalwire.url,
      SIGNALWIRE_DIAL_ADDRESS: DIAL_ADDRESS,
      SIGNALWIRE_POLICY_URL: `${apiUrl}/api/telephony/signalwire/dial-policy`,
      SIGNALWIRE_POLICY_SECRET: POLICY_SECRET
    };
    if ((await runSignalWireSetup(env, (line) => lines.push(line))) !== 0) throw new Error(`startStack: ${lines.join(' ')}`);
  }

  const stopApi = async () => {
    const closing = app;
    app = undefined;
    await closing?.close();
  };
  const startApi = async () => {
    if (app) throw new Error('startApi: the API is already running');
    const next = await build();
    await next.listen({ port: apiPort, host: '127.0.0.1' });
    app = next;
  };

  return {
    /** The running API (a new instance after a restart); throws while it is stopped. */
    get app(): App {
      if (!app) throw new Error('the API is stopped');
      return app;
    },
    apiUrl,
    signalwire,
    switchfree,
    examplesOrigin,
    /** The database reached directly (not through `links.database`); undefined on embedded PGlite. */
    databaseUrl: database.url,
    pageUrl: `${examplesOrigin}/standalone/?api=${encodeURIComponent(apiUrl)}`,
    stopApi,
    startApi,
    async restartApi() {
      await stopApi();
      await startApi();
    },
    async stop() {
      await app?.close();
      await database.drop();
      await new Promise((resolve) => examples.close(resolve));
      await switchfree.close();
      await signalwire.close();
    }
  };
}
