import { sendTo } from 'xstate';
import { dialerSetup } from './machine-setup.js';

/**
 * The token region, beside the call: holds the SignalWire token, renews it before it expires while a
 * browser call is up (handing the new one to the live session), and drops it when no call needs it.
 */
export const tokenRegion = dialerSetup.createStateConfig({
  initial: 'empty',
  states: {
    empty: { on: { 'TOKEN.SET': 'valid' } },
    valid: {
      on: { 'TOKEN.SET': { target: 'valid', reenter: true } },
      after: {
        tokenRefreshDelay: [
          { guard: 'inCall', target: 'refreshing' },
          // No call up: drop it; the next dial fetches a fresh one.
          { target: 'empty', actions: 'dropToken' }
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
              { type: 'setToken', params: ({ event }) => event.output },
              sendTo('session', ({ event }) => ({ type: 'UPDATE_TOKEN' as const, token: event.output }))
            ]
          },
          { target: 'valid', actions: { type: 'setToken', params: ({ event }) => event.output } }
        ],
        onError: 'refreshRetry'
      }
    },
    refreshRetry: {
      after: {
        refreshRetryDelay: [{ guard: 'inCall', target: 'refreshing' }, { target: 'empty', actions: 'dropToken' }]
      }
    }
  }
});
