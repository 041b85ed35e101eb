import { createActor, fromCallback, fromPromise, SimulatedClock } from 'xstate';
import { callMachine, viewOf, type CallSessionInput, type LogCreateParams, type LogPatchParams } from '../../src/machine/index.js';
import type { CallToken, SessionCommand } from '../../src/machine/types.js';

export const T0 = Date.parse('2026-03-01T12:00:00.000Z');

export interface Harness {
  actor: ReturnType<typeof createActor<typeof callMachine>>;
  clock: SimulatedClock;
  /** Every log write, in order. */
  writes: Array<{ kind: 'create'; body: LogCreateParams } | ({ kind: 'patch' } & LogPatchParams)>;
  tokenCalls: number;
  sessions: Array<{ input: CallSessionInput; commands: SessionCommand[]; stopped: boolean }>;
  advance(ms: number): Promise<void>;
  view(): ReturnType<typeof viewOf>;
  settle(): Promise<void>;
}

export interface HarnessOptions {
  /** One entry per token fetch: a token, or an error to reject with. */
  tokens?: Array<CallToken | Error>;
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
    sessions: [] as Harness['sessions']
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
      })
    },
    actions: {
      logCreate: (_args, body) => {
        harness.writes.push({ kind: 'create', body });
      },
      logPatch: (_args, params) => {
        harness.writes.push({ kind: 'patch', ...params });
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

/** Dials and waits until the session is live (token fetched). */
export async function dialToLive(h: Harness, number = '+12025550100') {
  h.actor.send({ type: 'DIAL', number });
  await h.settle();
}

export function statuses(h: Harness): string[] {
  return h.writes.map((w) => (w.kind === 'create' ? `create:${w.body.status}` : `patch:${w.body.status}`));
}
