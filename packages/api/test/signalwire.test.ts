import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import t from 'tap';
import type { SignalWireConfig } from '../src/config.js';
import { startSignalWireEmulator } from '../../emulators/src/signalwire/index.js';
import { buildTestApp } from './helpers/build-test-app.js';

const PROJECT = 'test-project';
const API_TOKEN = 'test-api-token-secret';
const emulator = await startSignalWireEmulator({ projectId: PROJECT, apiToken: API_TOKEN, port: 0, ringTimeoutMs: 1500 });
t.teardown(() => emulator.close());

const signalwire = (overrides: Partial<SignalWireConfig> = {}): SignalWireConfig => ({
  spaceUrl: emulator.url,
  projectId: PROJECT,
  apiToken: API_TOKEN,
  tokenTtlS: 900,
  relayHost: emulator.wsUrl,
  fromNumber: '+12025550199',
  timeoutMs: 1000,
  ...overrides
});

const { app, authHeader, logs } = await buildTestApp(t, { signalwire: signalwire() });
const decode = (jwt: string, part: 0 | 1) => JSON.parse(Buffer.from(jwt.split('.')[part] as string, 'base64url').toString());

/** A loopback port where nothing listens, and one that accepts and never answers. */
async function deadEnds(): Promise<{ closedUrl: string; silentUrl: string; silent: Server }> {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const closedPort = (probe.address() as { port: number }).port;
  probe.close();
  const silent = createServer(() => undefined).listen(0, '127.0.0.1');
  await once(silent, 'listening');
  return { closedUrl: `http://127.0.0.1:${closedPort}`, silentUrl: `http://127.0.0.1:${(silent.address() as { port: number }).port}`, silent };
}

t.test('a signed-in user gets a short-lived SignalWire token for themselves', async (t) => {
  const before = Math.floor(Date.now() / 1000);
  const response = await app.inject({
    method: 'POST',
    url: '/api/telephony/signalwire/token',
    headers: authHeader('agent-1'),
    payload: { deviceType: 'browser' }
  });
  t.equal(response.statusCode, 200);
  const body = response.json();
  t.equal(body.relayHost, emulator.wsUrl, 'the emulator’s relay host travels with the token');
  const header = decode(body.token, 0);
  t.equal(header.typ, 'SAT');
  t.notOk('ch' in header, 'no channel claim: the SDK uses the host it is given');
  const claims = decode(body.token, 1);
  t.ok(claims.exp >= before + 900 && claims.exp <= before + 902, 'expires after the configured 15 minutes');
  t.ok(Math.abs(Date.parse(body.expiresAt) / 1000 - claims.exp) <= 1, 'expiresAt matches the token');
  t.notMatch(logs.join(''), new RegExp(`${API_TOKEN}|${body.token}`), 'neither the API token nor the issued token is logged');
});

t.test('the token route validates its body and needs a user', async (t) => {
  const bad = await app.inject({ method: 'POST', url: '/api/telephony/signalwire/token', headers: authHeader('agent-1'), payload: { deviceType: 'phone' } });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().error.details.issues[0].field, 'body.deviceType');
  const anonymous = await app.inject({ method: 'POST', url: '/api/telephony/signalwire/token', payload: { deviceType: 'browser' } });
  t.equal(anonymous.statusCode, 401);
});

t.test('upstream trouble becomes a clear 503, and credentials never leak', async (t) => {
  const { closedUrl, silentUrl, silent } = await deadEnds();
  t.teardown(() => silent.close());
  const cases: Array<[string, Partial<SignalWireConfig>, string]> = [
    ['wrong credentials', { apiToken: 'wrong-token' }, 'unauthorized'],
    ['nothing listening', { spaceUrl: closedUrl }, 'network'],
    ['no answer', { spaceUrl: silentUrl, timeoutMs: 200 }, 'timeout']
  ];
  for (const [label, overrides, reason] of cases) {
    const broken = await buildTestApp(t, { signalwire: signalwire(overrides) });
    const started = performance.now();
    const response = await broken.app.inject({
      method: 'POST',
      url: '/api/telephony/signalwire/token',
      headers: broken.authHeader('agent'),
      payload: { deviceType: 'browser' }
    });
    t.equal(response.statusCode, 503, label);
    const error = response.json().error;
    t.equal(error.code, 'UPSTREAM_UNAVAILABLE', label);
    t.same(error.details, { upstream: 'signalwire', reason }, `${label}: names the service and what went wrong`);
    t.match(error.message, /Cannot issue a calling token/);
    t.notMatch(
      JSON.stringify(response.json()) + broken.logs.join(''),
      /wrong-token|test-api-token-secret/,
      `${label}: no credential in the answer or the logs`
    );
    if (reason === 'timeout') t.ok(performance.now() - started < 200 * 3 + 1500, 'retries are bounded');
  }
});

t.test('/metrics times token issuance and the SignalWire requests behind it', async (t) => {
  const ok = await app.inject({ method: 'POST', url: '/api/telephony/signalwire/token', headers: authHeader('agent-2'), payload: { deviceType: 'browser' } });
  t.equal(ok.statusCode, 200);
  const broken = await buildTestApp(t, { signalwire: signalwire({ apiToken: 'wrong-token' }) });
  await broken.app.inject({ method: 'POST', url: '/api/telephony/signalwire/token', headers: broken.authHeader('agent'), payload: { deviceType: 'browser' } });
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  t.match(text, /sw_dialer_token_issuance_duration_seconds_count\{outcome="ok"\} [1-9]/);
  t.match(text, /sw_dialer_upstream_request_duration_seconds_count\{upstream="signalwire",outcome="ok"\} [1-9]/);
  const refused = (await broken.app.inject({ method: 'GET', url: '/metrics' })).body;
  t.match(refused, /sw_dialer_token_issuance_duration_seconds_count\{outcome="unauthorized"\} 1\n/, 'one failed issuance, after its retries');
  t.match(refused, /sw_dialer_upstream_request_duration_seconds_count\{upstream="signalwire",outcome="4xx"\} 1\n/, 'a refusal is not retried');
});

t.test('without SignalWire configured, the token and bridge routes say so, and that no retry helps', async (t) => {
  const notConfigured = { code: 'UPSTREAM_UNAVAILABLE', message: /not configured/, details: { upstream: 'signalwire', reason: 'not-configured' } };
  const bare = await buildTestApp(t);
  const response = await bare.app.inject({
    method: 'POST',
    url: '/api/telephony/signalwire/token',
    headers: bare.authHeader('a'),
    payload: { deviceType: 'browser' }
  });
  t.equal(response.statusCode, 503);
  t.match(response.json().error, notConfigured);
  const { fromNumber: _unset, ...withoutFromNumber } = signalwire();
  const noBridge = await buildTestApp(t, { signalwire: withoutFromNumber });
  const bridge = await noBridge.app.inject({
    method: 'POST',
    url: '/api/telephony/calls/bridge',
    headers: noBridge.authHeader('a'),
    payload: { number: '+12025550100', agentNumber: '+12025550142', clientSessionId: randomUUID() }
  });
  t.equal(bridge.statusCode, 503);
  t.match(bridge.json().error, { ...notConfigured, message: /SIGNALWIRE_FROM_NUMBER/ });
  t.equal(
    await noBridge.app.db
      .selectFrom('call_logs')
      .select('id')
      .execute()
      .then((rows) => rows.length),
    0,
    'no call log row for a call never placed'
  );
});

async function pollUntil(headers: Record<string, string>, id: string, done: (call: any) => boolean, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  let call: any;
  while (Date.now() < deadline) {
    call = (await app.inject({ method: 'GET', url: `/api/telephony/calls/${id}`, headers })).json();
    if (done(call)) return call;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`call never reached the expected state; last seen ${JSON.stringify(call)}`);
}

/** Makes the emulator's far end at `number` behave one way. */
async function setScenario(number: string, scenario: { outcome: string; ringMs: number; hangupAfterMs: number }) {
  await fetch(`${emulator.url}/__emulator/scenarios/${encodeURIComponent(number)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(scenario)
  });
}

t.test('bridge: the agent’s phone rings, answers, and the log follows by polling', async (t) => {
  await setScenario('+12025550150', { outcome: 'answer', ringMs: 300, hangupAfterMs: 700 });
  const headers = authHeader(`bridger-${randomUUID()}`, { phone_number: '+12025550150' });
  const body = { number: '+12025550100', agentNumber: '+12025550150', clientSessionId: randomUUID() };
  const created = await app.inject({ method: 'POST', url: '/api/telephony/calls/bridge', headers, payload: body });
  t.equal(created.statusCode, 201);
  const id = created.json().id;
  const again = await app.inject({ method: 'POST', url: '/api/telephony/calls/bridge', headers, payload: body });
  t.equal(again.statusCode, 200, 'a retried request does not ring the agent twice');
  t.equal(again.json().id, id);
  const connected = await pollUntil(headers, id, (call) => call.status === 'connected');
  t.match(connected, { number: '+12025550100', metadata: { transport: 'bridge' } });
  t.type(connected.providerCallId, 'string');
  const ended = await pollUntil(headers, id, (call) => call.status === 'ended');
  t.equal(ended.endReason, 'remote-hangup');
  t.ok(ended.durationMs > 0, 'connected time recorded');
  const calls = (await (await fetch(`${emulator.url}/__emulator/calls`)).json()) as Array<{ to: string }>;
  t.equal(calls.filter((call) => call.to === '+12025550150').length, 1, 'exactly one call to the agent');
});

t.test('bridge: polls that observe the end at the same moment count the call once', async (t) => {
  await setScenario('+12025550151', { outcome: 'answer', ringMs: 100, hangupAfterMs: 200 });
  const headers = authHeader(`bridger-${randomUUID()}`, { phone_number: '+12025550151' });
  const body = { number: '+12025550100', agentNumber: '+12025550151', clientSessionId: randomUUID() };
  const created = await app.inject({ method: 'POST', url: '/api/telephony/calls/bridge', headers, payload: body });
  t.equal(created.statusCode, 201);
  // Wait at the emulator, not through the API: the row must still be open when the polls arrive together.
  const deadline = Date.now() + 8000;
  let finished = false;
  while (!finished && Date.now() < deadline) {
    const calls = (await (await fetch(`${emulator.url}/__emulator/calls`)).json()) as Array<{ to: string; state: string }>;
    finished = calls.some((call) => call.to === '+12025550151' && call.state === 'completed');
    if (!finished) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  t.ok(finished, 'the emulator finished the call');
  const counted = async () => {
    const line = (await app.inject({ method: 'GET', url: '/metrics' })).body.match(/sw_dialer_calls_total\{status="ended",end_reason="remote-hangup"\} (\d+)/);
    return Number(line?.[1] ?? 0);
  };
  const before = await counted();
  const polls = await Promise.all(Array.from({ length: 10 }, () => app.inject({ method: 'GET', url: `/api/telephony/calls/${created.json().id}`, headers })));
  t.same(
    polls.map((poll) => `${poll.statusCode} ${poll.json().status}`),
    Array(10).fill('200 ended'),
    'every poll answers the ended call'
  );
  t.equal((await counted()) - before, 1, 'one finished call, one count');
});

t.test('bridge: a busy agent phone fails the call with the reason', async (t) => {
  const headers = authHeader(`bridger-${randomUUID()}`, { phone_number: '+12025550101' });
  const created = await app.inject({
    method: 'POST',
    url: '/api/telephony/calls/bridge',
    headers,
    payload: { number: '+12025550100', agentNumber: '+12025550101', clientSessionId: randomUUID() }
  });
  t.equal(created.statusCode, 201);
  const failed = await pollUntil(headers, created.json().id, (call) => call.status === 'failed');
  t.equal(failed.endReason, 'busy');
  t.equal(failed.durationMs, 0);
});

t.test('bridge hang-up: the widget ends the call through SignalWire, as a cancel or as its own hang-up', async (t) => {
  const user = `bridger-${randomUUID()}`;
  const headers = authHeader(user);
  const place = async (agentNumber: string) => {
    // The same user, signed in with that phone as their own.
    const own = authHeader(user, { phone_number: agentNumber });
    const created = await app.inject({
      method: 'POST',
      url: '/api/telephony/calls/bridge',
      headers: own,
      payload: { number: '+12025550100', agentNumber, clientSessionId: randomUUID() }
    });
    t.equal(created.statusCode, 201);
    return created.json().id as string;
  };
  const hangup = (id: string, payload: unknown = {}) =>
    app.inject({ method: 'POST', url: `/api/telephony/calls/${id}/hangup`, headers, payload: payload as object });
  const agentLeg = async (agentNumber: string) =>
    ((await (await fetch(`${emulator.url}/__emulator/calls`)).json()) as Array<{ to: string; state: string }>).filter((call) => call.to === agentNumber);

  // Still ringing at the agent: canceled.
  await setScenario('+12025550152', { outcome: 'answer', ringMs: 5000, hangupAfterMs: 60_000 });
  const ringing = await place('+12025550152');
  const canceled = await hangup(ringing);
  t.equal(canceled.statusCode, 200);
  t.match(canceled.json(), { status: 'ended', endReason: 'canceled', durationMs: 0 });
  t.match(await agentLeg('+12025550152'), [{ state: 'canceled' }], 'SignalWire canceled the agent leg');

  // Answered: the agent's own hang-up, with its talk time.
  await setScenario('+12025550153', { outcome: 'answer', ringMs: 100, hangupAfterMs: 60_000 });
  const answered = await place('+12025550153');
  await pollUntil(headers, answered, (call) => call.status === 'connected');
  const ended = await hangup(answered);
  t.equal(ended.statusCode, 200);
  t.match(ended.json(), { status: 'ended', endReason: 'local-hangup' });
  t.ok(ended.json().durationMs >= 0 && ended.json().answeredAt, 'connected time recorded');
  t.match(await agentLeg('+12025550153'), [{ state: 'completed' }]);

  const again = await hangup(answered);
  t.equal(again.statusCode, 409, 'a finished call cannot be ended again');
  t.match(again.json().error, { code: 'CONFLICT', details: { status: 'ended' } });
  t.equal((await hangup(answered, { force: true })).statusCode, 400, 'the body takes no fields');

  const browserCall = await app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers: authHeader(`browser-${randomUUID()}`),
    payload: { clientSessionId: randomUUID(), direction: 'outbound', number: '+12025550100', status: 'dialing', startedAt: new Date().toISOString() }
  });
  const notBridge = await app.inject({ method: 'POST', url: `/api/telephony/calls/${browserCall.json().id}/hangup`, headers, payload: {} });
  t.equal(notBridge.statusCode, 404, 'another user’s call is not found');
  t.equal((await hangup(randomUUID())).statusCode, 404);
  const ownBrowserCall = await app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers,
    payload: { clientSessionId: randomUUID(), direction: 'outbound', number: '+12025550100', status: 'dialing', startedAt: new Date().toISOString() }
  });
  const refused = await hangup(ownBrowserCall.json().id);
  t.equal(refused.statusCode, 409, 'a call the browser placed is ended by the browser');
  t.match(refused.json().error.message, /only a call placed through your phone/);
  await app.inject({
    method: 'PATCH',
    url: `/api/telephony/calls/${ownBrowserCall.json().id}`,
    headers,
    payload: { status: 'ended', endReason: 'canceled', endedAt: new Date().toISOString() }
  });
});

t.test('bridge: SignalWire down fails the row and answers 503', async (t) => {
  const { closedUrl, silent } = await deadEnds();
  t.teardown(() => silent.close());
  const broken = await buildTestApp(t, { signalwire: signalwire({ spaceUrl: closedUrl }) });
  const headers = broken.authHeader('agent', { phone_number: '+12025550150' });
  const response = await broken.app.inject({
    method: 'POST',
    url: '/api/telephony/calls/bridge',
    headers,
    payload: { number: '+12025550100', agentNumber: '+12025550150', clientSessionId: randomUUID() }
  });
  t.equal(response.statusCode, 503);
  t.match(response.json().error, {
    code: 'UPSTREAM_UNAVAILABLE',
    message: 'SignalWire could not place the call; try again shortly',
    details: { callId: String, upstream: 'signalwire', reason: 'network' }
  });
  const causes = broken.logs.map((line) => JSON.parse(line)).filter((line) => line.action === 'calls.bridge' && line.outcome === 'network');
  t.equal(causes.length, 1, 'the cause is logged once, by the error plugin');
  t.notMatch(JSON.stringify(causes), /2025550100|2025550150/, 'without the numbers');
  const row = (await broken.app.inject({ method: 'GET', url: `/api/telephony/calls/${response.json().error.details.callId}`, headers })).json();
  t.match(row, { status: 'failed', endReason: 'error', errorCode: 'UPSTREAM_UNAVAILABLE' });
  const next = await broken.app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers,
    payload: { clientSessionId: randomUUID(), direction: 'outbound', number: '+12025550100', status: 'dialing', startedAt: new Date().toISOString() }
  });
  t.equal(next.statusCode, 201, 'the failed attempt does not block the next call');
});

t.test('health reports each dependency with its latency', async (t) => {
  const response = await app.inject({ method: 'GET', url: '/api/telephony/health', headers: authHeader('ops') });
  t.equal(response.statusCode, 200);
  const body = response.json();
  t.equal(body.checks.database.status, 'ok');
  t.equal(body.checks.signalwire.status, 'ok');
  t.type(body.checks.signalwire.latencyMs, 'number');
  t.equal(body.checks.switchfree.status, 'down', 'no SwitchFree configured here');
  t.equal(body.status, 'degraded');
  const { closedUrl, silent } = await deadEnds();
  t.teardown(() => silent.close());
  const broken = await buildTestApp(t, { signalwire: signalwire({ spaceUrl: closedUrl }) });
  const down = (await broken.app.inject({ method: 'GET', url: '/api/telephony/health', headers: broken.authHeader('ops') })).json();
  t.equal(down.checks.signalwire.status, 'down');
  const refused = await buildTestApp(t, { signalwire: signalwire({ apiToken: 'wrong-token' }) });
  const badCredentials = (await refused.app.inject({ method: 'GET', url: '/api/telephony/health', headers: refused.authHeader('ops') })).json();
  t.equal(badCredentials.checks.signalwire.status, 'down', 'wrong credentials are not healthy');
  t.match(badCredentials.checks.signalwire.message, /refused the credentials/);
});

t.test('health answers 503 when the database is gone', async (t) => {
  const doomed = await buildTestApp(t);
  // Used once first: Kysely destroys only a connection pool it has opened (an unused one would reopen).
  t.equal((await doomed.app.inject({ method: 'GET', url: '/api/telephony/history', headers: doomed.authHeader('ops') })).statusCode, 200);
  await doomed.app.db.destroy();
  const response = await doomed.app.inject({ method: 'GET', url: '/api/telephony/health', headers: doomed.authHeader('ops') });
  t.equal(response.statusCode, 503);
  t.equal(response.json().checks.database.status, 'down');
});
