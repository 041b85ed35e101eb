import { randomUUID } from 'node:crypto';
import t from 'tap';
import type { SignalWireConfig } from '../src/config.js';
import { signDialTicket } from '../src/security/dial-ticket.js';
import { runSignalWireSetup } from '../src/tools/signalwire-setup.js';
import { startSignalWireEmulator } from '../../emulators/src/signalwire/index.js';
import { buildTestApp } from './helpers/build-test-app.js';
import { newCallBody } from './helpers/call-bodies.js';

const PROJECT = 'policy-project';
const API_TOKEN = 'policy-api-token';
const SECRET = 'policy-secret-that-is-at-least-32-characters';
const emulator = await startSignalWireEmulator({ projectId: PROJECT, apiToken: API_TOKEN, port: 0, ringTimeoutMs: 1500 });
t.teardown(() => emulator.close());

// The resource address mode dials, created as an operator would.
const lines: string[] = [];
const setupEnv = {
  SIGNALWIRE_PROJECT_ID: PROJECT,
  SIGNALWIRE_API_TOKEN: API_TOKEN,
  SIGNALWIRE_SPACE_URL: emulator.url,
  SIGNALWIRE_POLICY_URL: 'http://127.0.0.1:9/api/telephony/signalwire/dial-policy',
  SIGNALWIRE_POLICY_SECRET: SECRET
};
if ((await runSignalWireSetup(setupEnv, (line) => lines.push(line))) !== 0) throw new Error(lines.join('\n'));

const signalwire = (overrides: Partial<SignalWireConfig> = {}): SignalWireConfig => ({
  spaceUrl: emulator.url,
  projectId: PROJECT,
  apiToken: API_TOKEN,
  tokenTtlS: 900,
  relayHost: emulator.wsUrl,
  fromNumber: '+12025550199',
  timeoutMs: 1000,
  dialMode: 'address',
  dialAddress: '/public/sw-dialer-pstn',
  policySecret: SECRET,
  ...overrides
});

const { app, authHeader, logs } = await buildTestApp(t, {
  signalwire: signalwire(),
  dialPolicy: { allowedCountries: ['1', 'GB'], refusedTypes: ['PREMIUM_RATE'] }
});
const decode = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString());
const ticketFor = (userId: string, callerId?: string) => signDialTicket(SECRET, { userId, callerId, exp: Math.floor(Date.now() / 1000) + 300 });
const askPolicy = (body: object, secret: string | null = SECRET) =>
  app.inject({
    method: 'POST',
    url: '/api/telephony/signalwire/dial-policy',
    headers: secret === null ? {} : { 'x-dial-policy-secret': secret },
    payload: body
  });

t.test('address mode: a guest token for the one address, a dial ticket, the policy, a short lifetime', async (t) => {
  const before = Math.floor(Date.now() / 1000);
  const response = await app.inject({
    method: 'POST',
    url: '/api/telephony/signalwire/token',
    headers: authHeader('agent-7', { caller_id: '+12025550177' }),
    payload: { deviceType: 'browser' }
  });
  t.equal(response.statusCode, 200);
  const body = response.json();
  t.match(body, {
    dial: { mode: 'address', address: '/public/sw-dialer-pstn', ticket: /^v1\./ },
    policy: { allowedCountries: ['1', 'GB'], refusedTypes: ['PREMIUM_RATE'] }
  });
  const addresses = (await (
    await fetch(`${emulator.url}/api/fabric/resources/swml_scripts`, {
      headers: { authorization: `Basic ${Buffer.from(`${PROJECT}:${API_TOKEN}`).toString('base64')}` }
    })
  ).json()) as any;
  const resourceId = addresses.data[0].id;
  const [address] = (
    (await (
      await fetch(`${emulator.url}/api/fabric/resources/${resourceId}/addresses`, {
        headers: { authorization: `Basic ${Buffer.from(`${PROJECT}:${API_TOKEN}`).toString('base64')}` }
      })
    ).json()) as any
  ).data;
  t.same(decode(body.token).aa, [address.id], 'a guest token that reaches only the dial address');
  const exp = decode(body.token).exp;
  t.ok(exp >= before + 300 && exp <= before + 302, 'five minutes, not the subscriber token’s fifteen');
  t.notMatch(logs.join(''), new RegExp(body.dial.ticket.split('.')[2]), 'the ticket is not logged');
});

t.test('address mode without the resource: a 503 that says so, and the log names the fix', async (t) => {
  const missing = await buildTestApp(t, { signalwire: signalwire({ dialAddress: '/public/never-set-up' }) });
  const response = await missing.app.inject({
    method: 'POST',
    url: '/api/telephony/signalwire/token',
    headers: missing.authHeader('agent-9'),
    payload: { deviceType: 'browser' }
  });
  t.equal(response.statusCode, 503);
  t.match(response.json().error, { code: 'UPSTREAM_UNAVAILABLE', details: { upstream: 'signalwire', reason: 'rejected' } });
  t.match(missing.logs.join(''), /no resource at \/public\/never-set-up: run pnpm signalwire:setup/);
});

t.test('direct mode keeps the subscriber token and says so', async (t) => {
  const direct = await buildTestApp(t, { signalwire: signalwire({ dialMode: 'direct' }) });
  const body = (
    await direct.app.inject({
      method: 'POST',
      url: '/api/telephony/signalwire/token',
      headers: direct.authHeader('agent-8'),
      payload: { deviceType: 'browser' }
    })
  ).json();
  t.same(body.dial, { mode: 'direct' });
  t.same(body.policy, { allowedCountries: [], refusedTypes: ['PREMIUM_RATE'] }, 'the default policy');
  t.notOk('aa' in decode(body.token), 'a subscriber token');
});

t.test('POST /calls refuses a destination the policy refuses, naming the policy; inbound calls are not checked', async (t) => {
  const headers = authHeader(`caller-${randomUUID()}`);
  const premium = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: newCallBody({ number: '+19005550100' }) });
  t.equal(premium.statusCode, 400);
  t.match(premium.json().error, {
    code: 'VALIDATION_FAILED',
    message: /DIAL_REFUSED_NUMBER_TYPES/,
    details: { policy: 'DIAL_REFUSED_NUMBER_TYPES', issues: [{ field: 'body.number' }] }
  });
  const france = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: newCallBody({ number: '+33142685300' }) });
  t.equal(france.statusCode, 400);
  t.match(france.json().error, { details: { policy: 'DIAL_ALLOWED_COUNTRIES' }, message: /FR/ });
  const inbound = await app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers,
    payload: newCallBody({ number: '+33142685300', direction: 'inbound', status: 'ringing' })
  });
  t.equal(inbound.statusCode, 201, `who rang is not a destination: ${inbound.body}`);
  await app.inject({
    method: 'PATCH',
    url: `/api/telephony/calls/${inbound.json().id}`,
    headers,
    payload: { status: 'ended', endReason: 'canceled', endedAt: new Date().toISOString() }
  });
  t.equal(
    (await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: newCallBody({ number: '+442079460000' }) })).statusCode,
    201,
    'GB is allowed'
  );
});

t.test('dial-policy: the shared secret is required; the user comes from the ticket, never from the request', async (t) => {
  t.equal((await askPolicy({ to: '+12025550100', ticket: ticketFor('u') }, null)).statusCode, 401, 'no secret');
  const wrong = await askPolicy({ to: '+12025550100', ticket: ticketFor('u') }, 'not-the-secret');
  t.equal(wrong.statusCode, 401);
  t.match(wrong.json().error, { code: 'UNAUTHORIZED' });
  const jwtOnly = await app.inject({
    method: 'POST',
    url: '/api/telephony/signalwire/dial-policy',
    headers: authHeader('u'),
    payload: { to: '+12025550100', ticket: ticketFor('u') }
  });
  t.equal(jwtOnly.statusCode, 401, 'a user’s JWT does not open it');
  t.same(
    (await askPolicy({ to: '+12025550100', ticket: ticketFor('u') })).json(),
    { decision: 'allow', to: '+12025550100', from: '+12025550199' },
    'the company caller ID'
  );
  t.same(
    (await askPolicy({ to: '+12025550100', ticket: ticketFor('u', '+12025550177') })).json(),
    { decision: 'allow', to: '+12025550100', from: '+12025550177' },
    'the user’s own caller ID'
  );
  const forged = signDialTicket('another-secret-that-is-at-least-32-characters', { userId: 'u', exp: Math.floor(Date.now() / 1000) + 60 });
  t.match((await askPolicy({ to: '+12025550100', ticket: forged })).json(), { decision: 'refuse', rule: 'DIAL_TICKET', message: /forged/ });
  const expired = signDialTicket(SECRET, { userId: 'u', exp: Math.floor(Date.now() / 1000) - 1 });
  t.match((await askPolicy({ to: '+12025550100', ticket: expired })).json(), { decision: 'refuse', rule: 'DIAL_TICKET', message: /expired/ });
  t.match(
    (await askPolicy({ to: '', ticket: '' })).json(),
    { decision: 'refuse', rule: 'DIAL_TICKET' },
    'empty user variables are a refusal the script can branch on'
  );
  t.match((await askPolicy({ to: '/public/elsewhere', ticket: ticketFor('u') })).json(), { decision: 'refuse', rule: 'INVALID_NUMBER' });
  const noCallerId = await buildTestApp(t, { signalwire: signalwire({ fromNumber: undefined }) });
  const refused = await noCallerId.app.inject({
    method: 'POST',
    url: '/api/telephony/signalwire/dial-policy',
    headers: { 'x-dial-policy-secret': SECRET },
    payload: { to: '+12025550100', ticket: ticketFor('u') }
  });
  t.match(refused.json(), { decision: 'refuse', rule: 'CALLER_ID' });
  t.notMatch(logs.join(''), new RegExp(SECRET), 'the secret is never logged');
});

t.test('dial-policy: a refused number is refused and logged for the ticket’s user as failed, with the policy as the reason', async (t) => {
  const userId = `bypasser-${randomUUID()}`;
  const headers = authHeader(userId);
  const clientSessionId = randomUUID();
  const answer = await askPolicy({ to: '+19005550100', ticket: ticketFor(userId), clientSessionId, callId: 'sw-call-1' });
  t.equal(answer.statusCode, 200);
  t.match(answer.json(), { decision: 'refuse', rule: 'DIAL_REFUSED_NUMBER_TYPES', message: /premium-rate/ });
  const history = (await app.inject({ method: 'GET', url: '/api/telephony/history', headers })).json();
  t.match(history.items, [
    {
      number: '+19005550100',
      status: 'failed',
      endReason: 'error',
      errorCode: 'DIAL_POLICY',
      errorMessage: /DIAL_REFUSED_NUMBER_TYPES/,
      answeredAt: null,
      durationMs: 0
    }
  ]);
  t.equal(history.items.length, 1);
  const again = await askPolicy({ to: '+19005550100', ticket: ticketFor(userId), clientSessionId });
  t.equal(again.json().decision, 'refuse');
  t.equal((await app.inject({ method: 'GET', url: '/api/telephony/history', headers })).json().items.length, 1, 'the same session is one row');
  t.notMatch(logs.join(''), /19005550100/, 'the full number is never logged');
});

t.test('dial-policy: a row the widget opened is closed as failed by the refusal', async (t) => {
  const userId = `widget-${randomUUID()}`;
  const headers = authHeader(userId);
  const clientSessionId = randomUUID();
  // A policy the widget did not know: the row was opened, then SignalWire's script asked.
  const opened = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: newCallBody({ number: '+12025550100', clientSessionId }) });
  t.equal(opened.statusCode, 201);
  const strict = await buildTestApp(t, { signalwire: signalwire(), dialPolicy: { allowedCountries: ['44'], refusedTypes: [] } });
  // The strict app has its own database: open the row there and ask it.
  const strictHeaders = strict.authHeader(userId);
  const row = await strict.app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers: strictHeaders,
    payload: newCallBody({ number: '+442079460000', clientSessionId })
  });
  t.equal(row.statusCode, 201);
  const refused = await strict.app.inject({
    method: 'POST',
    url: '/api/telephony/signalwire/dial-policy',
    headers: { 'x-dial-policy-secret': SECRET },
    payload: { to: '+12025550100', ticket: ticketFor(userId), clientSessionId }
  });
  t.match(refused.json(), { decision: 'refuse', rule: 'DIAL_ALLOWED_COUNTRIES' });
  const call = (await strict.app.inject({ method: 'GET', url: `/api/telephony/calls/${row.json().id}`, headers: strictHeaders })).json();
  t.match(call, { status: 'failed', endReason: 'error', errorCode: 'DIAL_POLICY', errorMessage: /DIAL_ALLOWED_COUNTRIES/ });
  await app.inject({
    method: 'PATCH',
    url: `/api/telephony/calls/${opened.json().id}`,
    headers,
    payload: { status: 'ended', endReason: 'canceled', endedAt: new Date().toISOString() }
  });
});

t.test('bridge: only the user’s own phone, only allowed destinations, on its own rate limit', async (t) => {
  const limited = await buildTestApp(t, { signalwire: signalwire({ dialMode: 'direct' }), bridgeRateLimitMax: 2 });
  const bridge = (headers: Record<string, string>, number: string, agentNumber: string) =>
    limited.app.inject({ method: 'POST', url: '/api/telephony/calls/bridge', headers, payload: { number, agentNumber, clientSessionId: randomUUID() } });
  const callsBefore = ((await (await fetch(`${emulator.url}/__emulator/calls`)).json()) as unknown[]).length;

  const someoneElses = await bridge(limited.authHeader('agent-a', { phone_number: '+12025550161' }), '+12025550100', '+12025550162');
  t.equal(someoneElses.statusCode, 403);
  t.match(someoneElses.json().error, { code: 'FORBIDDEN', message: /your own phone/, details: { field: 'body.agentNumber' } });
  const noClaim = await bridge(limited.authHeader('agent-b'), '+12025550100', '+12025550162');
  t.equal(noClaim.statusCode, 403);
  t.match(noClaim.json().error.message, /phone_number/);
  const premium = await bridge(limited.authHeader('agent-c', { phone_number: '+12025550163' }), '+19005550100', '+12025550163');
  t.equal(premium.statusCode, 400);
  t.match(premium.json().error, { details: { policy: 'DIAL_REFUSED_NUMBER_TYPES', issues: [{ field: 'body.number' }] } });
  const premiumAgent = await bridge(limited.authHeader('agent-d', { phone_number: '+19005550101' }), '+12025550100', '+19005550101');
  t.equal(premiumAgent.statusCode, 400, 'the agent leg obeys the policy too');
  t.match(premiumAgent.json().error.details, { issues: [{ field: 'body.agentNumber' }] });
  t.equal(((await (await fetch(`${emulator.url}/__emulator/calls`)).json()) as unknown[]).length, callsBefore, 'nothing was rung');
  t.equal((await limited.app.db.selectFrom('call_logs').select('id').execute()).length, 0, 'and nothing logged');

  const own = limited.authHeader('agent-e', { phone_number: '+12025550164' });
  const statuses: number[] = [];
  for (let i = 0; i < 3; i += 1) statuses.push((await bridge(own, '+12025550100', '+12025550165')).statusCode);
  t.same(statuses, [403, 403, 429], 'the third bridge request in a minute is refused before anything else');
  const call = await limited.app.inject({ method: 'POST', url: '/api/telephony/calls', headers: own, payload: newCallBody() });
  t.equal(call.statusCode, 201, 'other routes are counted apart');
});
