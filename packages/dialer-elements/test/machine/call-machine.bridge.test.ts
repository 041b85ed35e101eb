// The REST fallback in the machine: a call through the agent's phone is placed by the API (which writes
// its log) and followed from the log's status; the widget writes nothing and never asks for a token.
import t from 'tap';
import { startHarness, T0 } from './harness.js';

const dialBridge = async (h: ReturnType<typeof startHarness>, extra: { contactId?: string } = {}) => {
  h.actor.send({ type: 'DIAL_BRIDGE', number: '+12025550100', agentNumber: '+12025550199', ...extra });
  await h.settle();
};

t.test('a bridge call is placed through the API and followed to its end, with no log write and no token', async (t) => {
  const h = startHarness();
  await dialBridge(h, { contactId: 'c-ada' });
  t.same(h.bridges, [
    { input: { number: '+12025550100', agentNumber: '+12025550199', clientSessionId: h.actor.getSnapshot().context.clientSessionId, contactId: 'c-ada' } }
  ]);
  t.equal(h.view().state, 'dialing');
  t.equal(h.view().via, 'phone');
  t.equal(h.view().callId, '00000000-0000-4000-9000-000000000001', 'the call id comes from the bridge answer');
  t.equal(h.followers.length, 1);
  t.equal(h.followers[0]!.callId, h.view().callId);

  const follower = h.followers[0]!;
  follower.send({ status: 'dialing' });
  t.equal(h.view().state, 'dialing');
  follower.send({ status: 'ringing' });
  t.equal(h.view().state, 'ringing');
  await h.advance(2_000);
  follower.send({ status: 'connected' });
  t.equal(h.view().state, 'connected');
  t.equal(h.view().answeredAt, T0 + 2_000, 'the timer runs from when this browser saw the answer');
  t.equal(h.view().muted, false);

  // Nothing through the browser while the phone carries the call.
  h.actor.send({ type: 'DIAL', number: '+12025550106' });
  t.equal(h.view().state, 'connected');
  t.equal(h.sessions.length, 0);

  await h.advance(30_000);
  follower.send({ status: 'ended', endReason: 'remote-hangup', durationMs: 29_500 });
  t.equal(h.view().state, 'ended');
  t.equal(h.view().endReason, 'remote-hangup');
  t.equal(h.view().durationMs, 29_500, "the duration is the API's, measured at SignalWire");
  t.equal(follower.stopped, true, 'following stops once the call is over');
  t.same(h.writes, [], 'the widget wrote nothing: the API logs bridge calls');
  t.equal(h.tokenCalls, 0, 'no SignalWire token is needed');
});

t.test('a bridge call that fails says why, in the words the log has', async (t) => {
  const h = startHarness();
  await dialBridge(h);
  h.followers[0]!.send({ status: 'ringing' });
  h.followers[0]!.send({ status: 'failed', endReason: 'no-answer', durationMs: 0 });
  t.equal(h.view().state, 'failed');
  t.equal(h.view().endReason, 'no-answer');
  t.equal(h.view().durationMs, 0);
  t.equal(h.view().error, null);

  const e = startHarness();
  await dialBridge(e);
  e.followers[0]!.send({
    status: 'failed',
    endReason: 'error',
    errorCode: 'UPSTREAM_UNAVAILABLE',
    errorMessage: 'SignalWire did not place the call',
    durationMs: 0
  });
  t.equal(e.view().state, 'failed');
  t.same(e.view().error, { code: 'UPSTREAM_UNAVAILABLE', message: 'SignalWire did not place the call' });
});

t.test('a refused bridge request fails the call at once; a transient one as network', async (t) => {
  const refused = startHarness({
    bridgeAnswers: [Object.assign(new Error('Calling through your phone is not configured'), { code: 'UPSTREAM_UNAVAILABLE', transient: false })]
  });
  await dialBridge(refused);
  t.equal(refused.view().state, 'failed');
  t.equal(refused.view().endReason, 'error');
  t.same(refused.view().error, { code: 'UPSTREAM_UNAVAILABLE', message: 'Calling through your phone is not configured' });
  t.equal(refused.followers.length, 0);

  const offline = startHarness({ bridgeAnswers: [Object.assign(new Error('The server could not be reached'), { code: 'NETWORK', transient: true })] });
  await dialBridge(offline);
  t.equal(offline.view().endReason, 'network');
  t.same(offline.writes, []);
});

t.test('after a bridge call, a browser call logs normally again; a bridge call needs both numbers', async (t) => {
  const h = startHarness();
  await dialBridge(h);
  h.followers[0]!.send({ status: 'ended', endReason: 'canceled', durationMs: 0 });
  await dialToLiveBrowser(h);
  t.equal(h.view().via, 'browser');
  t.equal(h.view().state, 'dialing');
  t.same(
    h.writes.map((w) => w.kind),
    ['create']
  );
  h.actor.send({ type: 'HANGUP' });
  t.same(
    h.writes.map((w) => w.kind),
    ['create', 'patch']
  );

  const n = startHarness();
  n.actor.send({ type: 'DIAL_BRIDGE', number: '+12025550100', agentNumber: '' });
  t.equal(n.view().state, 'idle');
  t.equal(n.bridges.length, 0);
});

async function dialToLiveBrowser(h: ReturnType<typeof startHarness>) {
  h.actor.send({ type: 'DIAL', number: '+12025550106' });
  await h.settle();
}

t.test('End on a call through the phone asks the API once; its answer (the closed log) ends the call', async (t) => {
  let placed!: (id: string) => void;
  const h = startHarness({ bridgeAnswers: [new Promise<string>((resolve) => (placed = resolve))] });
  await dialBridge(h);
  t.equal(h.view().ending, true, 'no call id before the API placed the call: End waits');
  h.actor.send({ type: 'HANGUP' });
  await h.settle();
  t.equal(h.hangups.length, 0, 'nothing to end yet');
  placed('00000000-0000-4000-9000-000000000001');
  await h.settle();
  t.equal(h.view().ending, false);
  const follower = h.followers[0]!;
  follower.send({ status: 'connected' });
  t.equal(h.view().ending, false);

  h.actor.send({ type: 'HANGUP' });
  await h.settle();
  t.same(
    h.hangups.map((r) => r.callId),
    [h.view().callId]
  );
  t.equal(h.view().ending, true, 'End waits while the request runs');
  t.equal(h.view().state, 'connected');
  h.actor.send({ type: 'HANGUP' });
  await h.settle();
  t.equal(h.hangups.length, 1, 'pressed again meanwhile: still one request');

  await h.advance(4_000);
  h.hangups[0]!.answer({ status: 'ended', endReason: 'local-hangup', durationMs: 4_000 });
  await h.settle();
  t.equal(h.view().state, 'ended');
  t.equal(h.view().endReason, 'local-hangup');
  t.equal(h.view().durationMs, 4_000);
  t.equal(h.view().ending, false);
  t.equal(follower.stopped, true, 'following stops');
  t.same(h.writes, [], 'the API closed the log: the widget wrote nothing');
});

t.test('End while ringing cancels; a failed End leaves the call up with the reason, and End can be pressed again', async (t) => {
  const h = startHarness();
  await dialBridge(h);
  h.followers[0]!.send({ status: 'ringing' });
  h.actor.send({ type: 'HANGUP' });
  await h.settle();
  h.hangups[0]!.fail(Object.assign(new Error('SignalWire could not end the call; hang up on your phone'), { code: 'UPSTREAM_UNAVAILABLE' }));
  await h.settle();
  t.equal(h.view().state, 'ringing', 'the call may still be up: it is not shown as over');
  t.equal(h.view().ending, false);
  t.same(h.view().error, { code: 'UPSTREAM_UNAVAILABLE', message: 'SignalWire could not end the call; hang up on your phone' });

  h.actor.send({ type: 'HANGUP' });
  await h.settle();
  t.equal(h.hangups.length, 2);
  t.equal(h.view().error, null, 'the old problem is gone while End is tried again');
  h.hangups[1]!.answer({ status: 'ended', endReason: 'canceled', durationMs: 0 });
  await h.settle();
  t.equal(h.view().state, 'ended');
  t.equal(h.view().endReason, 'canceled');
  t.equal(h.view().error, null);

  // The far end hangs up while End is on its way: the poll's end stands, and the answer comes to nothing.
  const p = startHarness();
  await dialBridge(p);
  p.followers[0]!.send({ status: 'connected' });
  p.actor.send({ type: 'HANGUP' });
  await p.settle();
  p.followers[0]!.send({ status: 'ended', endReason: 'remote-hangup', durationMs: 1_000 });
  t.equal(p.view().state, 'ended');
  p.hangups[0]!.answer({ status: 'ended', endReason: 'remote-hangup', durationMs: 1_000 });
  await p.settle();
  t.equal(p.view().state, 'ended');
  t.equal(p.view().endReason, 'remote-hangup');
});
