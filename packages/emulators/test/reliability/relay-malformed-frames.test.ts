import fc from 'fast-check';
import t from 'tap';
import { connectParams, RelayClient } from '../fixtures/relay-client.js';
import { mintToken, startEmulator } from '../fixtures/signalwire-helpers.js';

/**
 * 1,000 malformed frames at the relay, before and after connecting: every one that is JSON with an id
 * gets a JSON-RPC error, none closes the server, and a well-formed session works afterwards.
 */
const emulator = await startEmulator({ pingIntervalMs: 60_000 });
t.teardown(() => emulator.close());

const methods = fc.constantFrom('signalwire.connect', 'webrtc.verto', 'call.mute', 'call.unmute', 'signalwire.reauthenticate', 'nope', '', '__proto__');
const junkValue = fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));
const frame = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        jsonrpc: fc.constantFrom('2.0', '1.0', 2),
        id: fc.oneof(fc.uuid(), fc.integer(), fc.constant(null)),
        method: methods,
        params: fc.dictionary(fc.string({ maxLength: 12 }), junkValue, { maxKeys: 4 })
      },
      { requiredKeys: ['id'] }
    )
    .map((value) => JSON.stringify(value)),
  fc
    .record({
      message: fc.record(
        {
          method: fc.constantFrom('verto.invite', 'verto.bye', 'verto.info', 'verto.modify', 'verto.x'),
          params: fc.dictionary(fc.constantFrom('dialogParams', 'sdp', 'callID', 'dtmf', 'action'), junkValue)
        },
        { requiredKeys: [] }
      )
    })
    .map((params) => JSON.stringify({ jsonrpc: '2.0', id: crypto.randomUUID(), method: 'webrtc.verto', params }))
);

async function barrage(client: RelayClient, count: number) {
  const frames = fc.sample(frame, { numRuns: count, seed: 4242 + count });
  for (const text of frames) client.sendRaw(text);
  // A ping-like request at the end: once it is answered, every frame before it has been handled.
  const marker = await client.request('nope.marker', {});
  return { frames, marker };
}

t.test('an unauthenticated socket survives 500 malformed frames', async (t) => {
  const client = await RelayClient.open(emulator.wsUrl);
  t.teardown(() => client.socket.close());
  const { marker } = await barrage(client, 500);
  t.ok(marker.error, 'the server still answers, with an error for the unknown method');
  t.equal(client.socket.readyState, client.socket.OPEN, 'the socket was not dropped');
  const errors = client.frames.filter((f) => f.error);
  t.ok(errors.length > 100, `JSON-RPC errors were returned (${errors.length})`);
  t.ok(
    errors.every((f) => typeof f.error?.code === 'number' && typeof f.error?.message === 'string'),
    'every error is well formed'
  );
});

t.test('a connected session survives 500 malformed frames, and new sessions still connect', async (t) => {
  const client = await RelayClient.open(emulator.wsUrl);
  t.teardown(() => client.socket.close());
  const { token } = await mintToken(emulator);
  const reply = await client.request('signalwire.connect', connectParams(token));
  t.ok(reply.result, 'connected');
  await barrage(client, 500);
  t.equal(client.socket.readyState, client.socket.OPEN);
  const fresh = await RelayClient.open(emulator.wsUrl);
  t.teardown(() => fresh.socket.close());
  const second = await fresh.request('signalwire.connect', connectParams((await mintToken(emulator)).token));
  t.ok(second.result, 'the server accepts new sessions afterwards');
});
