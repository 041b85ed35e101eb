import t from 'tap';
import { dialToLive, startHarness, statuses, T0, token } from './harness.js';

const transientError = () => Object.assign(new Error('fetch failed'), { transient: true });

t.test('a call goes dialing → ringing → connected → ended and logs every step', async (t) => {
  const h = startHarness();
  t.equal(h.view().state, 'idle');
  await dialToLive(h);
  t.equal(h.view().state, 'dialing');
  t.equal(h.tokenCalls, 1, 'fetches a token before dialing');
  t.equal(h.sessions.length, 1, 'one session started');
  t.same(h.sessions[0]!.input, {
    number: '+12025550100',
    token: h.actor.getSnapshot().context.token,
    clientSessionId: h.actor.getSnapshot().context.clientSessionId
  });

  h.actor.send({ type: 'TRANSPORT.RINGING' });
  t.equal(h.view().state, 'ringing');
  await h.advance(2_000);
  h.actor.send({ type: 'TRANSPORT.CONNECTED', providerCallId: 'prov-1' });
  t.equal(h.view().state, 'connected');
  t.equal(h.view().answeredAt, T0 + 2_000);

  await h.advance(61_500);
  h.actor.send({ type: 'HANGUP' });
  const view = h.view();
  t.equal(view.state, 'ended');
  t.equal(view.endReason, 'local-hangup');
  t.equal(view.durationMs, 61_500, 'duration is connected time only');
  t.equal(h.sessions[0]!.stopped, true, 'the session is stopped (which hangs up)');

  t.same(statuses(h), ['create:dialing', 'patch:ringing', 'patch:connected', 'patch:ended']);
  const create = h.writes[0]!;
  t.equal(create.kind, 'create');
  if (create.kind === 'create') {
    t.match(create.body, { direction: 'outbound', number: '+12025550100', status: 'dialing', startedAt: new Date(T0).toISOString() });
    t.match(create.body.clientSessionId, /^[0-9a-f-]{36}$/);
  }
  const close = h.writes[3]!;
  t.match(close, {
    kind: 'patch',
    clientSessionId: h.actor.getSnapshot().context.clientSessionId,
    body: { status: 'ended', endReason: 'local-hangup', durationMs: 61_500, endedAt: new Date(T0 + 63_500).toISOString() }
  });
  t.match(h.writes[2], { body: { status: 'connected', answeredAt: new Date(T0 + 2_000).toISOString(), providerCallId: 'prov-1' } });
});

t.test('each call gets a fresh clientSessionId', async (t) => {
  const h = startHarness();
  await dialToLive(h);
  h.actor.send({ type: 'HANGUP' });
  const first = h.actor.getSnapshot().context.clientSessionId;
  await dialToLive(h, '+12025550106');
  const second = h.actor.getSnapshot().context.clientSessionId;
  t.not(first, second);
  t.equal(h.tokenCalls, 1, 'a still-fresh token is reused');
  t.equal(h.view().number, '+12025550106');
});

t.test('DIAL while a call is up places no second call', async (t) => {
  const h = startHarness();
  await dialToLive(h);
  h.actor.send({ type: 'DIAL', number: '+12025550101' });
  h.actor.send({ type: 'TRANSPORT.RINGING' });
  h.actor.send({ type: 'DIAL', number: '+12025550101' });
  await h.settle();
  t.equal(h.sessions.length, 1);
  t.equal(h.writes.filter((w) => w.kind === 'create').length, 1);
  t.equal(h.view().number, '+12025550100');
});

t.test('cancel while dialing or ringing ends the call as canceled with no duration', async (t) => {
  for (const ringFirst of [false, true]) {
    const h = startHarness();
    await dialToLive(h);
    if (ringFirst) h.actor.send({ type: 'TRANSPORT.RINGING' });
    await h.advance(800);
    h.actor.send({ type: 'HANGUP' });
    t.equal(h.view().state, 'ended', `ringing=${ringFirst}`);
    t.equal(h.view().endReason, 'canceled');
    t.equal(h.view().durationMs, 0);
    t.equal(h.sessions[0]!.stopped, true);
    t.match(h.writes.at(-1), { body: { status: 'ended', endReason: 'canceled', durationMs: 0 } });
    // A late event from the provider after the cancel changes nothing.
    h.actor.send({ type: 'TRANSPORT.CONNECTED' });
    t.equal(h.view().state, 'ended');
  }
});

t.test('cancel while the token is still being fetched', async (t) => {
  const h = startHarness();
  h.actor.send({ type: 'DIAL', number: '+12025550100' });
  h.actor.send({ type: 'HANGUP' });
  await h.settle();
  t.equal(h.view().state, 'ended');
  t.equal(h.view().endReason, 'canceled');
  t.equal(h.sessions.length, 0, 'no call reached the transport');
  t.same(statuses(h), ['create:dialing', 'patch:ended']);
});

t.test('provider causes map to DESIGN.md end reasons', async (t) => {
  const cases = [
    { at: 'ringing', cause: 'USER_BUSY', causeCode: 17, state: 'failed', reason: 'busy' },
    { at: 'ringing', cause: 'NO_ANSWER', causeCode: 19, state: 'failed', reason: 'no-answer' },
    { at: 'ringing', cause: 'CALL_REJECTED', causeCode: 21, state: 'failed', reason: 'declined' },
    { at: 'dialing', cause: 'UNALLOCATED_NUMBER', causeCode: 1, state: 'failed', reason: 'invalid-number' },
    { at: 'ringing', cause: 'NETWORK_OUT_OF_ORDER', causeCode: 38, state: 'failed', reason: 'network' },
    { at: 'connected', cause: 'NORMAL_CLEARING', causeCode: 16, state: 'ended', reason: 'remote-hangup' },
    { at: 'connected', cause: undefined, causeCode: 41, state: 'failed', reason: 'network' }
  ] as const;
  for (const c of cases) {
    const h = startHarness();
    await dialToLive(h);
    if (c.at !== 'dialing') h.actor.send({ type: 'TRANSPORT.RINGING' });
    if (c.at === 'connected') h.actor.send({ type: 'TRANSPORT.CONNECTED' });
    await h.advance(3_000);
    h.actor.send({ type: 'TRANSPORT.ENDED', ...(c.cause ? { cause: c.cause } : {}), causeCode: c.causeCode });
    t.equal(h.view().state, c.state, `${c.cause ?? c.causeCode}: state`);
    t.equal(h.view().endReason, c.reason, `${c.cause ?? c.causeCode}: reason`);
    t.equal(h.view().durationMs, c.at === 'connected' ? 3_000 : 0);
    t.match(h.writes.at(-1), { body: { status: c.state, endReason: c.reason } });
  }
});

t.test('the SDK drops the call itself (no hangup cause): failed as network, never as the far end hanging up', async (t) => {
  for (const at of ['ringing', 'connected'] as const) {
    const h = startHarness();
    await dialToLive(h);
    h.actor.send({ type: 'TRANSPORT.RINGING' });
    if (at === 'connected') h.actor.send({ type: 'TRANSPORT.CONNECTED' });
    await h.advance(4_000);
    h.actor.send({ type: 'TRANSPORT.ENDED', sdkReason: 'RECONNECTION_ATTEMPT_TIMEOUT' });
    t.equal(h.view().state, 'failed', `${at}: failed`);
    t.equal(h.view().endReason, 'network', `${at}: network`);
    t.same(h.view().error, { code: 'CONNECTION_LOST', message: 'The connection to the calling service was lost (RECONNECTION_ATTEMPT_TIMEOUT)' });
    t.match(
      h.writes.at(-1),
      {
        body: { status: 'failed', endReason: 'network', durationMs: at === 'connected' ? 4_000 : 0, errorCode: 'CONNECTION_LOST' }
      },
      `${at}: the log says the connection was lost, with the time connected`
    );
  }
  // Without a reason from the SDK (the media connection timed out) the same, in fewer words.
  const m = startHarness();
  await dialToLive(m);
  m.actor.send({ type: 'TRANSPORT.CONNECTED' });
  m.actor.send({ type: 'TRANSPORT.ENDED' });
  t.match(m.view(), { state: 'failed', endReason: 'network', error: { code: 'CONNECTION_LOST', message: 'The connection to the calling service was lost' } });
  // A far-end hangup names its cause, and stays a hangup with no error.
  const r = startHarness();
  await dialToLive(r);
  r.actor.send({ type: 'TRANSPORT.CONNECTED' });
  r.actor.send({ type: 'TRANSPORT.ENDED', cause: 'NORMAL_CLEARING', causeCode: 16 });
  t.match(r.view(), { state: 'ended', endReason: 'remote-hangup', error: null });
  t.notOk('errorCode' in (r.writes.at(-1) as { body: object }).body, 'no error logged for a hangup');
});

t.test('connected without early media still logs ringing before connected', async (t) => {
  const h = startHarness();
  await dialToLive(h);
  h.actor.send({ type: 'TRANSPORT.CONNECTED' });
  t.equal(h.view().state, 'connected');
  t.same(statuses(h), ['create:dialing', 'patch:ringing', 'patch:connected']);
});

t.test('mute and hold are parallel while connected and reach the session', async (t) => {
  const h = startHarness();
  await dialToLive(h);
  h.actor.send({ type: 'MUTE' });
  t.equal(h.view().muted, false, 'mute before connected is ignored');
  h.actor.send({ type: 'TRANSPORT.CONNECTED' });
  h.actor.send({ type: 'MUTE' });
  h.actor.send({ type: 'HOLD' });
  t.equal(h.view().muted, true);
  t.equal(h.view().held, true);
  h.actor.send({ type: 'UNMUTE' });
  t.equal(h.view().muted, false);
  t.equal(h.view().held, true, 'hold is independent of mute');
  h.actor.send({ type: 'RESUME' });
  h.actor.send({ type: 'SEND_DIGITS', digits: '12#' });
  h.actor.send({ type: 'SEND_DIGITS', digits: '1; DROP' });
  await h.settle();
  t.same(h.sessions[0]!.commands, [{ type: 'MUTE' }, { type: 'HOLD' }, { type: 'UNMUTE' }, { type: 'RESUME' }, { type: 'SEND_DIGITS', digits: '12#' }]);
});

t.test('a refused mute or hold rolls the optimistic state back', async (t) => {
  const h = startHarness();
  await dialToLive(h);
  h.actor.send({ type: 'TRANSPORT.CONNECTED' });
  h.actor.send({ type: 'MUTE' });
  h.actor.send({ type: 'TRANSPORT.COMMAND_FAILED', command: 'mute', message: 'no' });
  t.equal(h.view().muted, false);
  h.actor.send({ type: 'HOLD' });
  h.actor.send({ type: 'TRANSPORT.COMMAND_FAILED', command: 'hold', message: 'no' });
  t.equal(h.view().held, false);
  h.actor.send({ type: 'HOLD' });
  h.actor.send({ type: 'RESUME' });
  h.actor.send({ type: 'TRANSPORT.COMMAND_FAILED', command: 'resume', message: 'no' });
  t.equal(h.view().held, true);
});

t.test('a transient token failure is retried once, then the call goes on', async (t) => {
  const h = startHarness({ tokens: [transientError()] });
  await dialToLive(h);
  t.equal(h.view().state, 'dialing');
  t.equal(h.sessions.length, 0, 'nothing sent yet');
  await h.advance(1_000);
  t.equal(h.tokenCalls, 2);
  t.equal(h.sessions.length, 1);
  t.equal(h.actor.getSnapshot().context.attempts, 1);
});

t.test('two transient token failures fail the call as network; a permanent one is not retried', async (t) => {
  const h = startHarness({ tokens: [transientError(), transientError()] });
  await dialToLive(h);
  await h.advance(1_000);
  t.equal(h.view().state, 'failed');
  t.equal(h.view().endReason, 'network');
  t.equal(h.tokenCalls, 2);

  const p = startHarness({ tokens: [Object.assign(new Error('Unauthorized'), { code: 'UNAUTHORIZED', transient: false })] });
  await dialToLive(p);
  t.equal(p.view().state, 'failed');
  t.equal(p.view().endReason, 'error');
  t.same(p.view().error, { code: 'UNAUTHORIZED', message: 'Unauthorized' });
  t.equal(p.tokenCalls, 1);
  t.same(statuses(p), ['create:dialing', 'patch:failed']);
  t.match(p.writes.at(-1), { body: { errorCode: 'UNAUTHORIZED', errorMessage: 'Unauthorized', durationMs: 0 } });
});

t.test('a transport failure before anything was sent is retried once; after ringing it never is', async (t) => {
  const h = startHarness();
  await dialToLive(h);
  h.actor.send({ type: 'TRANSPORT.FAILED', code: 'NETWORK', message: 'socket closed', retryable: true });
  t.equal(h.view().state, 'dialing');
  await h.advance(1_000);
  t.equal(h.sessions.length, 2, 'a second session after the wait');
  t.equal(h.sessions[0]!.stopped, true);
  h.actor.send({ type: 'TRANSPORT.FAILED', code: 'NETWORK', message: 'socket closed', retryable: true });
  t.equal(h.view().state, 'failed', 'the retry budget is spent');
  t.equal(h.view().endReason, 'network');

  const r = startHarness();
  await dialToLive(r);
  r.actor.send({ type: 'TRANSPORT.RINGING' });
  r.actor.send({ type: 'TRANSPORT.FAILED', code: 'NETWORK', message: 'lost', retryable: true });
  t.equal(r.view().state, 'failed');
  await r.advance(5_000);
  t.equal(r.sessions.length, 1, 'never re-dialed once the far end may be ringing');

  const n = startHarness();
  await dialToLive(n);
  n.actor.send({ type: 'TRANSPORT.FAILED', code: 'MIC_DENIED', message: 'Microphone access was denied', retryable: false });
  t.equal(n.view().state, 'failed');
  t.equal(n.view().endReason, 'error');
  t.same(n.view().error, { code: 'MIC_DENIED', message: 'Microphone access was denied' });
});

t.test('the token is refreshed before expiry while a call is up and handed to the session', async (t) => {
  const h = startHarness({ tokens: [token(10 * 60_000), token(60 * 60_000, T0 + 9 * 60_000)] });
  await dialToLive(h);
  h.actor.send({ type: 'TRANSPORT.CONNECTED' });
  await h.advance(8 * 60_000);
  t.equal(h.tokenCalls, 1, 'not yet');
  await h.advance(60_000);
  t.equal(h.tokenCalls, 2, 'refreshed one minute before expiry');
  const fresh = h.actor.getSnapshot().context.token;
  t.same(h.sessions[0]!.commands.at(-1), { type: 'UPDATE_TOKEN', token: fresh });
  t.equal(h.view().state, 'connected');
});

t.test('with no call up an expiring token is dropped, not refreshed', async (t) => {
  const h = startHarness({ tokens: [token(10 * 60_000)] });
  await dialToLive(h);
  h.actor.send({ type: 'HANGUP' });
  await h.advance(9 * 60_000);
  t.equal(h.tokenCalls, 1);
  t.equal(h.actor.getSnapshot().context.token, null);
  await dialToLive(h);
  t.equal(h.tokenCalls, 2, 'the next dial fetches a new token');
});

t.test('a refresh that fails is retried while the call lasts', async (t) => {
  const h = startHarness({ tokens: [token(2 * 60_000), transientError(), token(3_600_000, T0)] });
  await dialToLive(h);
  h.actor.send({ type: 'TRANSPORT.CONNECTED' });
  await h.advance(95_000);
  t.equal(h.tokenCalls, 1, 'a two-minute token is renewed at 80% of its life, not before');
  await h.advance(1_000);
  t.equal(h.tokenCalls, 2);
  t.ok(h.actor.getSnapshot().matches({ token: 'refreshRetry' }));
  await h.advance(5_000);
  t.equal(h.tokenCalls, 3);
  t.ok(h.actor.getSnapshot().matches({ token: 'valid' }));
});

t.test('call log replies: callId assigned for this call only; a live call in another tab fails this one', async (t) => {
  const h = startHarness();
  await dialToLive(h);
  const sid = h.actor.getSnapshot().context.clientSessionId!;
  h.actor.send({ type: 'LOG.CREATED', clientSessionId: 'someone-else', callId: '11111111-1111-4111-8111-111111111111' });
  t.equal(h.view().callId, null);
  h.actor.send({ type: 'LOG.CREATED', clientSessionId: sid, callId: '22222222-2222-4222-8222-222222222222' });
  t.equal(h.view().callId, '22222222-2222-4222-8222-222222222222');

  const c = startHarness();
  await dialToLive(c);
  c.actor.send({ type: 'TRANSPORT.RINGING' });
  c.actor.send({ type: 'LOG.CONFLICT_LIVE', clientSessionId: c.actor.getSnapshot().context.clientSessionId!, openCallId: 'x' });
  t.equal(c.view().state, 'failed');
  t.equal(c.view().error?.code, 'CALL_IN_OTHER_TAB');
  t.equal(c.sessions[0]!.stopped, true, 'the SDK call is hung up');
});

t.test("a call the destination policy refused (LOG.REFUSED): failed with the policy's words, for this call only", async (t) => {
  const h = startHarness();
  await dialToLive(h);
  const message = 'Calls to premium-rate numbers are not allowed here (DIAL_REFUSED_NUMBER_TYPES)';
  h.actor.send({ type: 'LOG.REFUSED', clientSessionId: 'someone-else', error: { code: 'DIAL_POLICY', message } });
  t.equal(h.view().state, 'dialing', "another call's refusal is ignored");
  h.actor.send({ type: 'LOG.REFUSED', clientSessionId: h.actor.getSnapshot().context.clientSessionId!, error: { code: 'DIAL_POLICY', message } });
  t.equal(h.view().state, 'failed');
  t.match(h.view(), { endReason: 'error', error: { code: 'DIAL_POLICY', message } });
  t.equal(h.sessions[0]!.stopped, true, 'the session (which never dialled) is stopped');
});

t.test('RESET returns a finished call to idle', async (t) => {
  const h = startHarness();
  await dialToLive(h);
  h.actor.send({ type: 'HANGUP' });
  h.actor.send({ type: 'RESET' });
  t.equal(h.view().state, 'idle');
  h.actor.send({ type: 'DIAL', number: '' });
  t.equal(h.view().state, 'idle', 'an empty number is not dialed');
});

t.test('quality readings while connected: the latest is in the view, the worst go on the closing patch', async (t) => {
  const h = startHarness();
  await dialToLive(h);
  h.actor.send({ type: 'TRANSPORT.QUALITY', quality: { jitterMs: 50, packetLossPct: 9, rttMs: 400, mos: 2.1 } });
  t.equal(h.actor.getSnapshot().context.worstQuality, null, 'readings before the answer (ringback) are not the call');
  h.actor.send({ type: 'TRANSPORT.CONNECTED' });
  h.actor.send({ type: 'TRANSPORT.QUALITY', quality: { jitterMs: 4, packetLossPct: 0, rttMs: null, mos: 4.4 } });
  t.same(h.view().quality, { jitterMs: 4, packetLossPct: 0, rttMs: null, mos: 4.4 });
  h.actor.send({ type: 'TRANSPORT.QUALITY', quality: { jitterMs: 18.5, packetLossPct: 0.5, rttMs: 120, mos: 4.1 } });
  h.actor.send({ type: 'TRANSPORT.QUALITY', quality: { jitterMs: 9, packetLossPct: 2.25, rttMs: 60, mos: 3.9 } });
  t.same(h.view().quality, { jitterMs: 9, packetLossPct: 2.25, rttMs: 60, mos: 3.9 }, 'the view shows the latest reading');
  await h.advance(1_000);
  h.actor.send({ type: 'HANGUP' });
  t.equal(h.view().quality, null, 'no reading shown once the call is over');
  t.same(h.writes.at(-1), {
    kind: 'patch',
    clientSessionId: h.actor.getSnapshot().context.clientSessionId,
    body: {
      status: 'ended',
      endedAt: new Date(T0 + 1_000).toISOString(),
      durationMs: 1_000,
      endReason: 'local-hangup',
      metadata: { qualitySamples: 3, worstJitterMs: 18.5, worstPacketLossPct: 2.25, worstMos: 3.9, worstRttMs: 120 }
    }
  });

  // The next call starts from nothing: no reading, no metadata unless it has readings of its own.
  await dialToLive(h, '+12025550106');
  t.equal(h.actor.getSnapshot().context.worstQuality, null);
  h.actor.send({ type: 'TRANSPORT.CONNECTED' });
  h.actor.send({ type: 'HANGUP' });
  t.equal((h.writes.at(-1) as { body: Record<string, unknown> }).body.metadata, undefined);
});

t.test('an answered inbound call: logged inbound from when it rang, then as any connected call', async (t) => {
  const h = startHarness();
  const clientSessionId = '00000000-0000-4000-8000-0000000000aa';
  h.actor.send({ type: 'ANSWER', number: '+12025550100', contactId: 'c-1', clientSessionId, startedAt: T0 - 4_000 });
  await h.settle();
  t.equal(h.sessions.length, 1, 'the session starts (it answers the offer instead of dialling)');
  t.same(h.sessions[0]!.input.clientSessionId, clientSessionId, 'keyed by the session id the offer was given');
  await h.advance(300);
  h.actor.send({ type: 'TRANSPORT.CONNECTED', providerCallId: 'in-1' });
  t.equal(h.view().state, 'connected');
  h.actor.send({ type: 'MUTE' });
  t.equal(h.view().muted, true, 'mute works as on any call');
  await h.advance(5_000);
  h.actor.send({ type: 'TRANSPORT.ENDED', cause: 'NORMAL_CLEARING', causeCode: 16 });
  t.match(h.view(), { state: 'ended', endReason: 'remote-hangup', durationMs: 5_000 });
  t.match(h.writes[0], {
    kind: 'create',
    body: { direction: 'inbound', status: 'ringing', clientSessionId, contactId: 'c-1', startedAt: new Date(T0 - 4_000).toISOString() }
  });
  // Restating ringing is harmless to the log (a replayed write); it never goes back to dialing.
  t.same(statuses(h), ['create:ringing', 'patch:ringing', 'patch:connected', 'patch:ended']);

  h.actor.send({ type: 'DIAL', number: '+12025550101' });
  await h.settle();
  t.match(h.writes.at(-1), { kind: 'create', body: { direction: 'outbound', status: 'dialing' } }, 'the next outbound call is outbound again');
});
