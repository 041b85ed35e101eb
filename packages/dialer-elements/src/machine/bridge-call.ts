import { assign, raise } from 'xstate';
import { errorOf } from './call-rules.js';
import { dialerSetup } from './machine-setup.js';

/**
 * A call through the agent's own phone, the REST fallback (the `bridge` state of the call region). No
 * token, no media, no log writes: the API places the call (and logs it); the widget follows the log's
 * status, which the API reads from SignalWire on each poll (docs/adr/0024). HANGUP asks the API to end it
 * at SignalWire; the answer is the closed log, handled as a read of it.
 */
export const bridgeCall = dialerSetup.createStateConfig({
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
          actions: {
            type: 'finish',
            params: ({ event }) => {
              // Only a request that got no answer is a network failure; an answer (a 503 included: the
              // API closed the row as failed, with this reason) is the API's word on the call.
              const error = errorOf(event.error, 'BRIDGE_FAILED');
              return { endReason: error.code === 'NETWORK' ? 'network' : 'error', error };
            }
          }
        }
      }
    },
    live: {
      type: 'parallel',
      invoke: { id: 'followBridge', src: 'followBridgeCall', input: ({ context }) => ({ callId: context.callId! }) },
      on: {
        'BRIDGE.STATUS': [
          { guard: { type: 'bridgeIs', params: 'ended' }, target: '#dialer.call.ended', actions: 'assignBridgeEnd' },
          { guard: { type: 'bridgeIs', params: 'failed' }, target: '#dialer.call.failed', actions: 'assignBridgeEnd' }
        ]
      },
      states: {
        progress: {
          initial: 'dialing',
          states: {
            dialing: {
              on: {
                'BRIDGE.STATUS': [
                  { guard: { type: 'bridgeIs', params: 'ringing' }, target: 'ringing' },
                  { guard: { type: 'bridgeIs', params: 'connected' }, target: 'connected' }
                ]
              }
            },
            ringing: {
              on: { 'BRIDGE.STATUS': { guard: { type: 'bridgeIs', params: 'connected' }, target: 'connected' } }
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
});
