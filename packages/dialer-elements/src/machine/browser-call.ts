import { assign, sendTo } from 'xstate';
import { createParams, errorOf, progressParams } from './call-rules.js';
import { dialerSetup, finish } from './machine-setup.js';
import { isTransientError } from './transient.js';

/**
 * A call through this browser (the `active` state of the call region): the log's create goes out on entry
 * while the token is fetched (or the cached one used); then the `callSession` actor places the call,
 * which it does only once the log accepted it (docs/adr/0053), and the provider's events move it through
 * dialing, ringing and connected, where mute and hold are parallel regions. Until connected, HANGUP
 * cancels the call.
 */
export const browserCall = dialerSetup.createStateConfig({
  entry: { type: 'logCreate', params: ({ context }) => createParams(context) },
  on: {
    HANGUP: { target: '#dialer.call.ended', actions: finish('canceled') },
    CONTACT_FOUND: {
      guard: ({ context, event }) => context.contactId === null && event.number === context.number,
      actions: assign({ contactId: ({ event }) => event.contactId, lateContact: true })
    },
    'LOG.CONFLICT_LIVE': {
      guard: 'sameSession',
      target: '#dialer.call.failed',
      actions: finish('error', { code: 'CALL_IN_OTHER_TAB', message: 'A call is already in progress in another tab' })
    },
    'LOG.REFUSED': {
      guard: 'sameSession',
      target: '#dialer.call.failed',
      actions: { type: 'finish', params: ({ event }) => ({ endReason: 'error', error: event.error }) }
    }
  },
  initial: 'checkingToken',
  states: {
    checkingToken: {
      always: [{ guard: 'hasFreshToken', target: 'live' }, { guard: 'prefetchingToken', target: 'awaitingPrefetch' }, { target: 'authorizing' }]
    },
    // The token fetched ahead is on its way: one request, not two.
    awaitingPrefetch: {
      on: { 'TOKEN.SET': 'checkingToken', 'TOKEN.PREFETCH_FAILED': 'authorizing' }
    },
    authorizing: {
      invoke: {
        id: 'authorize',
        src: 'fetchToken',
        onDone: {
          target: 'live',
          actions: [{ type: 'setToken', params: ({ event }) => event.output }, 'raiseTokenSet']
        },
        onError: [
          { guard: 'canRetry', target: 'retryWait' },
          {
            target: '#dialer.call.failed',
            actions: {
              type: 'finish',
              params: ({ event }) => ({ endReason: isTransientError(event.error) ? 'network' : 'error', error: errorOf(event.error, 'TOKEN_FAILED') })
            }
          }
        ]
      }
    },
    retryWait: {
      entry: assign({ attempts: ({ context }) => context.attempts + 1 }),
      after: { retryDelay: 'checkingToken' }
    },
    live: {
      invoke: {
        id: 'session',
        src: 'callSession',
        input: ({ context }) => ({ number: context.number!, token: context.token!, clientSessionId: context.clientSessionId! })
      },
      on: {
        'TRANSPORT.ENDED': [
          { guard: 'endsAsEnded', target: '#dialer.call.ended', actions: 'assignEndFromCause' },
          { target: '#dialer.call.failed', actions: 'assignEndFromCause' }
        ],
        'TRANSPORT.FAILED': {
          target: '#dialer.call.failed',
          actions: {
            type: 'finish',
            params: ({ event }) => ({ endReason: event.code === 'NETWORK' ? 'network' : 'error', error: { code: event.code, message: event.message } })
          }
        }
      },
      initial: 'dialing',
      states: {
        dialing: {
          on: {
            // Retry only here: nothing reached the provider yet, so the far end cannot ring twice.
            'TRANSPORT.FAILED': { guard: 'canRetry', target: '#dialer.call.active.retryWait' },
            'TRANSPORT.RINGING': 'ringing',
            'TRANSPORT.CONNECTED': {
              target: 'connected',
              // The log only moves forward one step at a time: record the ringing it skipped.
              actions: { type: 'logPatch', params: ({ context }) => progressParams(context, 'ringing') }
            }
          }
        },
        ringing: {
          entry: { type: 'logPatch', params: ({ context }) => progressParams(context, 'ringing') },
          on: { 'TRANSPORT.CONNECTED': 'connected' }
        },
        connected: {
          type: 'parallel',
          entry: ['assignAnswered', { type: 'logPatch', params: ({ context }) => progressParams(context, 'connected') }],
          on: {
            HANGUP: { target: '#dialer.call.ended', actions: finish('local-hangup') },
            'TRANSPORT.QUALITY': { actions: 'assignQuality' },
            SEND_DIGITS: {
              guard: 'validDigits',
              actions: sendTo('session', ({ event }) => ({ type: 'SEND_DIGITS' as const, digits: event.digits }))
            }
          },
          states: {
            // The link to the provider (docs/adr/0110): the SDK getting its socket or media back. The call
            // stays connected (the timer runs on); one that cannot come back ends as TRANSPORT.ENDED.
            link: {
              initial: 'up',
              states: {
                up: { on: { 'TRANSPORT.RECONNECTING': { target: 'reconnecting', actions: assign({ reconnects: ({ context }) => context.reconnects + 1 }) } } },
                reconnecting: { on: { 'TRANSPORT.RECONNECTED': 'up' } }
              }
            },
            audio: {
              initial: 'unmuted',
              states: {
                unmuted: {
                  on: {
                    MUTE: { target: 'muted', actions: sendTo('session', { type: 'MUTE' }) },
                    'TRANSPORT.COMMAND_FAILED': { guard: { type: 'commandFailed', params: 'unmute' }, target: 'muted' }
                  }
                },
                muted: {
                  on: {
                    UNMUTE: { target: 'unmuted', actions: sendTo('session', { type: 'UNMUTE' }) },
                    'TRANSPORT.COMMAND_FAILED': { guard: { type: 'commandFailed', params: 'mute' }, target: 'unmuted' }
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
                    'TRANSPORT.COMMAND_FAILED': { guard: { type: 'commandFailed', params: 'resume' }, target: 'held' }
                  }
                },
                held: {
                  on: {
                    RESUME: { target: 'active', actions: sendTo('session', { type: 'RESUME' }) },
                    'TRANSPORT.COMMAND_FAILED': { guard: { type: 'commandFailed', params: 'hold' }, target: 'active' }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
});
