import { canTransitionFor, endReasonProblem, isTerminalStatus, type CallLog, type PatchCallBody } from '@sw-dialer/shared-types';
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '../errors/app-error.js';
import { resolveCallTimes } from './call-times.js';

/** The columns a patch may change, in API terms. */
export interface CallChanges {
  status: CallLog['status'];
  answeredAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  endReason: CallLog['endReason'];
  errorCode: string | null;
  errorMessage: string | null;
  providerCallId: string | null;
  contactId: string | null;
  metadata: Record<string, unknown> | null;
}

export type PatchDecision = { kind: 'unchanged' } | { kind: 'update'; changes: CallChanges };

const date = (value: string | null | undefined): Date | null => (value ? new Date(value) : null);

/** True when every field the patch names already holds that value (a replayed write). */
function alreadyApplied(current: CallLog, patch: PatchCallBody): boolean {
  return Object.entries(patch).every(([key, value]) => {
    const stored = current[key as keyof CallLog];
    if (key === 'answeredAt' || key === 'endedAt') return date(stored as string | null)?.getTime() === new Date(value as string).getTime();
    if (key === 'metadata') {
      const storedMetadata = (stored ?? {}) as Record<string, unknown>;
      return Object.entries(value as Record<string, unknown>).every(([k, v]) => isDeepStrictEqual(storedMetadata[k], v));
    }
    return stored === value;
  });
}

/**
 * Decides what a PATCH does to a call: forward transitions only, finished calls immutable (a replay of
 * the write that finished them is accepted as a no-op), timestamps and duration consistent.
 */
export function applyCallPatch(current: CallLog, patch: PatchCallBody, now: Date): PatchDecision {
  if (isTerminalStatus(current.status)) {
    if (alreadyApplied(current, patch)) return { kind: 'unchanged' };
    throw new AppError('CONFLICT', `call ${current.id} has already ${current.status === 'ended' ? 'ended' : 'failed'}; a finished call cannot change`, {
      callId: current.id,
      status: current.status
    });
  }
  // The contact is a fact of the call: given late (its lookup answered after the create), but never changed.
  if (patch.contactId && current.contactId && patch.contactId !== current.contactId) {
    throw new AppError('CONFLICT', `call ${current.id} already has a contact; it cannot change`, { callId: current.id, field: 'body.contactId' });
  }
  const status = patch.status ?? current.status;
  if (!canTransitionFor(current.direction, current.status, status)) {
    throw new AppError('CONFLICT', `call ${current.id} cannot move from ${current.status} to ${status}`, {
      callId: current.id,
      status: current.status,
      requested: status
    });
  }
  const terminal = isTerminalStatus(status);
  let answeredAt = date(patch.answeredAt) ?? date(current.answeredAt);
  // A client that reports `connected` without a time is answered now, by the server's clock.
  if (status === 'connected' && !answeredAt) answeredAt = now;
  const endedAt = date(patch.endedAt) ?? (terminal ? now : null);
  const endReason = patch.endReason ?? null;
  if (terminal && !endReason) throw AppError.invalidField('body.endReason', `is required when status is ${status}`);
  if (!terminal && patch.endReason) throw AppError.invalidField('body.endReason', `must not be set while status is ${status}`);
  const problem = endReason ? endReasonProblem(current.direction, endReason, answeredAt !== null) : undefined;
  if (problem) throw AppError.invalidField('body.endReason', problem);
  const times = resolveCallTimes({ status, startedAt: new Date(current.startedAt), answeredAt, endedAt, durationMs: patch.durationMs });
  return {
    kind: 'update',
    changes: {
      status,
      ...times,
      endReason,
      errorCode: patch.errorCode ?? current.errorCode,
      errorMessage: patch.errorMessage ?? current.errorMessage,
      providerCallId: patch.providerCallId ?? current.providerCallId,
      contactId: patch.contactId ?? current.contactId,
      metadata: patch.metadata ? { ...(current.metadata ?? {}), ...patch.metadata } : current.metadata
    }
  };
}
