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
  const now = new Date();
  for (const step of stepsToStatus(call, observed, now)) {
    latest = (await app.repositories.callLogs.update(userId, call.id, (current) => applyCallPatch(current, step, now))) ?? latest;
  }
  if (isTerminalStatus(latest.status)) app.metrics.recordFinishedCall(latest);
  return latest;
}
