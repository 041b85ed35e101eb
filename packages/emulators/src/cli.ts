/**
 * `pnpm emulators`: the local SignalWire space and SwitchFree service, on loopback, until Ctrl+C.
 * Ports and credentials come from the environment (defaults suit the demo); the printed lines are the
 * API settings that point at them.
 */
import { z } from 'zod';
import { startSignalWireEmulator } from './signalwire/index.js';
import { startSwitchFreeEmulator } from './switchfree/index.js';

const envSchema = z.object({
  SIGNALWIRE_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(7450),
  SWITCHFREE_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(7451),
  EMULATOR_HOST: z.string().default('127.0.0.1'),
  SIGNALWIRE_PROJECT_ID: z.string().min(1).default('demo-project'),
  SIGNALWIRE_API_TOKEN: z.string().min(1).default('demo-api-token'),
  SWITCHFREE_API_KEY: z.string().min(1).default('demo-switchfree-key'),
  EMULATOR_RING_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  EMULATOR_PRESENCE_INTERVAL_MS: z.coerce.number().int().min(0).default(20_000),
  /** `refused` models a space whose subscribers may not dial phone numbers directly (address mode needed). */
  SIGNALWIRE_EMULATOR_SUBSCRIBER_PSTN: z.enum(['allowed', 'refused']).default('allowed')
});

const parsed = envSchema.safeParse(process.env);
if (!parsed.success) {
  const issue = parsed.error.issues[0];
  process.stderr.write(`emulators: bad configuration: ${issue?.path.join('.')}: ${issue?.message}\n`);
  process.exit(1);
}
const env = parsed.data;

const signalwire = await startSignalWireEmulator({
  port: env.SIGNALWIRE_EMULATOR_PORT,
  host: env.EMULATOR_HOST,
  projectId: env.SIGNALWIRE_PROJECT_ID,
  apiToken: env.SIGNALWIRE_API_TOKEN,
  ringTimeoutMs: env.EMULATOR_RING_TIMEOUT_MS,
  subscriberPstn: env.SIGNALWIRE_EMULATOR_SUBSCRIBER_PSTN
});
const switchfree = await startSwitchFreeEmulator({
  port: env.SWITCHFREE_EMULATOR_PORT,
  host: env.EMULATOR_HOST,
  apiKey: env.SWITCHFREE_API_KEY,
  presenceChangeIntervalMs: env.EMULATOR_PRESENCE_INTERVAL_MS
});

process.stdout.write(
  [
    `SignalWire emulator: ${signalwire.url} (REST, relay WebSocket ${signalwire.wsUrl}, control API /__emulator)`,
    `SwitchFree emulator: ${switchfree.url} (control API /__emulator)`,
    'Point the API at them with:',
    `  SIGNALWIRE_SPACE_URL=${signalwire.url} SIGNALWIRE_RELAY_HOST=${signalwire.wsUrl} SIGNALWIRE_PROJECT_ID=${env.SIGNALWIRE_PROJECT_ID} SIGNALWIRE_API_TOKEN=<as given to the emulator>`,
    `  SWITCHFREE_BASE_URL=${switchfree.url} SWITCHFREE_API_KEY=<as given to the emulator>`,
    'emulators ready',
    ''
  ].join('\n')
);

let closing = false;
async function shutdown() {
  if (closing) return;
  closing = true;
  await Promise.allSettled([signalwire.close(), switchfree.close()]);
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
