import { z } from 'zod';

/** Statuses of a call as the widget shows it and as the call log stores it (`idle` is never stored). */
export const CALL_STATUSES = ['dialing', 'ringing', 'connected', 'ended', 'failed'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];
// The `@__PURE__` marks on this module's schemas let a browser bundle that uses only the plain
// functions and constants below drop classic zod altogether (the widget validates with zod/mini:
// docs/adr/0021). They change nothing at run time.
export const callStatusSchema = /* @__PURE__ */ z.enum(CALL_STATUSES);

export const WIDGET_STATES = ['idle', ...CALL_STATUSES] as const;
export type WidgetState = (typeof WIDGET_STATES)[number];

export const OPEN_STATUSES = ['dialing', 'ringing', 'connected'] as const satisfies readonly CallStatus[];
export const TERMINAL_STATUSES = ['ended', 'failed'] as const satisfies readonly CallStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export function isOpenStatus(status: CallStatus): status is OpenStatus {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}
export function isTerminalStatus(status: CallStatus): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

export const END_REASONS = [
  'local-hangup',
  'remote-hangup',
  'busy',
  'no-answer',
  'declined',
  'invalid-number',
  'network',
  'canceled',
  'abandoned',
  'error',
  // Inbound only (DESIGN.md): the caller gave up while it rang (never answered), and the agent declined it.
  'missed',
  'declined-by-agent'
] as const;
export type EndReason = (typeof END_REASONS)[number];
export const endReasonSchema = /* @__PURE__ */ z.enum(END_REASONS);

export const CALL_DIRECTIONS = ['outbound', 'inbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
export const callDirectionSchema = /* @__PURE__ */ z.enum(CALL_DIRECTIONS);

/**
 * Forward moves only: dialing → ringing → connected, and any open state → ended | failed.
 * Re-stating the current open status is allowed so that a replayed write is harmless.
 */
const NEXT: Record<CallStatus, readonly CallStatus[]> = {
  dialing: ['dialing', 'ringing', 'ended', 'failed'],
  ringing: ['ringing', 'connected', 'ended', 'failed'],
  connected: ['connected', 'ended', 'failed'],
  ended: [],
  failed: []
};

export function canTransition(from: CallStatus, to: CallStatus): boolean {
  return NEXT[from].includes(to);
}

/** Where a live call of each direction enters the log: we dial out; an inbound call is ringing when it arrives. */
export const FIRST_STATUS: Record<CallDirection, OpenStatus> = { outbound: 'dialing', inbound: 'ringing' };

/**
 * The transition rules with the call's direction: an inbound call never dials (it arrives ringing), so it
 * can never enter `dialing`; otherwise as `canTransition`.
 */
export function canTransitionFor(direction: CallDirection, from: CallStatus, to: CallStatus): boolean {
  if (direction === 'inbound' && to === 'dialing') return false;
  return canTransition(from, to);
}

/**
 * End reasons that describe reaching the far end of a call we placed (`declined`: the far end refused it)
 * never end an inbound call; `missed` (the caller gave up while it rang) and `declined-by-agent` never end
 * an outbound one (an outbound call nobody answered is `no-answer`).
 */
const OUTBOUND_ONLY_REASONS: readonly EndReason[] = ['busy', 'no-answer', 'invalid-number', 'declined'];
const INBOUND_ONLY_REASONS: readonly EndReason[] = ['missed', 'declined-by-agent'];

/**
 * Whether `endReason` may end a call of `direction` that was (or was not) answered; undefined when it may,
 * else why not, in words for a 400. Inbound: `missed` (the caller gave up while it rang), `declined-by-agent`
 * (the agent declined it), both never answered and logged `ended`; answered, then `local-hangup` or
 * `remote-hangup`.
 */
export function endReasonProblem(direction: CallDirection, endReason: EndReason, answered: boolean): string | undefined {
  if (direction === 'outbound' && INBOUND_ONLY_REASONS.includes(endReason)) {
    return `${endReason} is for inbound calls (an outbound call nobody answered is no-answer; one the far end refused is declined)`;
  }
  if (direction === 'inbound' && OUTBOUND_ONLY_REASONS.includes(endReason)) {
    return `${endReason} is for outbound calls${endReason === 'declined' ? ' (an inbound call the agent declined is declined-by-agent)' : ''}`;
  }
  if (INBOUND_ONLY_REASONS.includes(endReason) && answered)
    return `a call ${endReason === 'missed' ? 'missed' : 'declined'} was never answered (answeredAt must not be set)`;
  return undefined;
}

/**
 * Maps the SDK's hangup cause (name or Q.850 code) to an end reason. `NORMAL_CLEARING` is a hangup by
 * whichever side sent it, so the caller says which side that was.
 *
 * No cause at all is not a hangup: the SDK gives every hangup it hears a cause (`NORMAL_CLEARING` when the
 * far end sent none), so a call ending without one was torn down by the SDK itself (its relay connection
 * did not come back, the media connection timed out): a network failure, unless we hung up ourselves.
 */
export function endReasonFromCause(
  cause: string | undefined,
  causeCode: number | undefined,
  hungUpLocally: boolean
): { status: TerminalStatus; endReason: EndReason } {
  const name = cause?.toUpperCase();
  const code = causeCode ?? NaN;
  if (name === 'USER_BUSY' || code === 17) return { status: 'failed', endReason: 'busy' };
  if (name === 'NO_ANSWER' || name === 'NO_USER_RESPONSE' || code === 19 || code === 18) return { status: 'failed', endReason: 'no-answer' };
  if (name === 'CALL_REJECTED' || code === 21) return { status: 'failed', endReason: 'declined' };
  if (name === 'UNALLOCATED_NUMBER' || name === 'INVALID_NUMBER_FORMAT' || code === 1 || code === 28) {
    return { status: 'failed', endReason: 'invalid-number' };
  }
  if (
    name === 'NETWORK_OUT_OF_ORDER' ||
    name === 'NORMAL_TEMPORARY_FAILURE' ||
    name === 'SWITCH_CONGESTION' ||
    name === 'DESTINATION_OUT_OF_ORDER' ||
    [27, 34, 38, 41, 42].includes(code)
  ) {
    return { status: 'failed', endReason: 'network' };
  }
  if (name === 'ORIGINATOR_CANCEL' || code === 487) return { status: 'ended', endReason: 'canceled' };
  if (name === 'NORMAL_CLEARING' || code === 16) {
    return { status: 'ended', endReason: hungUpLocally ? 'local-hangup' : 'remote-hangup' };
  }
  if (name === undefined && Number.isNaN(code)) {
    return hungUpLocally ? { status: 'ended', endReason: 'local-hangup' } : { status: 'failed', endReason: 'network' };
  }
  return { status: 'failed', endReason: 'error' };
}

/** Plain words for each end reason, for the status line and the history list. */
export const END_REASON_TEXT: Record<EndReason, string> = {
  'local-hangup': 'You hung up',
  'remote-hangup': 'The other side hung up',
  busy: 'The line is busy',
  'no-answer': 'No answer',
  declined: 'The call was declined',
  'invalid-number': 'This number does not exist',
  network: 'The network failed; try again',
  canceled: 'Call canceled',
  abandoned: 'The call was interrupted (page closed or reloaded)',
  error: 'The call failed',
  missed: 'Missed call',
  'declined-by-agent': 'You declined the call'
};

/**
 * Network failures whose cause the end reason's words ("The network failed") would get wrong, by the error
 * code the call log keeps beside `network`: the calling service could not issue a token, or the SDK lost
 * its connection and dropped the call.
 */
const NETWORK_CAUSE_TEXT: Record<string, string> = {
  UPSTREAM_UNAVAILABLE: 'Calling service unavailable; try again shortly',
  CONNECTION_LOST: 'Lost the connection to the calling service; try again'
};

/** Why a call ended, in words for people: the status line and the history list say the same. */
export function endReasonText(endReason: EndReason, errorCode?: string | null): string {
  if (endReason === 'network' && errorCode) return NETWORK_CAUSE_TEXT[errorCode] ?? END_REASON_TEXT.network;
  return END_REASON_TEXT[endReason];
}
