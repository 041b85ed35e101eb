import { randomUUID } from 'node:crypto';
import t, { type Test } from 'tap';
import { startSignalWireEmulator } from '../../emulators/src/signalwire/index.js';
import { buildTestApp } from './helpers/build-test-app.js';
import { newCallBody } from './helpers/call-bodies.js';

// Issue 14 item 1, ADR 50: whatever the server does at SignalWire rests on what the server wrote (the bridge
// call it placed, for the user it placed it for), never on a field a client sets. A SignalWire call id is not
// a secret (logs, webhooks, support tickets), so user B is assumed to know user A's.

const PROJECT = 'ownership-project';
// The suite's log scan looks for this token, so a leak of it from these requests would be caught too.
const API_TOKEN = 'test-api-token-secret';
const emulator = await startSignalWireEmulator({ projectId: PROJECT, apiToken: API_TOKEN, port: 0, ringTimeoutMs: 1500 });
t.teardown(() => emulator.close());

const { app, authHeader } = await buildTestApp(t, {
  signalwire: {
    spaceUrl: emulator.url,
    projectId: PROJECT,
    apiToken: API_TOKEN,
    tokenTtlS: 900,
    relayHost: emulator.wsUrl,
    fromNumber: '+12025550199',
    timeoutMs: 1000
  }
});

const AGENT_A = '+12025550170';
const AGENT_B = '+12025550171';
// Each signed in with their own phone: the bridge rings only that (ADR 0065).
const alice = authHeader(`alice-${randomUUID()}`, { phone_number: AGENT_A });
const bob = authHeader(`bob-${randomUUID()}`, { phone_number: AGENT_B });

async function setScenario(number: string, scenario: { outcome: string; ringMs: number; hangupAfterMs: number }) {
  const response = await fetch(`${emulator.url}/__emulator/scenarios/${encodeURIComponent(number)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(scenario)
  });
  if (!response.ok) throw new Error(`scenario for ${number} refused: ${response.status}`);
}

/** The state of one call leg as SignalWire (the emulator) holds it. */
async function legState(sid: string): Promise<string | undefined> {
  const calls = (await (await fetch(`${emulator.url}/__emulator/calls`)).json()) as Array<{ callId: string; state: string }>;
  return calls.find((call) => call.callId === sid)?.state;
}

/** How many requests this API has sent to SignalWire so far, whatever their outcome (from /metrics). */
async function signalwireRequests(): Promise<number> {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const counts = [...text.matchAll(/^sw_dialer_upstream_request_duration_seconds_count\{upstream="signalwire",outcome="[^"]*"\} (\d+)$/gm)];
  return counts.reduce((sum, match) => sum + Number(match[1]), 0);
}

const get = (headers: Record<string, string>, id: string) => app.inject({ method: 'GET', url: `/api/telephony/calls/${id}`, headers });
const hangup = (headers: Record<string, string>, id: string) => app.inject({ method: 'POST', url: `/api/telephony/calls/${id}/hangup`, headers, payload: {} });
const patch = (headers: Record<string, string>, id: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers, payload });
const close = (headers: Record<string, string>, id: string) =>
  patch(headers, id, { status: 'ended', endReason: 'canceled', endedAt: new Date().toISOString() });

async function pollUntil(headers: Record<string, string>, id: string, done: (call: { status: string }) => boolean) {
  for (let attempt = 0; attempt < 80; attempt += 1) {
    const call = (await get(headers, id)).json();
    if (done(call)) return call;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`call ${id} never reached the expected state`);
}

// Alice's bridge call: her phone answers and the call stays up until someone ends it.
await setScenario(AGENT_A, { outcome: 'answer', ringMs: 100, hangupAfterMs: 120_000 });
const placed = await app.inject({
  method: 'POST',
  url: '/api/telephony/calls/bridge',
  headers: alice,
  payload: { number: '+12025550100', agentNumber: AGENT_A, clientSessionId: randomUUID() }
});
if (placed.statusCode !== 201) throw new Error(`Alice's bridge call was not placed: ${placed.body}`);
const aliceCallId: string = placed.json().id;
const aliceConnected = await pollUntil(alice, aliceCallId, (call) => call.status === 'connected');
const aliceSid: string = aliceConnected.providerCallId;

/** Alice's call is untouched: up at SignalWire, connected in her log. */
async function aliceUntouched(t: Test) {
  t.equal(await legState(aliceSid), 'in-progress', 'Alice’s call is still up at SignalWire');
  t.match((await get(alice, aliceCallId)).json(), { status: 'connected', endedAt: null }, 'and still connected in her log');
}

t.test('Alice’s call is a real bridge call the emulator knows', async (t) => {
  t.type(aliceSid, 'string');
  t.equal(await legState(aliceSid), 'in-progress');
});

const forgedCreates: Array<[string, Record<string, unknown>]> = [
  ['her provider call id and bridge metadata', { providerCallId: aliceSid, metadata: { transport: 'bridge' } }],
  [
    'metadata naming her call every way a bridge row might',
    { providerCallId: aliceSid, metadata: { transport: 'bridge', bridgeCallSid: aliceSid, bridge_call_sid: aliceSid, providerCallId: aliceSid, sid: aliceSid } }
  ],
  ['her provider call id alone', { providerCallId: aliceSid }],
  ['bridge metadata alone', { metadata: { transport: 'bridge' } }]
];

for (const [label, fields] of forgedCreates) {
  t.test(`Bob logs a call with ${label}: reading and ending it never reaches SignalWire`, async (t) => {
    const created = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: bob, payload: newCallBody(fields) });
    t.equal(created.statusCode, 201, 'the row itself is Bob’s to log');
    const id: string = created.json().id;
    const before = await signalwireRequests();
    const read = await get(bob, id);
    t.equal(read.statusCode, 200);
    t.match(read.json(), { status: 'dialing', answeredAt: null }, 'Alice’s status is not mirrored into Bob’s row');
    const ended = await hangup(bob, id);
    t.equal(ended.statusCode, 409, 'the server did not place this call, so it does not end it');
    t.match(ended.json().error, { code: 'CONFLICT', message: /only a call placed through your phone/ });
    t.equal(await signalwireRequests(), before, 'not one request went to SignalWire');
    await aliceUntouched(t);
    t.equal((await close(bob, id)).statusCode, 200);
  });
}

t.test('Bob patches his own browser call to look like Alice’s bridge call: still nothing at SignalWire', async (t) => {
  const created = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: bob, payload: newCallBody() });
  const id: string = created.json().id;
  t.equal((await patch(bob, id, { status: 'ringing', providerCallId: aliceSid, metadata: { transport: 'bridge', bridgeCallSid: aliceSid } })).statusCode, 200);
  const before = await signalwireRequests();
  t.match((await get(bob, id)).json(), { status: 'ringing', providerCallId: aliceSid });
  t.equal((await hangup(bob, id)).statusCode, 409);
  t.equal(await signalwireRequests(), before, 'not one request went to SignalWire');
  await aliceUntouched(t);
  t.equal((await close(bob, id)).statusCode, 200);
});

t.test('the server-only field cannot be sent: create and patch refuse it by name', async (t) => {
  for (const field of ['bridgeCallSid', 'bridge_call_sid']) {
    const create = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: bob, payload: newCallBody({ [field]: aliceSid }) });
    t.equal(create.statusCode, 400, `create with ${field}`);
    t.match(create.json().error.details.issues[0].field, new RegExp(field));
  }
  const own = (await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: bob, payload: newCallBody() })).json().id as string;
  const patched = await patch(bob, own, { bridgeCallSid: aliceSid });
  t.equal(patched.statusCode, 400);
  t.match(patched.json().error.details.issues[0].field, /bridgeCallSid/);
  t.equal((await close(bob, own)).statusCode, 200);
});

t.test('a bridge request that replays a forged row’s session places nothing and does not adopt the row', async (t) => {
  const clientSessionId = randomUUID();
  const forged = await app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers: bob,
    payload: newCallBody({ clientSessionId, providerCallId: aliceSid, metadata: { transport: 'bridge' } })
  });
  t.equal(forged.statusCode, 201);
  const before = await signalwireRequests();
  const replay = await app.inject({
    method: 'POST',
    url: '/api/telephony/calls/bridge',
    headers: bob,
    payload: { number: '+12025550100', agentNumber: AGENT_B, clientSessionId }
  });
  t.equal(replay.statusCode, 200, 'the session is already logged');
  t.equal(replay.json().id, forged.json().id);
  t.equal((await hangup(bob, forged.json().id)).statusCode, 409, 'the replay did not make the row a bridge call');
  t.equal(await signalwireRequests(), before, 'no call placed, read or ended');
  await aliceUntouched(t);
  t.equal((await close(bob, forged.json().id)).statusCode, 200);
});

t.test('Bob’s own bridge call, re-labelled with Alice’s call id: the server acts on Bob’s call only', async (t) => {
  await setScenario(AGENT_B, { outcome: 'answer', ringMs: 10_000, hangupAfterMs: 120_000 });
  const bridged = await app.inject({
    method: 'POST',
    url: '/api/telephony/calls/bridge',
    headers: bob,
    payload: { number: '+12025550100', agentNumber: AGENT_B, clientSessionId: randomUUID() }
  });
  t.equal(bridged.statusCode, 201);
  const id: string = bridged.json().id;
  const bobSid: string = (await get(bob, id)).json().providerCallId;
  t.not(bobSid, aliceSid);
  t.equal((await patch(bob, id, { providerCallId: aliceSid, metadata: { transport: 'bridge', bridgeCallSid: aliceSid } })).statusCode, 200);
  const read = (await get(bob, id)).json();
  t.not(read.status, 'connected', 'Bob’s row follows Bob’s ringing phone, not Alice’s answered call');
  const ended = await hangup(bob, id);
  t.equal(ended.statusCode, 200);
  t.match(ended.json(), { status: 'ended', endReason: 'canceled' }, 'Bob’s unanswered call is canceled');
  t.equal(await legState(bobSid), 'canceled', 'SignalWire ended Bob’s call');
  await aliceUntouched(t);
});

t.test('Alice’s call, by its own id, is out of Bob’s reach', async (t) => {
  t.equal((await get(bob, aliceCallId)).statusCode, 404);
  t.equal((await hangup(bob, aliceCallId)).statusCode, 404);
  t.equal((await patch(bob, aliceCallId, { status: 'ended', endReason: 'canceled', endedAt: new Date().toISOString() })).statusCode, 404);
  await aliceUntouched(t);
});

t.test('Alice still ends her own call', async (t) => {
  const ended = await hangup(alice, aliceCallId);
  t.equal(ended.statusCode, 200);
  t.match(ended.json(), { status: 'ended', endReason: 'local-hangup' });
  t.equal(await legState(aliceSid), 'completed');
});
