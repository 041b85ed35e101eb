import type { PutWrapUpBody, WrapUp } from '@sw-dialer/shared-types';
import type { WrapUpConfig } from '../config.js';
import { AppError } from '../errors/app-error.js';
import type { CallWrapUpsRepository, StoredWrapUp } from '../repositories/call-wrap-ups.repository.js';

export interface WrapUpsServiceDeps {
  repository: CallWrapUpsRepository;
  config: WrapUpConfig;
  now?: () => Date;
}

/**
 * Wrap-ups: what the agent wrote after a call (ADR 70). Only the call's owner, only once the call has
 * finished, only within the operator's edit window after it ended. A PUT replaces the whole wrap-up, so
 * sending the same one again changes nothing (idempotent, as the widget's outbox needs).
 */
export class WrapUpsService {
  private readonly now: () => Date;

  constructor(private readonly deps: WrapUpsServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async get(userId: string, callId: string): Promise<WrapUp> {
    const target = await this.deps.repository.findTarget(userId, callId);
    if (!target) throw AppError.callNotFound(callId);
    if (!target.wrapUp) throw new AppError('NOT_FOUND', `call ${callId} has no wrap-up`, { callId });
    return this.toWrapUp(target.wrapUp, target.endedAt);
  }

  /** Returns the wrap-up as stored and whether this request created it. */
  async put(userId: string, callId: string, body: PutWrapUpBody): Promise<{ wrapUp: WrapUp; created: boolean }> {
    const { dispositions, editWindowS } = this.deps.config;
    if (dispositions && !dispositions.includes(body.disposition)) {
      throw AppError.invalidField('body.disposition', `must be one of: ${dispositions.join(', ')}`);
    }
    const notes = body.notes ?? '';
    const target = await this.deps.repository.findTarget(userId, callId);
    if (!target) throw AppError.callNotFound(callId);
    if (!target.finished || !target.endedAt) {
      throw new AppError('CONFLICT', `call ${callId} is still open; wrap it up once it has ended`, { callId });
    }
    const current = target.wrapUp;
    // A replay of what is stored is answered as it stands, even after the window: the client's outbox may
    // deliver a wrap-up saved long ago, and it already landed.
    if (current && current.disposition === body.disposition && current.notes === notes) {
      return { wrapUp: this.toWrapUp(current, target.endedAt), created: false };
    }
    const closesAt = closesAtOf(target.endedAt, editWindowS);
    if (this.now().getTime() > closesAt.getTime()) {
      throw new AppError('CONFLICT', `the wrap-up of call ${callId} can no longer be changed (the edit window closed at ${closesAt.toISOString()})`, {
        callId,
        editableUntil: closesAt.toISOString()
      });
    }
    const saved = await this.deps.repository.save(userId, callId, body.disposition, notes);
    // The call was finished and ours a moment ago and neither can change: this is a deleted row.
    if (!saved) throw AppError.callNotFound(callId);
    return { wrapUp: this.toWrapUp(saved, target.endedAt), created: current === null };
  }

  private toWrapUp(stored: StoredWrapUp, endedAt: Date | null): WrapUp {
    return {
      callId: stored.callId,
      disposition: stored.disposition,
      notes: stored.notes,
      createdAt: stored.createdAt.toISOString(),
      updatedAt: stored.updatedAt.toISOString(),
      editableUntil: closesAtOf(endedAt ?? stored.createdAt, this.deps.config.editWindowS).toISOString()
    };
  }
}

const closesAtOf = (endedAt: Date, windowS: number) => new Date(endedAt.getTime() + windowS * 1000);
