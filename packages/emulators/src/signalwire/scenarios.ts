import { z } from 'zod';
import { HANGUP_CAUSES, type HangupCause } from './causes.js';
import { isE164 } from './e164.js';

/** What the far end of a call does. Each failure maps to one hangup cause (DESIGN.md's table). */
export const OUTCOMES = ['answer', 'busy', 'no-answer', 'invalid-number', 'network-failure', 'declined'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const FAILURE_CAUSE: Record<Exclude<Outcome, 'answer'>, HangupCause> = {
  busy: 'USER_BUSY',
  'no-answer': 'NO_ANSWER',
  'invalid-number': 'UNALLOCATED_NUMBER',
  'network-failure': 'NETWORK_OUT_OF_ORDER',
  declined: 'CALL_REJECTED'
};

export interface Scenario {
  outcome: Outcome;
  /**
   * How long the far end rings (with early media) before the outcome happens. 0 means it never rings:
   * busy, invalid and network failures are reported straight away, as a real network does.
   * `null` on `no-answer` means "until the ring timeout".
   */
  ringMs: number | null;
  /** For answered calls: the far end hangs up (NORMAL_CLEARING) this long after answering; null = never. */
  hangupAfterMs: number | null;
}

/** Default ring time for a number that is not in the table. */
const OTHER_NUMBER: Scenario = { outcome: 'answer', ringMs: 2000, hangupAfterMs: null };

function defaultTable(): Map<string, Scenario> {
  return new Map<string, Scenario>([
    ['+12025550100', { outcome: 'answer', ringMs: 1000, hangupAfterMs: null }],
    ['+12025550101', { outcome: 'busy', ringMs: 0, hangupAfterMs: null }],
    ['+12025550102', { outcome: 'no-answer', ringMs: null, hangupAfterMs: null }],
    ['+12025550103', { outcome: 'invalid-number', ringMs: 0, hangupAfterMs: null }],
    ['+12025550104', { outcome: 'network-failure', ringMs: 0, hangupAfterMs: null }],
    // A person who sees the call and presses "decline": it rings first.
    ['+12025550105', { outcome: 'declined', ringMs: 1000, hangupAfterMs: null }],
    ['+12025550106', { outcome: 'answer', ringMs: 1000, hangupAfterMs: 3000 }]
  ]);
}

/** Body of `PUT /__emulator/scenarios/{e164}`. Omitted timings take the outcome's usual values. */
export const scenarioBodySchema = z
  .object({
    outcome: z.enum(OUTCOMES),
    ringMs: z.number().int().min(0).max(600_000).nullable().optional(),
    hangupAfterMs: z.number().int().min(0).max(3_600_000).nullable().optional()
  })
  .strict();

export type ScenarioBody = z.infer<typeof scenarioBodySchema>;

export const e164ParamSchema = z.object({
  e164: z.string().refine(isE164, 'must be an E.164 number such as +12025550100')
});

/** What actually happens on one call, with the ring timeout already applied. */
export interface CallPlan {
  /** Ring (and play early media) for this long before `outcome`; 0 = no ringing at all. */
  ringMs: number;
  outcome: Outcome;
  hangupAfterMs: number | null;
  /** Overrides the outcome's cause: a call the space itself refuses (barred, or an SWML `hangup`). */
  failCause?: HangupCause;
}

/** A call ended by the space before any far end is reached: no ringing, no media, this cause. */
export function refusedPlan(cause: HangupCause): CallPlan {
  return { ringMs: 0, outcome: 'invalid-number', hangupAfterMs: null, failCause: cause };
}

/** Short pause before an immediate failure, so the caller sees "trying" first, as on a real network. */
export const IMMEDIATE_FAILURE_DELAY_MS = 250;

export class ScenarioTable {
  private table = defaultTable();

  constructor(private readonly ringTimeoutMs: number) {}

  get(e164: string): Scenario {
    return this.table.get(e164) ?? OTHER_NUMBER;
  }

  override(e164: string, body: ScenarioBody): Scenario {
    const scenario: Scenario = {
      outcome: body.outcome,
      ringMs: body.ringMs === undefined ? defaultRingMs(body.outcome) : body.ringMs,
      hangupAfterMs: body.hangupAfterMs ?? null
    };
    this.table.set(e164, scenario);
    return scenario;
  }

  reset(): void {
    this.table = defaultTable();
  }

  list(): Array<{ e164: string } & Scenario> {
    return [...this.table].map(([e164, scenario]) => ({ e164, ...scenario }));
  }

  /**
   * Turns a number into a plan. A destination that is not E.164 is an invalid number; any ring longer
   * than the ring timeout (or a timeout shorter than the caller's own) ends as NO_ANSWER.
   */
  plan(destination: string, callerTimeoutMs?: number): CallPlan {
    if (!isE164(destination)) return { ringMs: 0, outcome: 'invalid-number', hangupAfterMs: null };
    const scenario = this.get(destination);
    const timeout = Math.min(this.ringTimeoutMs, callerTimeoutMs ?? Number.POSITIVE_INFINITY);
    if (scenario.outcome === 'no-answer') {
      return { ringMs: Math.min(scenario.ringMs ?? timeout, timeout), outcome: 'no-answer', hangupAfterMs: null };
    }
    const ringMs = scenario.ringMs ?? 0;
    if (ringMs > 0 && ringMs >= timeout) return { ringMs: timeout, outcome: 'no-answer', hangupAfterMs: null };
    return { ringMs, outcome: scenario.outcome, hangupAfterMs: scenario.hangupAfterMs };
  }
}

function defaultRingMs(outcome: Outcome): number | null {
  switch (outcome) {
    case 'answer':
      return 1000;
    case 'declined':
      return 1000;
    case 'no-answer':
      return null;
    default:
      return 0;
  }
}

export function causeOf(outcome: Exclude<Outcome, 'answer'>): { cause: HangupCause; causeCode: number } {
  const cause = FAILURE_CAUSE[outcome];
  return { cause, causeCode: HANGUP_CAUSES[cause] };
}
