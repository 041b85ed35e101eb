// The connected call losing its link to SignalWire (docs/adr/0110): "Reconnecting…" is a sub-state of
// connected, the timer runs on, and the call either comes back or ends failed/network when it gave up.
import t from 'tap';
import { dialToLive, startHarness, statuses, T0 } from './harness.js';

async function connected() {
  const h = startHarness();
  await dialToLive(h);
  h.actor.send({ type: 'TRANSPORT.RINGING' });
  h.actor.send({ type: 'TRANSPORT.CONNECTED' });
  return h;
}

t.test('reconnecting and back: still connected for the host, the timer untouched, each loss counted once', async (t) => {
  const h = await connected();
  await h.advance(2_000);
  h.actor.send({ type: 'TRANSPORT.RECONNECTING' });
  t.match(h.view(), { state: 'connected', reconnecting: true, answeredAt: T0 }, 'reconnecting is connected, from the same answer time');
  h.actor.send({ type: 'TRANSPORT.RECONNECTING' });
  await h.advance(3_000);
  h.actor.send({ type: 'TRANSPORT.RECONNECTED' });
  t.match(h.view(), { state: 'connected', reconnecting: false, answeredAt: T0 });
  h.actor.send({ type: 'MUTE' });
  t.equal(h.view().muted, true, 'the controls work as before');
  h.actor.send({ type: 'TRANSPORT.RECONNECTING' });
  h.actor.send({ type: 'TRANSPORT.RECONNECTED' });
  await h.advance(1_000);
  h.actor.send({ type: 'HANGUP' });
  t.same(statuses(h), ['create:dialing', 'patch:ringing', 'patch:connected', 'patch:ended'], 'no log write for a reconnect');
  t.match(h.writes.at(-1), { body: { status: 'ended', endReason: 'local-hangup', durationMs: 6_000, metadata: { reconnects: 2 } } });
});

t.test('reconnecting, then given up: failed/network at the time it gave up', async (t) => {
  const h = await connected();
  await h.advance(2_000);
  h.actor.send({ type: 'TRANSPORT.RECONNECTING' });
  await h.advance(6_000);
  h.actor.send({ type: 'TRANSPORT.ENDED', sdkReason: 'MEDIA_STOPPED' });
  t.match(h.view(), { state: 'failed', endReason: 'network', reconnecting: false, durationMs: 8_000, endedAt: T0 + 8_000 });
  t.match(h.writes.at(-1), {
    body: { status: 'failed', endReason: 'network', errorCode: 'CONNECTION_LOST', durationMs: 8_000, metadata: { reconnects: 1 } }
  });
  t.equal(h.writes.filter((w) => w.kind === 'patch' && /failed|ended/.test(String(w.body.status))).length, 1, 'closed once');
});

t.test('a reconnect report outside a connected call changes nothing', async (t) => {
  const h = startHarness();
  await dialToLive(h);
  h.actor.send({ type: 'TRANSPORT.RECONNECTING' });
  t.match(h.view(), { state: 'dialing', reconnecting: false });
  h.actor.send({ type: 'TRANSPORT.CONNECTED' });
  h.actor.send({ type: 'HANGUP' });
  t.equal(h.writes.at(-1)?.kind === 'patch' ? h.writes.at(-1)?.body.metadata : 'x', undefined, 'no reconnects logged');
});
