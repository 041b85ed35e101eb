import type { AddressInfo } from 'node:net';
import { buildSignalWireApp } from './emulator-app.js';
import { silentLogger, type EmulatorLogger } from './logger.js';

export type { EmulatorLogger } from './logger.js';
export type { CallRecord } from './call-registry.js';
export { OUTCOMES, type Outcome, type Scenario } from './scenarios.js';
export { startSignalWireEmulatorInWorker } from './worker.js';

export interface SignalWireEmulatorOptions {
  /** 0 (the default) picks a free port. REST, control API and relay WebSocket all share it. */
  port?: number;
  /** Defaults to loopback: the control API has no authentication. */
  host?: string;
  /** HTTP Basic user of the REST API, and the `{ProjectID}` of Compatibility URLs. */
  projectId: string;
  /** HTTP Basic password of the REST API. */
  apiToken: string;
  /** How long an unanswered call rings before NO_ANSWER (19). Default 30 s. */
  ringTimeoutMs?: number;
  /** Interval of `signalwire.ping` on each relay socket. Default 10 s (the SDK gives up after 15 s of silence). */
  pingIntervalMs?: number;
  /** How long calls survive a dropped relay socket, waiting for the SDK to reconnect. Default 5 s. */
  reconnectGraceMs?: number;
  /** A pino-compatible logger; silent when omitted. */
  logger?: EmulatorLogger;
  /** `refused`: subscribers may not dial phone numbers directly (OUTGOING_CALL_BARRED), as in a locked-down space. */
  subscriberPstn?: 'allowed' | 'refused';
}

export interface SignalWireEmulator {
  /** `http://127.0.0.1:PORT`: base of the REST and control APIs. */
  url: string;
  /** `ws://127.0.0.1:PORT`: pass as `host` to `SignalWire({ token, host })`. */
  wsUrl: string;
  port: number;
  close(): Promise<void>;
}

export async function startSignalWireEmulator(options: SignalWireEmulatorOptions): Promise<SignalWireEmulator> {
  if (!options.projectId || !options.apiToken) throw new Error('startSignalWireEmulator: projectId and apiToken are required');
  const app = buildSignalWireApp({
    projectId: options.projectId,
    apiToken: options.apiToken,
    ringTimeoutMs: options.ringTimeoutMs ?? 30_000,
    pingIntervalMs: options.pingIntervalMs ?? 10_000,
    reconnectGraceMs: options.reconnectGraceMs ?? 5_000,
    logger: options.logger ?? silentLogger,
    subscriberPstn: options.subscriberPstn
  });
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const { port } = app.server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}`,
    wsUrl: `ws://${urlHost}:${port}`,
    port,
    close: () => app.close()
  };
}
