import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { buildApp, type AppConfig } from '@sw-dialer/api';
import { startSignalWireEmulator } from '@sw-dialer/emulators';
import { runSignalWireSetup } from '../../api/src/tools/signalwire-setup.js';
import { createTestDatabase } from '@sw-dialer/test-support/test-database';
import { dialFromPage, hangupFromPage, openSmokePage, runSmoke, SMOKE_USER } from '../smoke/run-smoke.js';

/**
 * Address mode against the emulated space (ADR 0065), with the real SDK in Chromium and no widget: the space
 * bars subscribers from the PSTN, the API mints guest tokens for the one address, and the shipped SWML script
 * asks the API's dial-policy endpoint before it connects.
 */
const PROJECT = 'address-project';
const API_TOKEN = 'address-api-token';
const SECRET = 'address-policy-secret-of-at-least-32-chars';
const JWT_SECRET = 'address-e2e-jwt-secret-at-least-32-characters';

const emulator = await startSignalWireEmulator({ projectId: PROJECT, apiToken: API_TOKEN, ringTimeoutMs: 3000, subscriberPstn: 'refused' });
t.teardown(() => emulator.close());
const database = await createTestDatabase();
const config: AppConfig = {
  env: 'test',
  database: database.config,
  migrate: true,
  signalwire: {
    spaceUrl: emulator.url,
    projectId: PROJECT,
    apiToken: API_TOKEN,
    tokenTtlS: 900,
    relayHost: emulator.wsUrl,
    fromNumber: '+12025550199',
    timeoutMs: 3000,
    dialMode: 'address',
    dialAddress: '/public/sw-dialer-pstn',
    policySecret: SECRET
  },
  auth: { jwt: { kind: 'secret', secret: JWT_SECRET }, devLogin: false },
  rateLimit: { max: 10_000, timeWindowMs: 60_000 },
  corsOrigins: [],
  alerts: { policy: { failureRate: 0.2, minCalls: 20, windowMs: 300_000, tokenFailures: 5 } },
  logLevel: 'warn'
};
const app = await buildApp(config, { logDestination: { write: () => undefined } });
await app.listen({ port: 0, host: '127.0.0.1' });
t.teardown(async () => {
  await app.close();
  await database.drop();
});
const apiUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const setupEnv = {
  SIGNALWIRE_PROJECT_ID: PROJECT,
  SIGNALWIRE_API_TOKEN: API_TOKEN,
  SIGNALWIRE_SPACE_URL: emulator.url,
  SIGNALWIRE_POLICY_URL: `${apiUrl}/api/telephony/signalwire/dial-policy`,
  SIGNALWIRE_POLICY_SECRET: SECRET,
  SIGNALWIRE_RING_TIMEOUT_S: '20'
};
const auth = (userId: string) => ({ authorization: `Bearer ${app.jwt.sign({ sub: userId }, { expiresIn: 600 })}` });
const emulatorCalls = async () => (await (await fetch(`${emulator.url}/__emulator/calls`)).json()) as Array<Record<string, any>>;

t.test('pnpm signalwire:setup: created, then unchanged; wrong credentials: one line, exit 1', async (t) => {
  const run = async (env: Record<string, string>) => {
    const lines: string[] = [];
    const code = await runSignalWireSetup(env, (line) => lines.push(line));
    return { code, lines };
  };
  const first = await run(setupEnv);
  t.equal(first.code, 0);
  t.match(first.lines, [/^signalwire:setup: created SWML resource "sw-dialer-pstn" \(.+\) at \/public\/sw-dialer-pstn \(address id .+\) in \d+ ms$/]);
  const second = await run(setupEnv);
  t.equal(second.code, 0);
  t.match(second.lines, [/^signalwire:setup: unchanged SWML resource "sw-dialer-pstn"/]);
  const wrong = await run({ ...setupEnv, SIGNALWIRE_API_TOKEN: 'not-the-token' });
  t.same(wrong, {
    code: 1,
    lines: [
      'signalwire:setup: SignalWire refused the credentials: check SIGNALWIRE_PROJECT_ID and SIGNALWIRE_API_TOKEN (the token needs the Voice scope) (401)'
    ]
  });
  const missing = await run({ ...setupEnv, SIGNALWIRE_PROJECT_ID: '' });
  t.same(missing, { code: 1, lines: ['signalwire:setup: SIGNALWIRE_PROJECT_ID: is required'] });
  t.notMatch([...first.lines, ...wrong.lines].join('\n'), /not-the-token|address-policy-secret/, 'no secret printed');
});

t.test('pnpm smoke:signalwire passes against the emulated space and prints each step', async (t) => {
  const lines: string[] = [];
  const report = await runSmoke(
    {
      spaceUrl: emulator.url,
      projectId: PROJECT,
      apiToken: API_TOKEN,
      address: '/public/sw-dialer-pstn',
      policySecret: SECRET,
      to: '+12025550100',
      relayHost: emulator.wsUrl,
      holdMs: 500
    },
    (line) => lines.push(line)
  );
  t.ok(report.ok, lines.join('\n'));
  t.same(
    report.steps.map((step) => step.step),
    ['credentials', 'resource', 'token', 'browser', 'call', 'hangup']
  );
  t.match(
    lines,
    report.steps.map((step) => new RegExp(`^ok +${step.step} +\\d+ ms  `))
  );
  const [call] = (await emulatorCalls()).filter((entry) => entry.address === '/public/sw-dialer-pstn' && entry.to === '+12025550100');
  t.match(
    call,
    { from: '+12025550199', swml: 'request:200 switch:allow connect', answeredAt: String, hangupBy: 'caller' },
    'the script connected the number with the company caller ID'
  );

  const refused = await runSmoke(
    {
      spaceUrl: emulator.url,
      projectId: PROJECT,
      apiToken: 'wrong',
      address: '/public/sw-dialer-pstn',
      policySecret: SECRET,
      to: '+12025550100',
      relayHost: emulator.wsUrl
    },
    () => undefined
  );
  t.match(refused, { ok: false, steps: [{ step: 'credentials', ok: false, detail: /refused SIGNALWIRE_PROJECT_ID/ }] });
});

t.test('a token minted in address mode reaches its address and nothing else', async (t) => {
  const smoke = await openSmokePage();
  t.teardown(() => smoke.close());
  const token = (
    await app.inject({ method: 'POST', url: '/api/telephony/signalwire/token', headers: auth('agent-z'), payload: { deviceType: 'browser' } })
  ).json();
  t.equal(token.dial.mode, 'address');
  const direct = await dialFromPage(smoke.page, { token: token.token, host: emulator.wsUrl, to: '+12025550100', userVariables: {}, timeoutMs: 10_000 });
  t.match(direct, { outcome: 'failed', cause: 'OUTGOING_CALL_BARRED' }, 'a number, dialed directly');
  await hangupFromPage(smoke.page);
  const lines: string[] = [];
  await runSignalWireSetup({ ...setupEnv, SIGNALWIRE_DIAL_ADDRESS: '/public/another-script' }, (line) => lines.push(line));
  t.match(lines, [/created SWML resource "another-script"/]);
  const other = await dialFromPage(smoke.page, {
    token: token.token,
    host: emulator.wsUrl,
    to: '/public/another-script',
    userVariables: { to: '+12025550100', ticket: token.dial.ticket },
    timeoutMs: 10_000
  });
  t.match(other, { outcome: 'failed', cause: 'OUTGOING_CALL_BARRED' }, 'another address of the same project');
  await hangupFromPage(smoke.page);
  t.notOk(
    (await emulatorCalls()).some((entry) => entry.answeredAt && (entry.to === '/public/another-script' || entry.address === '/public/another-script')),
    'neither was answered'
  );
});

t.test('a plain page that skips the widget and dials a refused number is hung up by the space and logged', async (t) => {
  const smoke = await openSmokePage();
  t.teardown(() => smoke.close());
  const userId = `bypasser-${randomUUID()}`;
  const token = (
    await app.inject({ method: 'POST', url: '/api/telephony/signalwire/token', headers: auth(userId), payload: { deviceType: 'browser' } })
  ).json();
  const clientSessionId = randomUUID();
  const result = await dialFromPage(smoke.page, {
    token: token.token,
    host: emulator.wsUrl,
    to: token.dial.address,
    userVariables: { to: '+19005550100', clientSessionId, ticket: token.dial.ticket },
    timeoutMs: 10_000
  });
  await hangupFromPage(smoke.page);
  t.match(result, { outcome: 'failed', cause: 'CALL_REJECTED' }, 'the script declined the call');
  t.notOk('active' in result.states, 'never answered');
  const history = (await app.inject({ method: 'GET', url: '/api/telephony/history', headers: auth(userId) })).json();
  t.match(history.items, [
    {
      number: '+19005550100',
      status: 'failed',
      endReason: 'error',
      errorCode: 'DIAL_POLICY',
      errorMessage: /premium-rate.*DIAL_REFUSED_NUMBER_TYPES/,
      answeredAt: null
    }
  ]);
  const [call] = (await emulatorCalls()).filter((entry) => entry.swml?.includes('hangup:decline') && entry.address === '/public/sw-dialer-pstn');
  t.match(call, { answeredAt: null, cause: 'CALL_REJECTED', rtpPacketsReceived: 0 }, 'the premium number was never connected');
  t.notOk(
    (await emulatorCalls()).some((entry) => entry.to === '+19005550100'),
    'no leg to the premium number'
  );
  const smokeHistory = (await app.inject({ method: 'GET', url: '/api/telephony/history', headers: auth(SMOKE_USER) })).json();
  t.equal(smokeHistory.items.length, 0, 'the smoke test’s allowed call left nothing in a log');
});
