import { isTerminalStatus, type CallStatus } from '@sw-dialer/shared-types';
import { AppError } from '../errors/app-error.js';

/** How far a reported duration may stray from the timestamps (clocks and rounding in the browser). */
export const DURATION_TOLERANCE_MS = 1000;

export interface CallTimesInput {
  status: CallStatus;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  durationMs: number | undefined;
}

export interface CallTimes {
  answeredAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
}

/**
 * Checks that a call's timestamps and duration tell one story, and fills in what follows from them:
 * a finished call's duration is its connected time (`endedAt − answeredAt`), 0 if never answered.
 * `prefix` names where the fields came from in error messages (`body`).
 */
export function resolveCallTimes(input: CallTimesInput, prefix = 'body'): CallTimes {
  const { status, startedAt, answeredAt, endedAt } = input;
  const terminal = isTerminalStatus(status);
  if (answeredAt && (status === 'dialing' || status === 'ringing')) {
    throw AppError.invalidField(`${prefix}.answeredAt`, `must not be set while status is ${status}`);
  }
  if (answeredAt && answeredAt < startedAt) {
    throw AppError.invalidField(`${prefix}.answeredAt`, 'must not be before startedAt');
  }
  if (endedAt && !terminal) throw AppError.invalidField(`${prefix}.endedAt`, `must not be set while status is ${status}`);
  if (endedAt && endedAt < (answeredAt ?? startedAt)) {
    throw AppError.invalidField(`${prefix}.endedAt`, answeredAt ? 'must not be before answeredAt' : 'must not be before startedAt');
  }
  if (!terminal) {
    if (input.durationMs !== undefined) {
      throw AppError.invalidField(`${prefix}.durationMs`, 'may only be set when the call ends or fails');
    }
    return { answeredAt, endedAt: null, durationMs: null };
  }
  if (!endedAt) throw AppError.invalidField(`${prefix}.endedAt`, `is required when status is ${status}`);
  const expected = answeredAt ? endedAt.getTime() - answeredAt.getTime() : 0;
  if (input.durationMs === undefined) return { answeredAt, endedAt, durationMs: expected };
  const tolerance = answeredAt ? DURATION_TOLERANCE_MS : 0;
  if (Math.abs(input.durationMs - expected) > tolerance) {
    const rule = answeredAt ? `endedAt − answeredAt (${expected} ms) within ${tolerance} ms` : '0 for a call that was never answered';
    throw AppError.invalidField(`${prefix}.durationMs`, `must equal ${rule}`);
  }
  return { answeredAt, endedAt, durationMs: input.durationMs };
}
