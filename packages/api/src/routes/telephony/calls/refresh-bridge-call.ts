import type { CallLog } from '@sw-dialer/shared-types';
import { isOpenStatus, isTerminalStatus } from '@sw-dialer/shared-types';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { applyCallPatch } from '../../../domain/apply-call-patch.js';
import { stepsToStatus } from '../../../domain/steps-to-status.js';
import { callStatusFromCompat } from '../../../providers/signalwire/bridge-status.js';
import { UpstreamError } from '../../../providers/upstream-error.js';

/**
 * A click-to-call (bridge) call has no browser reporting its progress: while it is open, reading it
 * asks SignalWire for the latest status and records it. If SignalWire cannot answer, the stored row is
 * returned as it is; the next poll tries again.
 */
export async function refreshBridgeCall(app: FastifyInstance, userId: string, call: CallLog, log: FastifyBaseLogger): Promise<CallLog> {
  if (!app.signalwire || !isOpenStatus(call.status) || call.metadata?.transport !== 'bridge' || !call.providerCallId) return call;
  let observed;
  try {
    observed = callStatusFromCompat((await app.signalwire.client.fetchCall(call.providerCallId)).status);
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    log.warn({ action: 'calls.bridge.refresh', outcome: error.kind, err: error }, 'could not refresh a bridge call');
    return call;
  }
  let latest = call;
  // Polls may arrive together. Each step is worked out from the locked row, not from what this poll read
  // before, so a poll that finds the row already moved on skips ahead instead of replaying a stale step
  // (which would be a 409), and only the poll whose write closed the row counts the finished call.
  let closedHere = false;
  const now = new Date();
  for (;;) {
    let stepped = false;
    const updated = await app.repositories.callLogs.update(userId, call.id, (current) => {
      const [step] = stepsToStatus(current, observed, now);
      if (!step) return { kind: 'unchanged' };
      stepped = true;
      const decision = applyCallPatch(current, step, now);
      if (decision.kind === 'update' && isTerminalStatus(decision.changes.status)) closedHere = true;
      return decision;
    });
    latest = updated ?? latest;
    if (!stepped || !updated) break;
  }
  if (closedHere) app.metrics.recordFinishedCall(latest);
  return latest;
}
