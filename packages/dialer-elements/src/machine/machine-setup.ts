// The call machine's vocabulary, shared by its regions: types, the named side effects (placeholders the
// engine supplies and tests swap with `provide()`), and every guard, assignment and delay, each named once.
import type { CallLog, CallStatus, EndReason } from '@sw-dialer/shared-types';
import { assertEvent, assign, fromCallback, fromPromise, raise, setup, stateIn } from 'xstate';
import { worsen } from '../quality/call-quality.js';
import type { CallSessionInput, CallToken, SessionCommand } from '../transport/transport-events.js';
import { bridgeEnding, endingFromTransport, hasFreshToken, tokenRefreshDelay, type LogCreateParams, type LogPatchParams } from './call-rules.js';
import { isTransientError } from './transient.js';
import type { BridgeEvent, CallError, DialerContext, DialerEvent, DialerInput } from './types.js';

/** What the `placeBridgeCall` actor is started with: the body of `POST /api/telephony/calls/bridge`. */
export interface BridgeCallInput {
  number: string;
  agentNumber: string;
  clientSessionId: string;
  contactId?: string;
}

const RETRY_DELAY_MS = 1_000;
const REFRESH_RETRY_DELAY_MS = 5_000;

const notProvided = (name: string) => () => {
  throw new Error(`${name} is not provided`);
};

/** The `finish` action with its parameters: how the call ends, and the error shown with it. */
export function finish(endReason: EndReason, error: CallError | null = null) {
  return { type: 'finish' as const, params: { endReason, error } };
}

export const dialerSetup = setup({
  types: {
    context: {} as DialerContext,
    events: {} as DialerEvent,
    input: {} as DialerInput
  },
  actors: {
    fetchToken: fromPromise<CallToken>(notProvided('fetchToken')),
    callSession: fromCallback<SessionCommand, CallSessionInput>(notProvided('callSession')),
    placeBridgeCall: fromPromise<{ id: string }, BridgeCallInput>(notProvided('placeBridgeCall')),
    followBridgeCall: fromCallback<BridgeEvent, { callId: string }>(notProvided('followBridgeCall')),
    endBridgeCall: fromPromise<CallLog, { callId: string }>(notProvided('endBridgeCall'))
  },
  actions: {
    logCreate: (_args, _params: LogCreateParams) => {},
    logPatch: (_args, _params: LogPatchParams | null) => {},
    beginCall: assign(({ context, event }) => {
      assertEvent(event, ['DIAL', 'DIAL_BRIDGE', 'ANSWER']);
      const bridge = event.type === 'DIAL_BRIDGE';
      const answer = event.type === 'ANSWER';
      return {
        number: event.number,
        contactId: event.contactId ?? null,
        lateContact: false,
        direction: answer ? ('inbound' as const) : ('outbound' as const),
        via: bridge ? ('phone' as const) : ('browser' as const),
        agentNumber: bridge ? event.agentNumber : null,
        quality: null,
        worstQuality: null,
        reconnects: 0,
        clientSessionId: answer ? event.clientSessionId : context.randomUUID(),
        callId: null,
        providerCallId: null,
        // An answered call began when it started to ring.
        startedAt: answer ? event.startedAt : context.now(),
        answeredAt: null,
        endedAt: null,
        endReason: null,
        error: null,
        attempts: 0
      };
    }),
    /** The call is over: how, and when (now). */
    finish: assign(({ context }, params: { endReason: EndReason; error: CallError | null }) => ({ ...params, endedAt: context.now() })),
    assignEndFromCause: assign(({ context, event }) => {
      assertEvent(event, 'TRANSPORT.ENDED');
      const { endReason, error } = endingFromTransport(event);
      return { endReason, error, endedAt: context.now() };
    }),
    assignBridgeEnd: assign(({ context, event }) => {
      assertEvent(event, 'BRIDGE.STATUS');
      return bridgeEnding(context, event.call);
    }),
    assignQuality: assign(({ context, event }) => {
      assertEvent(event, 'TRANSPORT.QUALITY');
      return { quality: event.quality, worstQuality: worsen(context.worstQuality, event.quality) };
    }),
    assignAnswered: assign(({ context, event }) => ({
      answeredAt: context.now(),
      providerCallId: event.type === 'TRANSPORT.CONNECTED' && event.providerCallId ? event.providerCallId : context.providerCallId
    })),
    setToken: assign((_args, token: CallToken) => ({ token })),
    dropToken: assign({ token: null }),
    raiseTokenSet: raise({ type: 'TOKEN.SET' }),
    raisePrefetchFailed: raise({ type: 'TOKEN.PREFETCH_FAILED' })
  },
  guards: {
    hasFreshToken: ({ context }) => hasFreshToken(context),
    prefetchingToken: stateIn({ token: 'prefetching' }),
    inCall: stateIn({ call: 'active' }),
    hasSession: stateIn({ call: { active: 'live' } }),
    canDial: ({ event }) => {
      assertEvent(event, 'DIAL');
      return event.number !== '';
    },
    canBridge: ({ event }) => {
      assertEvent(event, 'DIAL_BRIDGE');
      return event.number !== '' && event.agentNumber !== '';
    },
    canRetry: ({ context, event }) => {
      const error = 'error' in event ? event.error : event;
      const retryable = event.type === 'TRANSPORT.FAILED' ? event.retryable : isTransientError(error);
      return retryable && context.attempts < context.maxRetries;
    },
    sameSession: ({ context, event }) => {
      assertEvent(event, ['LOG.CREATED', 'LOG.CONFLICT_LIVE', 'LOG.REFUSED']);
      return event.clientSessionId === context.clientSessionId;
    },
    /** A bridge call's log, as the API last read it, has this status. */
    bridgeIs: ({ event }, status: CallStatus) => {
      assertEvent(event, 'BRIDGE.STATUS');
      return event.call.status === status;
    },
    /** A mute/hold command of this kind was refused by the transport. */
    commandFailed: ({ event }, command: 'mute' | 'unmute' | 'hold' | 'resume') => {
      assertEvent(event, 'TRANSPORT.COMMAND_FAILED');
      return event.command === command;
    },
    validDigits: ({ event }) => {
      assertEvent(event, 'SEND_DIGITS');
      return /^[0-9*#A-Da-d]+$/.test(event.digits);
    },
    endsAsEnded: ({ event }) => {
      assertEvent(event, 'TRANSPORT.ENDED');
      return endingFromTransport(event).status === 'ended';
    }
  },
  delays: {
    tokenRefreshDelay: ({ context }) => tokenRefreshDelay(context),
    retryDelay: RETRY_DELAY_MS,
    refreshRetryDelay: REFRESH_RETRY_DELAY_MS
  }
});
