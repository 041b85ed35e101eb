/**
 * `pnpm smoke:signalwire -- --to +1...`: run once against your space before rollout (docs/sdk-setup.md).
 * Credentials from the environment, as the API reads them; prints each step with its timing; exit 1 on
 * the first step that fails.
 */
import { parseArgs } from 'node:util';
import { runSmoke } from './run-smoke.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    to: { type: 'string' },
    'hold-ms': { type: 'string' },
    'timeout-s': { type: 'string' }
  }
});

const env = process.env;
const missing = ['SIGNALWIRE_SPACE_URL', 'SIGNALWIRE_PROJECT_ID', 'SIGNALWIRE_API_TOKEN', 'SIGNALWIRE_POLICY_SECRET'].find((name) => !env[name]);
if (!values.to || !/^\+[1-9]\d{6,14}$/.test(values.to)) {
  process.stdout.write('smoke:signalwire: --to must be the E.164 number to call, such as --to +12025550100\n');
  process.exit(1);
}
if (missing) {
  process.stdout.write(`smoke:signalwire: ${missing} is required (the same settings the API uses)\n`);
  process.exit(1);
}
const address = env.SIGNALWIRE_DIAL_ADDRESS ?? '/public/sw-dialer-pstn';
process.stdout.write(`smoke:signalwire: ${env.SIGNALWIRE_SPACE_URL} ${address} → ${values.to}\n`);
const report = await runSmoke(
  {
    spaceUrl: env.SIGNALWIRE_SPACE_URL as string,
    projectId: env.SIGNALWIRE_PROJECT_ID as string,
    apiToken: env.SIGNALWIRE_API_TOKEN as string,
    policySecret: env.SIGNALWIRE_POLICY_SECRET as string,
    address,
    to: values.to,
    relayHost: env.SIGNALWIRE_RELAY_HOST,
    holdMs: values['hold-ms'] ? Number(values['hold-ms']) : undefined,
    answerTimeoutMs: values['timeout-s'] ? Number(values['timeout-s']) * 1000 : undefined
  },
  (line) => process.stdout.write(`${line}\n`)
);
process.stdout.write(report.ok ? 'smoke:signalwire: passed\n' : 'smoke:signalwire: FAILED\n');
process.exit(report.ok ? 0 : 1);
