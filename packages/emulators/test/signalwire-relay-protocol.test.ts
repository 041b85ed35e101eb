import { randomUUID } from 'node:crypto';
import t from 'tap';
import { controlCall, mintToken, setScenario, startEmulator, waitFor } from './fixtures/signalwire-helpers.js';
import { connectParams, RelayClient, vertoRequest } from './fixtures/relay-client.js';
import { makeOffer } from './fixtures/werift-offer.js';

const emulator = await startEmulator({ pingIntervalMs: 300, reconnectGraceMs: 2000 });
t.teardown(() => emulator.close());

async function connected(): Promise<RelayClient> {
  const client = await RelayClient.open(emulator.wsUrl);
  const { token } = await mintToken(emulator);
  const reply = await client.request('signalwire.connect', connectParams(token));
  if (!reply.result) throw new Error(`connect failed: ${JSON.stringify(reply.error)}`);
  await client.event('signalwire.authorization.state');
  return client;
}

t.test('connect: authorization with jti and a protocol the SDK can reuse; then the authorization state', async (t) => {
  const client = await RelayClient.open(emulator.wsUrl);
  t.teardown(() => client.close());
  const { token } = await mintToken(emulator, { reference: 'dave' });
  const reply = await client.request('signalwire.connect', connectParams(token));
  t.match(reply.result, {
    identity: String,
    protocol: String,
    ice_servers: Array,
    authorization: { jti: String, project_id: 'test-project-0001', fabric_subscriber: { subscriber_id: String, expires_at: Number } }
  });
  t.equal(reply.result.protocol.split('_')[1], reply.result.authorization.jti, "protocol.split('_')[1] is the jti");
  const state = await client.event('signalwire.authorization.state');
  t.type(state['authorization_state'], 'string');
  const again = await client.request('signalwire.connect', connectParams(token));
  t.equal(again.error?.code, -32600, 'a second connect on one socket is refused');
});

t.test('bad and expired tokens are refused with -32002; the socket can still authenticate', async (t) => {
  const client = await RelayClient.open(emulator.wsUrl);
  t.teardown(() => client.close());
  const bad = await client.request('signalwire.connect', connectParams('not.a.jwt'));
  t.equal(bad.error?.code, -32002);
  const { token: shortLived } = await mintToken(emulator, { reference: 'erin', expire_at: Math.floor(Date.now() / 1000) + 1 });
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const expired = await client.request('signalwire.connect', connectParams(shortLived));
  t.equal(expired.error?.code, -32002);
  t.match(expired.error?.message, /expired/);
  const missing = await client.request('signalwire.connect', { version: { major: 4 } });
  t.equal(missing.error?.code, -32602, 'no authentication at all');
  const { token } = await mintToken(emulator);
  const good = await client.request('signalwire.connect', connectParams(token));
  t.ok(good.result, 'the same socket connects with a good token');
});

t.test('requests before connect are refused', async (t) => {
  const client = await RelayClient.open(emulator.wsUrl);
  t.teardown(() => client.close());
  const reply = await client.request('webrtc.verto', vertoRequest('verto.invite', randomUUID()).params);
  t.equal(reply.error?.code, -32001);
});

t.test('bad frames get JSON-RPC errors and the session keeps working', async (t) => {
  const client = await connected();
  t.teardown(() => client.close());
  client.sendRaw('{not json');
  t.match(await client.next((f) => f.error?.code === -32700), { id: null });
  client.send({ jsonrpc: '2.0', id: 'no-method' });
  t.equal((await client.next((f) => f.id === 'no-method')).error?.code, -32600);
  client.send([1, 2, 3]);
  t.equal((await client.next((f) => f.error?.code === -32600 && f.id === null)).error?.code, -32600);
  t.equal((await client.request('signalwire.nonsense')).error?.code, -32601, 'unknown method');
  const noCallId = await client.request('webrtc.verto', vertoRequest('verto.invite', undefined, { sdp: 'v=0' }).params);
  t.equal(noCallId.error?.code, -32602, 'missing callID');
  const unknownCall = await client.request('webrtc.verto', vertoRequest('verto.bye', randomUUID()).params);
  t.equal(unknownCall.error?.code, -32602, 'bye for a call that never existed');
  const noSdp = await client.request('webrtc.verto', vertoRequest('verto.invite', randomUUID(), {}, '+12025550101').params);
  t.equal(noSdp.error?.code, -32602, 'invite without sdp');
  const unknownVerto = await client.request('webrtc.verto', vertoRequest('verto.teleport', randomUUID()).params);
  t.ok(unknownVerto.error, 'unknown verto method on an unknown call is an error');

  const callId = randomUUID();
  const first = await client.request('webrtc.verto', vertoRequest('verto.invite', callId, { sdp: 'v=0\r\n' }, '+12025550101').params);
  t.equal(first.result?.result?.result?.message, 'CALL CREATED');
  const second = await client.request('webrtc.verto', vertoRequest('verto.invite', callId, { sdp: 'v=0\r\n' }, '+12025550101').params);
  t.equal(second.error?.code, -32602, 'second invite for the same callID');
  const ping = await client.request('signalwire.ping', { timestamp: 1 });
  t.same(ping.result, { timestamp: 1 }, 'still answering');
});

t.test('pings arrive on schedule and the reply is accepted', async (t) => {
  const client = await connected();
  t.teardown(() => client.close());
  const first = await client.next((f) => f.method === 'signalwire.ping', 2000);
  t.type(first.params?.['timestamp'], 'number');
  const second = await client.next((f) => f.method === 'signalwire.ping', 2000);
  t.not(second.id, first.id);
  // Answered pings keep the socket open well past three intervals.
  await new Promise((resolve) => setTimeout(resolve, 1200));
  t.equal(client.socket.readyState, 1, 'still open');
});

t.test('a client that never answers pings is disconnected', async (t) => {
  const client = await connected();
  client.autoPong = false;
  await new Promise<void>((resolve) => client.socket.once('close', () => resolve()));
  t.pass('closed by the server after missed pings');
});

t.test('reauthenticate: a fresh token of the same subscriber is accepted, garbage is not', async (t) => {
  const client = await connected();
  t.teardown(() => client.close());
  const { token } = await mintToken(emulator);
  const ok = await client.request('signalwire.reauthenticate', { authentication: { project: 'test-project-0001', jwt_token: token } });
  t.match(ok.result, { authorization: { jti: String } });
  const bad = await client.request('signalwire.reauthenticate', { authentication: { jwt_token: 'x.y.z' } });
  t.equal(bad.error?.code, -32002);
  const { token: other } = await mintToken(emulator, { reference: 'someone-else' });
  const foreign = await client.request('signalwire.reauthenticate', { authentication: { jwt_token: other } });
  t.equal(foreign.error?.code, -32002, 'another subscriber');
});

t.test('busy: created, then the phone leg ends and verto.bye USER_BUSY; no early media', async (t) => {
  const client = await connected();
  t.teardown(() => client.close());
  const callId = randomUUID();
  const reply = await client.request('webrtc.verto', vertoRequest('verto.invite', callId, { sdp: 'v=0\r\n' }, '+12025550101').params);
  t.equal(reply.result?.code, '200');
  const bye = await client.next((f) => f.params?.['params']?.method === 'verto.bye');
  t.match(bye.params?.['params']?.params, { callID: callId, cause: 'USER_BUSY', causeCode: 17 });
  t.same(
    client.eventTypes().filter((e) => e !== 'signalwire.authorization.state'),
    ['call.state:created', 'call.state:ending', 'call.state:ended']
  );
});

t.test('answered call over a raw socket: event order, ack replies, DTMF, hold, mute, bye', async (t) => {
  await setScenario(emulator, '+12025550100', { outcome: 'answer', ringMs: 200 });
  const offer = await makeOffer();
  const client = await connected();
  t.teardown(async () => {
    await client.close();
    await offer.close();
  });
  const callId = randomUUID();
  const created = await client.request('webrtc.verto', vertoRequest('verto.invite', callId, { sdp: offer.sdp }, '+12025550100').params);
  t.match(created.result, { code: '200', result: { result: { message: 'CALL CREATED', callID: callId } } });

  const media = await client.next((f) => f.params?.['params']?.method === 'verto.media');
  t.match(media.params?.['params']?.params?.sdp, /a=candidate:.* 127\.0\.0\.1 .* typ host/);
  t.notMatch(media.params?.['params']?.params?.sdp, /192\.0\.2\.|0\.0\.0\.0 \d+ typ/, 'only loopback candidates');
  // The SDK acks each Verto request with its own webrtc.verto, which must be answered.
  const ack = await client.request('webrtc.verto', {
    message: { jsonrpc: '2.0', id: media.params?.['params']?.id, result: { method: 'verto.media' } },
    node_id: 'x'
  });
  t.equal(ack.result?.code, '200');

  await waitFor('call.connect connected', () => (client.eventTypes().includes('call.connect:connected') ? true : undefined));
  const order = client.eventTypes().filter((e) => e !== 'signalwire.authorization.state');
  t.same(
    order,
    [
      'call.state:created',
      'call.state:ringing',
      'verto:verto.answer',
      'call.joined',
      'call.connect:connecting',
      'call.state:answered',
      'call.connect:connected'
    ],
    'event order after the media frame (as in the reference wire log)'
  );
  const answer = await client.next((f) => f.params?.['params']?.method === 'verto.answer');
  t.notOk(answer.params?.['params']?.params?.sdp, 'verto.answer carries no second SDP');
  t.match(await client.event('call.joined'), { call_id: callId, origin_call_id: callId, room_session: { members: [{ call_id: callId, audio_muted: false }] } });

  const info = await client.request('webrtc.verto', vertoRequest('verto.info', callId, { dtmf: '12#' }).params);
  t.match(info.result?.result?.result, { message: 'SENT', dtmf: '12#' });
  const hold = await client.request('webrtc.verto', vertoRequest('verto.modify', callId, { action: 'hold' }).params);
  t.equal(hold.result?.result?.result?.holdState, 'held');
  const unhold = await client.request('webrtc.verto', vertoRequest('verto.modify', callId, { action: 'unhold' }).params);
  t.equal(unhold.result?.result?.result?.holdState, 'active');
  const weird = await client.request('webrtc.verto', vertoRequest('verto.modify', callId, { action: 'transfer' }).params);
  t.equal(weird.error?.code, -32602, 'unsupported modify action');
  const target = { call_id: callId, member_id: 'm' };
  const mute = await client.request('call.mute', { channels: ['audio'], self: target, target });
  t.equal(mute.result?.code, '200');
  t.match((await client.event('member.updated')).member, { updated: ['audio_muted'], audio_muted: true });
  await client.request('call.unmute', { channels: ['audio'], self: target, target });
  t.match((await client.event('member.updated')).member, { audio_muted: false });
  const badMute = await client.request('call.mute', { channels: ['audio'], target: { call_id: randomUUID() } });
  t.equal(badMute.error?.code, -32602);

  const bye = await client.request('webrtc.verto', vertoRequest('verto.bye', callId).params);
  t.match(bye.result?.result?.result, { message: 'CALL ENDED', cause: 'NORMAL_CLEARING', causeCode: 16 });
  await client.event('call.left');
  const byeAgain = await client.request('webrtc.verto', vertoRequest('verto.bye', callId).params);
  t.equal(byeAgain.result?.code, '200', 'a late second bye still succeeds');
  t.match(await controlCall(emulator, callId), { dtmf: '12#', holds: ['hold', 'unhold'], mutes: ['mute', 'unmute'], hangupBy: 'caller', state: 'ended' });
});

t.test('a reconnect with the old protocol keeps the call; without one it ends after the grace period', async (t) => {
  await setScenario(emulator, '+14155550111', { outcome: 'answer', ringMs: 100 });
  const offer = await makeOffer();
  t.teardown(() => offer.close());
  const { token } = await mintToken(emulator);
  const first = await RelayClient.open(emulator.wsUrl);
  const { result } = await first.request('signalwire.connect', connectParams(token));
  const callId = randomUUID();
  await first.request('webrtc.verto', vertoRequest('verto.invite', callId, { sdp: offer.sdp }, '+14155550111').params);
  await first.event('call.joined');
  await first.close();

  const second = await RelayClient.open(emulator.wsUrl);
  t.teardown(() => second.close());
  const again = await second.request('signalwire.connect', connectParams(token, { protocol: result.protocol }));
  t.equal(again.result?.protocol, result.protocol, 'same protocol');
  await new Promise((resolve) => setTimeout(resolve, 2300));
  t.equal((await controlCall(emulator, callId))?.state, 'active', 'the call survived the grace period');
  const bye = await second.request('webrtc.verto', vertoRequest('verto.bye', callId).params);
  t.equal(bye.result?.result?.result?.cause, 'NORMAL_CLEARING');

  const offer2 = await makeOffer();
  t.teardown(() => offer2.close());
  const lonely = await connected();
  const lostCall = randomUUID();
  await lonely.request('webrtc.verto', vertoRequest('verto.invite', lostCall, { sdp: offer2.sdp }, '+14155550111').params);
  await lonely.event('call.joined');
  await lonely.close();
  const record = await waitFor(
    'the abandoned call to end',
    async () => {
      const found = await controlCall(emulator, lostCall);
      return found?.state === 'ended' ? found : undefined;
    },
    5000
  );
  t.equal(record.hangupBy, 'system');
});
