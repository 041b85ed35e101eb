import { z } from 'zod';
import { isAudioChannelOf, resourceNameOf } from '../providers/signalwire/dial-address.js';
import { SignalWireRestClient } from '../providers/signalwire/signalwire-rest-client.js';
import { UpstreamError } from '../providers/upstream-error.js';
import { renderSwmlScript, sameScript } from './swml-script.js';

const loopbackOrHttps = (value: string) => {
  const url = new URL(value);
  return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
};

const envSchema = z.object({
  SIGNALWIRE_PROJECT_ID: z.string().min(1, 'is required'),
  SIGNALWIRE_API_TOKEN: z.string().min(1, 'is required'),
  SIGNALWIRE_SPACE_URL: z.url({ protocol: /^https?$/, message: 'must be your space URL, such as https://example.signalwire.com' }),
  SIGNALWIRE_DIAL_ADDRESS: z
    .string()
    .regex(/^\/public\/[A-Za-z0-9._-]{1,100}$/, 'must be a public Fabric address such as /public/sw-dialer-pstn')
    .default('/public/sw-dialer-pstn'),
  SIGNALWIRE_POLICY_URL: z
    .url({ message: 'must be the public URL of the API endpoint, such as https://api.example.com/api/telephony/signalwire/dial-policy' })
    .refine(loopbackOrHttps, 'must be https (SignalWire sends the policy secret to it)'),
  SIGNALWIRE_POLICY_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -hex 32), the same value the API has'),
  SIGNALWIRE_RING_TIMEOUT_S: z.coerce.number().int().min(5).max(120).default(30)
});

const REASONS: Record<UpstreamError['kind'], string> = {
  unauthorized: 'SignalWire refused the credentials: check SIGNALWIRE_PROJECT_ID and SIGNALWIRE_API_TOKEN (the token needs the Voice scope)',
  timeout: 'SignalWire did not answer in time: check SIGNALWIRE_SPACE_URL',
  network: 'cannot reach SIGNALWIRE_SPACE_URL',
  unavailable: 'SignalWire is unavailable; try again shortly',
  rejected: 'SignalWire refused the request',
  'invalid-response': 'SignalWire answered in an unexpected way: is SIGNALWIRE_SPACE_URL your space?'
};

/**
 * `pnpm signalwire:setup`: creates or updates the SWML script resource behind SIGNALWIRE_DIAL_ADDRESS so that
 * it holds the shipped script (deploy/signalwire/), then checks the resource has that address. Idempotent:
 * a second run prints "unchanged". Every failure is one line naming what to fix, and exit code 1.
 */
export async function runSignalWireSetup(environment: NodeJS.ProcessEnv, print: (line: string) => void, fetchImpl?: typeof fetch): Promise<number> {
  const fail = (message: string) => {
    print(`signalwire:setup: ${message}`);
    return 1;
  };
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`${issue?.path.join('.') ?? 'environment'}: ${issue?.code === 'invalid_type' ? 'is required' : (issue?.message ?? 'is invalid')}`);
  }
  const env = parsed.data;
  const started = performance.now();
  const client = new SignalWireRestClient({
    spaceUrl: env.SIGNALWIRE_SPACE_URL,
    projectId: env.SIGNALWIRE_PROJECT_ID,
    apiToken: env.SIGNALWIRE_API_TOKEN,
    timeoutMs: 10_000,
    ...(fetchImpl ? { fetch: fetchImpl } : {})
  });
  const name = resourceNameOf(env.SIGNALWIRE_DIAL_ADDRESS);
  const contents = await renderSwmlScript({
    policyUrl: env.SIGNALWIRE_POLICY_URL,
    policySecret: env.SIGNALWIRE_POLICY_SECRET,
    ringTimeoutS: env.SIGNALWIRE_RING_TIMEOUT_S
  });
  try {
    const existing = (await client.listSwmlScripts()).find((resource) => resource.display_name === name);
    let action: 'created' | 'updated' | 'unchanged';
    let id: string;
    if (!existing) {
      id = (await client.createSwmlScript(name, contents)).id;
      action = 'created';
    } else if (sameScript(existing.swml_script?.contents, contents)) {
      id = existing.id;
      action = 'unchanged';
    } else {
      id = (await client.updateSwmlScript(existing.id, name, contents)).id;
      action = 'updated';
    }
    const addresses = await client.listResourceAddresses(id);
    const address = addresses.find((entry) => isAudioChannelOf(entry, env.SIGNALWIRE_DIAL_ADDRESS));
    if (!address) {
      const actual = addresses.map((entry) => entry.channels?.audio?.split('?')[0]).find(Boolean);
      return fail(
        `resource "${name}" (${id}) ${action}, but its address is ${actual ?? 'missing'}, not ${env.SIGNALWIRE_DIAL_ADDRESS}: set SIGNALWIRE_DIAL_ADDRESS${actual ? `=${actual}` : ''} for the API and run again`
      );
    }
    const ms = Math.round(performance.now() - started);
    print(`signalwire:setup: ${action} SWML resource "${name}" (${id}) at ${env.SIGNALWIRE_DIAL_ADDRESS} (address id ${address.id}) in ${ms} ms`);
    return 0;
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return fail(`${REASONS[error.kind]}${error.status ? ` (${error.status})` : ''}`);
  }
}
