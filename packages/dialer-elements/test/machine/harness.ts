import { createActor, fromCallback, fromPromise, SimulatedClock } from 'xstate';
import type { CallLog } from '@sw-dialer/shared-types';
import { callMachine, viewOf, type BridgeCallInput, type CallSessionInput, type LogCreateParams, type LogPatchParams } from '../../src/machine/index.js';
import type { BridgeEvent, CallToken, SessionCommand } from '../../src/machine/types.js';

export const T0 = Date.parse('2026-03-01T12:00:00.000Z');

export interface Harness {
  actor: ReturnType<typeof createActor<typeof callMachine>>;
  clock: SimulatedClock;
  /** Every log write, in order. */
  writes: Array<{ kind: 'create'; body: LogCreateParams } | ({ kind: 'patch' } & LogPatchParams)>;
  tokenCalls: number;
  sessions: Array<{ input: CallSessionInput; commands: SessionCommand[]; stopped: boolean }>;
  /** Bridge calls asked of the API, and the followers of their status. */
  bridges: Array<{ input: BridgeCallInput }>;
  followers: Array<{ callId: string; stopped: boolean; send(call: Partial<CallLog> & Pick<CallLog, 'status'>): void }>;
  /** End pressed on a call through the phone: each request to the API, settled by the test. */
  hangups: Array<{ callId: string; answer(call: Partial<CallLog> & Pick<CallLog, 'status'>): void; fail(error: Error): void }>;
  advance(ms: number): Promise<void>;
  view(): ReturnType<typeof viewOf>;
  settle(): Promise<void>;
}

export interface HarnessOptions {
  /** One entry per token fetch: a token, or an error to reject with. */
  tokens?: Array<CallToken | Error>;
  /** One entry per bridge request: the call id (or a promise of it, to hold the answer back), or an error to reject with. */
  bridgeAnswers?: Array<string | Promise<string> | Error>;
  maxRetries?: number;
}

export function token(expiresInMs: number, now = T0): CallToken {
  return { token: `tok-${now}-${expiresInMs}`, expiresAt: new Date(now + expiresInMs).toISOString() };
}

/** The machine with fakes for every named side effect and a simulated clock shared by delays and timestamps. */
export function startHarness(options: HarnessOptions = {}): Harness {
  const clock = new SimulatedClock();
  clock.set(T0);
  let uuid = 0;
  const tokens = options.tokens ?? [];
  const harness = {
    clock,
    writes: [] as Harness['writes'],
    tokenCalls: 0,
    sessions: [] as Harness['sessions'],
    bridges: [] as Harness['bridges'],
    followers: [] as Harness['followers'],
    hangups: [] as Harness['hangups']
  } as Harness;

  const machine = callMachine.provide({
    actors: {
      fetchToken: fromPromise<CallToken>(async () => {
        const next = tokens[harness.tokenCalls] ?? token(3_600_000, clock.now());
        harness.tokenCalls += 1;
        if (next instanceof Error) throw next;
        return next;
      }),
      callSession: fromCallback<SessionCommand, CallSessionInput>(({ input, receive }) => {
        const session = { input, commands: [] as SessionCommand[], stopped: false };
        harness.sessions.push(session);
        receive((command) => session.commands.push(command));
        return () => {
          session.stopped = true;
        };
      }),
      placeBridgeCall: fromPromise<{ id: string }, BridgeCallInput>(async ({ input }) => {
        const answer = options.bridgeAnswers?.[harness.bridges.length] ?? `00000000-0000-4000-9000-${String(harness.bridges.length + 1).padStart(12, '0')}`;
        harness.bridges.push({ input });
        if (answer instanceof Error) throw answer;
        return { id: await answer };
      }),
      endBridgeCall: fromPromise<CallLog, { callId: string }>(
        ({ input }) =>
          new Promise<CallLog>((resolve, reject) => {
            harness.hangups.push({ callId: input.callId, answer: (call) => resolve({ ...bridgeRow(input.callId), ...call }), fail: reject });
          })
      ),
      followBridgeCall: fromCallback<BridgeEvent, { callId: string }>(({ input, sendBack }) => {
        const follower = {
          callId: input.callId,
          stopped: false,
          send: (call: Partial<CallLog> & Pick<CallLog, 'status'>) => sendBack({ type: 'BRIDGE.STATUS', call: { ...bridgeRow(input.callId), ...call } })
        };
        harness.followers.push(follower);
        return () => {
          follower.stopped = true;
        };
      })
    },
    actions: {
      logCreate: (_args, body) => {
        harness.writes.push({ kind: 'create', body });
      },
      logPatch: (_args, params) => {
        if (params) harness.writes.push({ kind: 'patch', ...params });
      }
    }
  });
  const actor = createActor(machine, {
    clock,
    input: {
      now: () => clock.now(),
      randomUUID: () => `00000000-0000-4000-8000-${String(++uuid).padStart(12, '0')}`,
      ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {})
    }
  });
  actor.start();
  harness.actor = actor;
  harness.settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
  };
  harness.advance = async (ms: number) => {
    clock.increment(ms);
    await harness.settle();
  };
  harness.view = () => viewOf(actor.getSnapshot());
  return harness;
}

/** A bridge call's log row as the API would answer it; tests override the fields that matter. */
export function bridgeRow(id: string): CallLog {
  return {
    id,
    direction: 'outbound',
    number: '+12025550100',
    contactId: null,
    status: 'dialing',
    startedAt: new Date(T0).toISOString(),
    answeredAt: null,
    endedAt: null,
    durationMs: null,
    endReason: null,
    errorCode: null,
    errorMessage: null,
    clientSessionId: '00000000-0000-4000-8000-000000000001',
    providerCallId: 'CA123',
    metadata: { transport: 'bridge' },
    createdAt: new Date(T0).toISOString(),
    updatedAt: new Date(T0).toISOString()
  };
}

/** Dials and waits until the session is live (token fetched). */
export async function dialToLive(h: Harness, number = '+12025550100') {
  h.actor.send({ type: 'DIAL', number });
  await h.settle();
}

export function statuses(h: Harness): string[] {
  return h.writes.map((w) => (w.kind === 'create' ? `create:${w.body.status}` : `patch:${w.body.status}`));
}
