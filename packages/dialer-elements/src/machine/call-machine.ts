import { endReasonFromCause, type CallLog, type CreateCallBody, type EndReason, type PatchCallBody } from '@sw-dialer/shared-types';
import { assign, fromCallback, fromPromise, raise, sendTo, setup, stateIn } from 'xstate';
import { qualityMetadata, worsen } from '../quality/call-quality.js';
import { isTransientError } from './transient.js';
import type { BridgeEvent, CallError, CallToken, DialerContext, DialerEvent, DialerInput, SessionCommand, TransportEvent } from './types.js';

/** What the `callSession` actor is started with. */
export interface CallSessionInput {
  number: string;
  token: CallToken;
}

/** Parameters of the `logCreate` action: the body of `POST /api/telephony/calls`. */
export type LogCreateParams = CreateCallBody;
/**
 * Parameters of the `logPatch` action: which call (by its session id) and the PATCH body; null when there
 * is nothing for the widget to write (a bridge call, whose log the API writes).
 */
export interface LogPatchParams {
  clientSessionId: string;
  body: PatchCallBody;
}

/** What the `placeBridgeCall` actor is started with: the body of `POST /api/telephony/calls/bridge`. */
export interface BridgeCallInput {
  number: string;
  agentNumber: string;
  clientSessionId: string;
  contactId?: string;
}

/** Refresh this long before the token expires (a token with under five minutes left: at 80% of them). */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;
const RETRY_DELAY_MS = 1_000;
const REFRESH_RETRY_DELAY_MS = 5_000;

const iso = (ms: number) => new Date(ms).toISOString();

function tokenRefreshDelay(context: DialerContext): number {
  if (!context.token) return 0;
  const left = Date.parse(context.token.expiresAt) - context.now();
  if (!Number.isFinite(left) || left <= 0) return 0;
  // A minute ahead for ordinary lifetimes; a short-lived token is renewed at 80% of what is left.
  return left > 5 * TOKEN_REFRESH_MARGIN_MS ? left - TOKEN_REFRESH_MARGIN_MS : left * 0.8;
}

function hasFreshToken(context: DialerContext): boolean {
  if (!context.token) return false;
  // A token about to expire would be refreshed mid-dial; fetch a new one instead.
  return Date.parse(context.token.expiresAt) - context.now() > TOKEN_REFRESH_MARGIN_MS;
}

function errorOf(error: unknown, fallbackCode: string): CallError {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'string' ? code : fallbackCode,
      message: typeof message === 'string' && message ? message : 'Something went wrong'
    };
  }
  return { code: fallbackCode, message: String(error) };
}

/** The SDK dropped the call (no hangup from either side): the status line and the log say so. */
export const CONNECTION_LOST = 'CONNECTION_LOST';

function endingFromTransport(event: Extract<TransportEvent, { type: 'TRANSPORT.ENDED' }>) {
  // A cause from the provider always comes from the far end or the network: our own hangup leaves
  // the `live` state before any such event can arrive.
  const ending = endReasonFromCause(event.cause, event.causeCode, false);
  const dropped = event.cause === undefined && event.causeCode === undefined;
  const error: CallError | null = dropped
    ? { code: CONNECTION_LOST, message: `The connection to the calling service was lost${event.sdkReason ? ` (${event.sdkReason})` : ''}` }
    : null;
  return { ...ending, error };
}

/**
 * Closing PATCH: connected time only, 0 for a call never answered (DESIGN.md "Call vocabulary"), and the
 * worst quality readings as `metadata`. None for a bridge call: the API closed its log itself.
 */
function closeParams(context: DialerContext, status: 'ended' | 'failed'): LogPatchParams | null {
  if (context.via === 'phone') return null;
  const endedAt = context.endedAt ?? context.now();
  const body: PatchCallBody = {
    status,
    endedAt: iso(endedAt),
    durationMs: context.answeredAt === null ? 0 : Math.max(0, endedAt - context.answeredAt),
    endReason: context.endReason ?? 'error'
  };
  if (context.error) {
    body.errorCode = context.error.code.slice(0, 64);
    body.errorMessage = context.error.message.slice(0, 500);
  }
  if (context.worstQuality) body.metadata = qualityMetadata(context.worstQuality);
  return { clientSessionId: context.clientSessionId!, body };
}

/** The end of a bridge call as the API recorded it; its duration is the API's, measured from SignalWire. */
function bridgeEnding(context: DialerContext, call: CallLog) {
  const answeredAt = context.answeredAt;
  return {
    endReason: call.endReason ?? 'error',
    error: call.errorCode ? { code: call.errorCode, message: call.errorMessage ?? 'The call failed' } : null,
    endedAt: answeredAt !== null && call.durationMs !== null ? answeredAt + call.durationMs : context.now()
  };
}

const bridgeStatus = (status: CallLog['status']) => ({ event }: { event: DialerEvent }) => event.type === 'BRIDGE.STATUS' && event.call.status === status;

function finish(endReason: EndReason, error: CallError | null = null) {
  return { type: 'finish' as const, params: { endReason, error } };
}

/**
 * The call machine: `idle → dialing → ringing → connected → ended | failed`, with mute and hold as
 * parallel regions while connected, and a token region beside the call that refreshes the SignalWire
 * token before it expires while a call is up. A call goes through this browser (`active`) or, as the REST
 * fallback, through the agent's own phone (`bridge`), which the API places and logs and the machine only
 * follows. Every side effect is named: `fetchToken`, `callSession`, `placeBridgeCall` and
 * `followBridgeCall` (actors), `logCreate` and `logPatch` (actions); the engine supplies them, tests swap
 * them with `provide()`.
 */
export const callMachine = setup({
  types: {
    context: {} as DialerContext,
    events: {} as DialerEvent,
    input: {} as DialerInput
  },
  actors: {
    fetchToken: fromPromise<CallToken>(async () => {
      throw new Error('fetchToken is not provided');
    }),
    callSession: fromCallback<SessionCommand, CallSessionInput>(() => {
      throw new Error('callSession is not provided');
    }),
    placeBridgeCall: fromPromise<{ id: string }, BridgeCallInput>(async () => {
      throw new Error('placeBridgeCall is not provided');
    }),
    followBridgeCall: fromCallback<BridgeEvent, { callId: string }>(() => {
      throw new Error('followBridgeCall is not provided');
    }),
    endBridgeCall: fromPromise<CallLog, { callId: string }>(async () => {
      throw new Error('endBridgeCall is not provided');
    })
  },
  actions: {
    logCreate: (_args, _params: LogCreateParams) => {},
    logPatch: (_args, _params: LogPatchParams | null) => {},
    beginCall: assign(({ context, event }) => {
      if (event.type !== 'DIAL' && event.type !== 'DIAL_BRIDGE') return {};
      return {
        number: event.number,
        contactId: event.contactId ?? null,
        via: event.type === 'DIAL_BRIDGE' ? ('phone' as const) : ('browser' as const),
        agentNumber: event.type === 'DIAL_BRIDGE' ? event.agentNumber : null,
        quality: null,
        worstQuality: null,
        clientSessionId: context.randomUUID(),
        callId: null,
        providerCallId: null,
        startedAt: context.now(),
        answeredAt: null,
        endedAt: null,
        endReason: null,
        error: null,
        attempts: 0
      };
    }),
    finish: assign(({ context }, params: { endReason: EndReason; error: CallError | null }) => ({
      endReason: params.endReason,
      error: params.error,
      endedAt: context.now()
    })),
    assignEndFromCause: assign(({ context, event }) => {
      if (event.type !== 'TRANSPORT.ENDED') return {};
      const { endReason, error } = endingFromTransport(event);
      return { endReason, error, endedAt: context.now() };
    }),
    raiseTokenSet: raise({ type: 'TOKEN.SET' }),
    assignQuality: assign(({ context, event }) => {
      if (event.type !== 'TRANSPORT.QUALITY') return {};
      return { quality: event.quality, worstQuality: worsen(context.worstQuality, event.quality) };
    }),
    assignBridgeEnd: assign(({ context, event }) => (event.type === 'BRIDGE.STATUS' ? bridgeEnding(context, event.call) : {}))
  },
  guards: {
    hasFreshToken: ({ context }) => hasFreshToken(context),
    inCall: stateIn({ call: 'active' }),
    hasSession: stateIn({ call: { active: 'live' } }),
    canRetry: ({ context, event }) => {
      const error = 'error' in event ? event.error : event;
      const retryable = event.type === 'TRANSPORT.FAILED' ? event.retryable : isTransientError(error);
      return retryable && context.attempts < context.maxRetries;
    },
    sameSession: ({ context, event }) => 'clientSessionId' in event && event.clientSessionId === context.clientSessionId,
    canBridge: ({ event }) => event.type === 'DIAL_BRIDGE' && event.number.length > 0 && event.agentNumber.length > 0,
    bridgeRinging: bridgeStatus('ringing'),
    bridgeConnected: bridgeStatus('connected'),
    bridgeEnded: bridgeStatus('ended'),
    bridgeFailed: bridgeStatus('failed'),
    endsAsEnded: ({ event }) => event.type === 'TRANSPORT.ENDED' && endingFromTransport(event).status === 'ended'
  },
  delays: {
    tokenRefreshDelay: ({ context }) => tokenRefreshDelay(context),
    retryDelay: RETRY_DELAY_MS,
    refreshRetryDelay: REFRESH_RETRY_DELAY_MS
  }
}).createMachine({
  id: 'dialer',
  type: 'parallel',
  context: ({ input }) => ({
    now: input.now ?? (() => Date.now()),
    randomUUID: input.randomUUID ?? (() => crypto.randomUUID()),
    maxRetries: input.maxRetries ?? 1,
    number: null,
    contactId: null,
    via: 'browser',
    agentNumber: null,
    clientSessionId: null,
    callId: null,
    providerCallId: null,
    startedAt: null,
    answeredAt: null,
    endedAt: null,
    endReason: null,
    error: null,
    token: null,
    attempts: 0,
    quality: null,
    worstQuality: null
  }),
  states: {
    token: {
      initial: 'empty',
      states: {
        empty: { on: { 'TOKEN.SET': 'valid' } },
        valid: {
          on: { 'TOKEN.SET': { target: 'valid', reenter: true } },
          after: {
            tokenRefreshDelay: [
              { guard: 'inCall', target: 'refreshing' },
              // No call up: drop it; the next dial fetches a fresh one.
              { target: 'empty', actions: assign({ token: null }) }
            ]
          }
        },
        refreshing: {
          invoke: {
            id: 'refresh',
            src: 'fetchToken',
            onDone: [
              {
                // Only a live session holds an SDK client that needs the new token.
                guard: 'hasSession',
                target: 'valid',
                actions: [
                  assign({ token: ({ event }) => event.output }),
                  sendTo('session', ({ event }) => ({ type: 'UPDATE_TOKEN' as const, token: event.output }))
                ]
              },
              { target: 'valid', actions: assign({ token: ({ event }) => event.output }) }
            ],
            onError: 'refreshRetry'
          }
        },
        refreshRetry: {
          after: {
            refreshRetryDelay: [{ guard: 'inCall', target: 'refreshing' }, { target: 'empty', actions: assign({ token: null }) }]
          }
        }
      }
    },
    call: {
      initial: 'idle',
      on: {
        'LOG.CREATED': { guard: 'sameSession', actions: assign({ callId: ({ event }) => event.callId }) }
      },
      states: {
        idle: {
          on: {
            DIAL: { guard: ({ event }) => event.number.length > 0, target: 'active', actions: 'beginCall' },
            DIAL_BRIDGE: { guard: 'canBridge', target: 'bridge', actions: 'beginCall' }
          }
        },
        active: {
          entry: {
            type: 'logCreate',
            params: ({ context }) => {
              const body: CreateCallBody = {
                clientSessionId: context.clientSessionId!,
                direction: 'outbound',
                number: context.number!,
                status: 'dialing',
                startedAt: iso(context.startedAt!)
              };
              if (context.contactId) body.contactId = context.contactId;
              return body;
            }
          },
          on: {
            'LOG.CONFLICT_LIVE': {
              guard: 'sameSession',
              target: 'failed',
              actions: finish('error', { code: 'CALL_IN_OTHER_TAB', message: 'A call is already in progress in another tab' })
            }
          },
          initial: 'checkingToken',
          states: {
            checkingToken: {
              always: [{ guard: 'hasFreshToken', target: 'live' }, { target: 'authorizing' }]
            },
            authorizing: {
              on: { HANGUP: { target: '#dialer.call.ended', actions: finish('canceled') } },
              invoke: {
                id: 'authorize',
                src: 'fetchToken',
                onDone: {
                  target: 'live',
                  actions: [assign({ token: ({ event }) => event.output }), 'raiseTokenSet']
                },
                onError: [
                  { guard: 'canRetry', target: 'retryWait' },
                  {
                    target: '#dialer.call.failed',
                    actions: assign({
                      endReason: ({ event }) => (isTransientError(event.error) ? 'network' : 'error'),
                      error: ({ event }) => errorOf(event.error, 'TOKEN_FAILED'),
                      endedAt: ({ context }) => context.now()
                    })
                  }
                ]
              }
            },
            retryWait: {
              entry: assign({ attempts: ({ context }) => context.attempts + 1 }),
              on: { HANGUP: { target: '#dialer.call.ended', actions: finish('canceled') } },
              after: { retryDelay: 'checkingToken' }
            },
            live: {
              invoke: {
                id: 'session',
                src: 'callSession',
                input: ({ context }) => ({ number: context.number!, token: context.token! })
              },
              on: {
                'TRANSPORT.ENDED': [
                  { guard: 'endsAsEnded', target: '#dialer.call.ended', actions: 'assignEndFromCause' },
                  { target: '#dialer.call.failed', actions: 'assignEndFromCause' }
                ],
                'TRANSPORT.FAILED': {
                  target: '#dialer.call.failed',
                  actions: assign({
                    endReason: ({ event }) => (event.code === 'NETWORK' ? 'network' : 'error'),
                    error: ({ event }) => ({ code: event.code, message: event.message }),
                    endedAt: ({ context }) => context.now()
                  })
                }
              },
              initial: 'dialing',
              states: {
                dialing: {
                  on: {
                    HANGUP: { target: '#dialer.call.ended', actions: finish('canceled') },
                    // Retry only here: nothing reached the provider yet, so the far end cannot ring twice.
                    'TRANSPORT.FAILED': { guard: 'canRetry', target: '#dialer.call.active.retryWait' },
                    'TRANSPORT.RINGING': 'ringing',
                    'TRANSPORT.CONNECTED': {
                      target: 'connected',
                      // The log only moves forward one step at a time: record the ringing it skipped.
                      actions: { type: 'logPatch', params: ({ context }) => ({ clientSessionId: context.clientSessionId!, body: { status: 'ringing' } }) }
                    }
                  }
                },
                ringing: {
                  entry: { type: 'logPatch', params: ({ context }) => ({ clientSessionId: context.clientSessionId!, body: { status: 'ringing' } }) },
                  on: {
                    HANGUP: { target: '#dialer.call.ended', actions: finish('canceled') },
                    'TRANSPORT.CONNECTED': 'connected'
                  }
                },
                connected: {
                  type: 'parallel',
                  entry: [
                    assign({
                      answeredAt: ({ context }) => context.now(),
                      providerCallId: ({ context, event }) =>
                        event.type === 'TRANSPORT.CONNECTED' && event.providerCallId ? event.providerCallId : context.providerCallId
                    }),
                    {
                      type: 'logPatch',
                      params: ({ context }) => {
                        const body: PatchCallBody = { status: 'connected', answeredAt: iso(context.answeredAt!) };
                        if (context.providerCallId && /^[A-Za-z0-9._:@-]{1,128}$/.test(context.providerCallId)) {
                          body.providerCallId = context.providerCallId;
                        }
                        return { clientSessionId: context.clientSessionId!, body };
                      }
                    }
                  ],
                  on: {
                    HANGUP: { target: '#dialer.call.ended', actions: finish('local-hangup') },
                    'TRANSPORT.QUALITY': { actions: 'assignQuality' },
                    SEND_DIGITS: {
                      guard: ({ event }) => /^[0-9*#A-Da-d]+$/.test(event.digits),
                      actions: sendTo('session', ({ event }) => ({ type: 'SEND_DIGITS' as const, digits: event.digits }))
                    }
                  },
                  states: {
                    audio: {
                      initial: 'unmuted',
                      states: {
                        unmuted: {
                          on: {
                            MUTE: { target: 'muted', actions: sendTo('session', { type: 'MUTE' }) },
                            'TRANSPORT.COMMAND_FAILED': { guard: ({ event }) => event.command === 'unmute', target: 'muted' }
                          }
                        },
                        muted: {
                          on: {
                            UNMUTE: { target: 'unmuted', actions: sendTo('session', { type: 'UNMUTE' }) },
                            'TRANSPORT.COMMAND_FAILED': { guard: ({ event }) => event.command === 'mute', target: 'unmuted' }
                          }
                        }
                      }
                    },
                    hold: {
                      initial: 'active',
                      states: {
                        active: {
                          on: {
                            HOLD: { target: 'held', actions: sendTo('session', { type: 'HOLD' }) },
                            'TRANSPORT.COMMAND_FAILED': { guard: ({ event }) => event.command === 'resume', target: 'held' }
                          }
                        },
                        held: {
                          on: {
                            RESUME: { target: 'active', actions: sendTo('session', { type: 'RESUME' }) },
                            'TRANSPORT.COMMAND_FAILED': { guard: ({ event }) => event.command === 'hold', target: 'active' }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        },
        bridge: {
          // No token, no media, no log writes: the API places the call (and logs it); the widget follows
          // the log's status, which the API reads from SignalWire on each poll (docs/adr/0024). HANGUP asks
          // the API to end it at SignalWire; the answer is the closed log, handled as a read of it.
          initial: 'placing',
          states: {
            placing: {
              invoke: {
                id: 'placeBridge',
                src: 'placeBridgeCall',
                input: ({ context }) => ({
                  number: context.number!,
                  agentNumber: context.agentNumber!,
                  clientSessionId: context.clientSessionId!,
                  ...(context.contactId ? { contactId: context.contactId } : {})
                }),
                onDone: { target: 'live', actions: assign({ callId: ({ event }) => event.output.id }) },
                onError: {
                  target: '#dialer.call.failed',
                  actions: assign({
                    // Only a request that got no answer is a network failure; an answer (a 503 included:
                    // the API closed the row as failed, with this reason) is the API's word on the call.
                    endReason: ({ event }) => (errorOf(event.error, 'BRIDGE_FAILED').code === 'NETWORK' ? 'network' : 'error'),
                    error: ({ event }) => errorOf(event.error, 'BRIDGE_FAILED'),
                    endedAt: ({ context }) => context.now()
                  })
                }
              }
            },
            live: {
              type: 'parallel',
              invoke: { id: 'followBridge', src: 'followBridgeCall', input: ({ context }) => ({ callId: context.callId! }) },
              on: {
                'BRIDGE.STATUS': [
                  { guard: 'bridgeEnded', target: '#dialer.call.ended', actions: 'assignBridgeEnd' },
                  { guard: 'bridgeFailed', target: '#dialer.call.failed', actions: 'assignBridgeEnd' }
                ]
              },
              states: {
                progress: {
                  initial: 'dialing',
                  states: {
                    dialing: {
                      on: {
                        'BRIDGE.STATUS': [
                          { guard: 'bridgeRinging', target: 'ringing' },
                          { guard: 'bridgeConnected', target: 'connected' }
                        ]
                      }
                    },
                    ringing: {
                      on: { 'BRIDGE.STATUS': { guard: 'bridgeConnected', target: 'connected' } }
                    },
                    connected: {
                      // Observed now: the timer runs on this browser's clock, not the server's.
                      entry: assign({ answeredAt: ({ context }) => context.now() })
                    }
                  }
                },
                end: {
                  initial: 'idle',
                  states: {
                    idle: { on: { HANGUP: { target: 'requesting', actions: assign({ error: null }) } } },
                    requesting: {
                      invoke: {
                        id: 'endBridge',
                        src: 'endBridgeCall',
                        input: ({ context }) => ({ callId: context.callId! }),
                        onDone: { target: 'idle', actions: raise(({ event }) => ({ type: 'BRIDGE.STATUS' as const, call: event.output })) },
                        // Not ended (SignalWire unreachable): the call goes on, End can be pressed again.
                        onError: { target: 'idle', actions: assign({ error: ({ event }) => errorOf(event.error, 'HANGUP_FAILED') }) }
                      }
                    }
                  }
                }
              }
            }
          }
        },
        ended: {
          entry: { type: 'logPatch', params: ({ context }) => closeParams(context, 'ended') },
          on: {
            DIAL: { guard: ({ event }) => event.number.length > 0, target: 'active', actions: 'beginCall' },
            DIAL_BRIDGE: { guard: 'canBridge', target: 'bridge', actions: 'beginCall' },
            RESET: 'idle'
          }
        },
        failed: {
          entry: { type: 'logPatch', params: ({ context }) => closeParams(context, 'failed') },
          on: {
            DIAL: { guard: ({ event }) => event.number.length > 0, target: 'active', actions: 'beginCall' },
            DIAL_BRIDGE: { guard: 'canBridge', target: 'bridge', actions: 'beginCall' },
            RESET: 'idle'
          }
        }
      }
    }
  }
});
