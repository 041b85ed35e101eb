// The call machine's pure rules (src/machine/call-rules.ts), one by one: when the token is renewed, how a
// provider's hangup reads, and what each call-log write of a browser call says.
import t from 'tap';
import type { CallLog } from '@sw-dialer/shared-types';
import {
  bridgeEnding,
  closeParams,
  CONNECTION_LOST,
  createParams,
  endingFromTransport,
  errorOf,
  hasFreshToken,
  progressParams,
  TOKEN_REFRESH_MARGIN_MS,
  tokenRefreshDelay
} from '../../src/machine/call-rules.js';
import type { DialerContext } from '../../src/machine/types.js';
import { bridgeRow, T0 } from './harness.js';

const minute = 60_000;

function context(overrides: Partial<DialerContext> = {}): DialerContext {
  return {
    now: () => T0,
    randomUUID: () => 'uuid',
    maxRetries: 1,
    number: '+12025550100',
    contactId: null,
    lateContact: false,
    direction: 'outbound',
    via: 'browser',
    agentNumber: null,
    clientSessionId: '00000000-0000-4000-8000-000000000001',
    callId: null,
    providerCallId: null,
    startedAt: T0,
    answeredAt: null,
    endedAt: null,
    endReason: null,
    error: null,
    token: null,
    attempts: 0,
    quality: null,
    worstQuality: null,
    reconnects: 0,
    ...overrides
  };
}
const tokenFor = (ms: number) => ({ token: 't', expiresAt: new Date(T0 + ms).toISOString() });

t.test('tokenRefreshDelay: a minute ahead for ordinary lifetimes, at 80% of a short one, at once when spent or missing', async (t) => {
  t.equal(tokenRefreshDelay(context({ token: tokenFor(15 * minute) })), 14 * minute);
  t.equal(tokenRefreshDelay(context({ token: tokenFor(2 * minute) })), 0.8 * 2 * minute);
  t.equal(tokenRefreshDelay(context({ token: tokenFor(5 * minute) })), 0.8 * 5 * minute, 'exactly five minutes is short');
  t.equal(tokenRefreshDelay(context({ token: tokenFor(-1) })), 0);
  t.equal(tokenRefreshDelay(context({ token: { token: 't', expiresAt: 'not a date' } })), 0);
  t.equal(tokenRefreshDelay(context()), 0);
});

t.test('hasFreshToken: only with more than the refresh margin left', async (t) => {
  t.equal(hasFreshToken(context({ token: tokenFor(TOKEN_REFRESH_MARGIN_MS + 1) })), true);
  t.equal(hasFreshToken(context({ token: tokenFor(TOKEN_REFRESH_MARGIN_MS) })), false);
  t.equal(hasFreshToken(context()), false);
});

t.test('errorOf: the code and message of what was thrown, else the fallback code', async (t) => {
  t.same(errorOf({ code: 'UNAUTHORIZED', message: 'Sign in again' }, 'TOKEN_FAILED'), { code: 'UNAUTHORIZED', message: 'Sign in again' });
  t.same(errorOf(new Error('boom'), 'TOKEN_FAILED'), { code: 'TOKEN_FAILED', message: 'boom' });
  t.same(errorOf({ code: 7, message: '' }, 'X'), { code: 'X', message: 'Something went wrong' });
  t.same(errorOf('text', 'X'), { code: 'X', message: 'text' });
});

t.test('endingFromTransport: the cause decides; no cause at all is a dropped connection', async (t) => {
  t.match(endingFromTransport({ type: 'TRANSPORT.ENDED', cause: 'USER_BUSY', causeCode: 17 }), { status: 'failed', endReason: 'busy', error: null });
  t.match(endingFromTransport({ type: 'TRANSPORT.ENDED', cause: 'NORMAL_CLEARING', causeCode: 16 }), {
    status: 'ended',
    endReason: 'remote-hangup',
    error: null
  });
  t.match(endingFromTransport({ type: 'TRANSPORT.ENDED', sdkReason: 'RECONNECTION_ATTEMPT_TIMEOUT' }), {
    endReason: 'network',
    error: { code: CONNECTION_LOST, message: 'The connection to the calling service was lost (RECONNECTION_ATTEMPT_TIMEOUT)' }
  });
});

t.test('createParams: the create at dialing, with the contact when there is one', async (t) => {
  t.same(createParams(context()), {
    clientSessionId: '00000000-0000-4000-8000-000000000001',
    direction: 'outbound',
    number: '+12025550100',
    status: 'dialing',
    startedAt: new Date(T0).toISOString()
  });
  t.match(createParams(context({ contactId: 'c-1' })), { contactId: 'c-1' });
});

t.test('progressParams: ringing; connected with when and a provider id that fits the log', async (t) => {
  t.same(progressParams(context(), 'ringing').body, { status: 'ringing' });
  t.same(progressParams(context({ answeredAt: T0 + 2_000, providerCallId: 'CA-1' }), 'connected').body, {
    status: 'connected',
    answeredAt: new Date(T0 + 2_000).toISOString(),
    providerCallId: 'CA-1'
  });
  t.same(
    progressParams(context({ answeredAt: T0, providerCallId: 'bad id with spaces' }), 'connected').body,
    { status: 'connected', answeredAt: new Date(T0).toISOString() },
    'an id the log would refuse is left out'
  );
});

t.test('a contact found after the create rides on every later write; one known at the create does not repeat (ADR 139)', async (t) => {
  t.same(createParams(context({ contactId: 'c-1' })).contactId, 'c-1', 'known at the dial: in the create');
  t.same(progressParams(context({ contactId: 'c-1' }), 'ringing').body, { status: 'ringing' }, 'and not repeated');
  const late = context({ contactId: 'c-2', lateContact: true, answeredAt: T0 + 1_000, endedAt: T0 + 2_000, endReason: 'local-hangup' });
  t.same(progressParams(late, 'ringing').body, { status: 'ringing', contactId: 'c-2' });
  t.match(progressParams(late, 'connected').body, { status: 'connected', contactId: 'c-2' });
  t.match(closeParams(late, 'ended')!.body, { status: 'ended', contactId: 'c-2' });
});

t.test('closeParams: connected time only, the error cut to the log limits, the worst quality; nothing for a call through the phone', async (t) => {
  t.same(closeParams(context({ answeredAt: T0 + 1_000, endedAt: T0 + 6_000, endReason: 'local-hangup' }), 'ended')!.body, {
    status: 'ended',
    endedAt: new Date(T0 + 6_000).toISOString(),
    durationMs: 5_000,
    endReason: 'local-hangup'
  });
  const failed = closeParams(context({ endedAt: T0 + 1_000, error: { code: 'X'.repeat(80), message: 'm'.repeat(600) } }), 'failed')!.body;
  t.match(failed, { status: 'failed', durationMs: 0, endReason: 'error' });
  t.equal(failed.errorCode!.length, 64);
  t.equal(failed.errorMessage!.length, 500);
  t.match(closeParams(context({ endedAt: T0, worstQuality: { samples: 2, mos: 3.1, jitterMs: 20, packetLossPct: 2, rttMs: 100 } }), 'ended')!.body.metadata, {
    qualitySamples: Number,
    worstMos: Number
  });
  t.equal(closeParams(context({ via: 'phone' }), 'ended'), null);
});

t.test("bridgeEnding: the API's reason and error; the end from the answer time and the API's duration", async (t) => {
  const call: CallLog = { ...bridgeRow('b-1'), status: 'ended', endReason: 'remote-hangup', durationMs: 4_000 };
  t.same(bridgeEnding(context({ answeredAt: T0 + 1_000 }), call), { endReason: 'remote-hangup', error: null, endedAt: T0 + 5_000 });
  t.same(bridgeEnding(context(), { ...call, status: 'failed', endReason: null, errorCode: 'BUSY', errorMessage: null, durationMs: 0 }), {
    endReason: 'error',
    error: { code: 'BUSY', message: 'The call failed' },
    endedAt: T0
  });
});
