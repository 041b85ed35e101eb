import type { AddressInfo } from 'node:net';
import { buildSwitchFreeApp } from './emulator-app.js';

export { SCENARIO_PEOPLE, SEED_CONTACT_COUNT, SHARED_MAIN_LINE, seedContacts } from './seed-contacts.js';
export { EMULATOR_MODES, type EmulatorMode } from './fault-injection.js';
export type { WireContact, WirePresence, WirePresenceState } from './wire-types.js';

export interface SwitchFreeEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to loopback: the control API has no authentication. */
  host?: string;
  apiKey: string;
  /** How often one random (unpinned) person changes presence; 0 disables it. Default 10 s. */
  presenceChangeIntervalMs?: number;
  /** Heartbeat comment interval on presence streams. Default 15 s. */
  heartbeatMs?: number;
  /** Fastify request logging (to stdout). Default off. */
  logger?: boolean;
}

export interface SwitchFreeEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startSwitchFreeEmulator(options: SwitchFreeEmulatorOptions): Promise<SwitchFreeEmulator> {
  if (!options.apiKey) throw new Error('startSwitchFreeEmulator: apiKey is required');
  const app = buildSwitchFreeApp({
    apiKey: options.apiKey,
    presenceChangeIntervalMs: options.presenceChangeIntervalMs ?? 10_000,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    logger: options.logger ?? false
  });
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const { port } = app.server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    close: () => app.close()
  };
}
