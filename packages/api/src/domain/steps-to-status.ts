import { isTerminalStatus, type CallLog, type CallStatus, type EndReason, type PatchCallBody } from '@sw-dialer/shared-types';

const ORDER: Record<CallStatus, number> = { dialing: 0, ringing: 1, connected: 2, ended: 3, failed: 3 };

/**
 * The patches that carry a call from its stored status to one observed later by polling, one forward
 * step at a time (a poll may miss `ringing` altogether). Empty when there is nothing new.
 */
export function stepsToStatus(current: CallLog, target: { status: CallStatus; endReason?: EndReason | undefined }, now: Date): PatchCallBody[] {
  if (isTerminalStatus(current.status) || ORDER[target.status] <= ORDER[current.status]) return [];
  const steps: PatchCallBody[] = [];
  if (current.status === 'dialing' && ORDER[target.status] >= ORDER.ringing && target.status !== 'ended' && target.status !== 'failed') {
    steps.push({ status: 'ringing' });
  }
  if (target.status === 'connected') steps.push({ status: 'connected', answeredAt: now.toISOString() });
  if (isTerminalStatus(target.status)) steps.push({ status: target.status, endReason: target.endReason ?? 'error', endedAt: now.toISOString() });
  return steps;
}
