import { assign } from 'xstate';
import { closeParams } from './call-rules.js';
import { bridgeCall } from './bridge-call.js';
import { browserCall } from './browser-call.js';
import { dialerSetup } from './machine-setup.js';
import { tokenRegion } from './token-region.js';

export type { LogCreateParams, LogPatchParams } from './call-rules.js';
export { CONNECTION_LOST, TOKEN_REFRESH_MARGIN_MS } from './call-rules.js';
export type { BridgeCallInput } from './machine-setup.js';
export type { CallSessionInput } from '../transport/transport-events.js';

/** A new call from an idle or finished widget: through this browser, or through the agent's phone. */
const dialTransitions = {
  DIAL: { guard: 'canDial', target: 'active', actions: 'beginCall' },
  DIAL_BRIDGE: { guard: 'canBridge', target: 'bridge', actions: 'beginCall' },
  ANSWER: { target: 'active', actions: 'beginCall' }
} as const;

/**
 * The call machine: `idle → dialing → ringing → connected → ended | failed`, with mute and hold as
 * parallel regions while connected, and a token region beside the call that refreshes the SignalWire
 * token before it expires while a call is up. A call goes through this browser (`active`, browser-call.ts)
 * or, as the REST fallback, through the agent's own phone (`bridge`, bridge-call.ts), which the API places
 * and logs and the machine only follows. Every side effect is named (machine-setup.ts): `fetchToken`,
 * `callSession`, `placeBridgeCall`, `followBridgeCall` and `endBridgeCall` (actors), `logCreate` and
 * `logPatch` (actions); the engine supplies them, tests swap them with `provide()`. What each write says
 * and when the token is renewed are pure rules (call-rules.ts).
 */
export const callMachine = dialerSetup.createMachine({
  id: 'dialer',
  type: 'parallel',
  context: ({ input }) => ({
    now: input.now ?? (() => Date.now()),
    randomUUID: input.randomUUID ?? (() => crypto.randomUUID()),
    maxRetries: input.maxRetries ?? 1,
    number: null,
    contactId: null,
    lateContact: false,
    direction: 'outbound',
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
    worstQuality: null,
    reconnects: 0
  }),
  states: {
    token: tokenRegion,
    call: {
      initial: 'idle',
      on: {
        'LOG.CREATED': { guard: 'sameSession', actions: assign({ callId: ({ event }) => event.callId }) }
      },
      states: {
        idle: { on: dialTransitions },
        active: browserCall,
        bridge: bridgeCall,
        ended: {
          entry: { type: 'logPatch', params: ({ context }) => closeParams(context, 'ended') },
          on: { ...dialTransitions, RESET: 'idle' }
        },
        failed: {
          entry: { type: 'logPatch', params: ({ context }) => closeParams(context, 'failed') },
          on: { ...dialTransitions, RESET: 'idle' }
        }
      }
    }
  }
});
