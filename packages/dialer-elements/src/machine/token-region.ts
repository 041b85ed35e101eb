import { sendTo } from 'xstate';
import { dialerSetup } from './machine-setup.js';

/**
 * The token region, beside the call: holds the SignalWire token, fetches one ahead when the person is about
 * to call (`PREPARE`, docs/adr/0081), renews it before it expires while a browser call is up (handing the
 * new one to the live session), and drops it when no call needs it: a token fetched ahead and never used
 * is dropped at the same point of its life as any other.
 */
export const tokenRegion = dialerSetup.createStateConfig({
  initial: 'empty',
  states: {
    empty: { on: { 'TOKEN.SET': 'valid', PREPARE: 'prefetching' } },
    prefetching: {
      invoke: {
        id: 'prefetch',
        src: 'fetchToken',
        // TOKEN.SET also tells a dial that arrived meanwhile (waiting in `awaitingPrefetch`) to go on.
        onDone: { target: 'valid', actions: [{ type: 'setToken', params: ({ event }) => event.output }, 'raiseTokenSet'] },
        // Nothing to show: the dial, if one comes, fetches its own token and reports its own failure.
        onError: { target: 'empty', actions: 'raisePrefetchFailed' }
      },
      on: { 'TOKEN.SET': 'valid' }
    },
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
        refreshRetryDelay: [
          { guard: 'inCall', target: 'refreshing' },
          { target: 'empty', actions: 'dropToken' }
        ]
      }
    }
  }
});
