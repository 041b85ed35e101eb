import type { EndReason } from '@sw-dialer/shared-types';

/**
 * End reasons that mean the service failed the caller. Busy, no answer, declined and invalid numbers are
 * the far end's answer, not an incident, so they do not count.
 */
export const FAILURE_REASONS: ReadonlySet<EndReason> = new Set(['network', 'error']);

export interface AlertPolicy {
  /** Failure share of finished calls in the window that fires the alert (0..1). */
  failureRate: number;
  /** Fewer finished calls than this in the window never fire (one failure out of two is not a trend). */
  minCalls: number;
  windowMs: number;
  /** Consecutive token issuance failures that fire the alert. */
  tokenFailures: number;
}

export type AlertEvent =
  | { kind: 'firing'; alert: 'call-failure-rate'; failureRate: number; calls: number; windowMs: number }
  | { kind: 'resolved'; alert: 'call-failure-rate'; failureRate: number; calls: number; windowMs: number }
  | { kind: 'firing'; alert: 'token-issuance'; consecutiveFailures: number }
  | { kind: 'resolved'; alert: 'token-issuance'; consecutiveFailures: number };

/**
 * Decides when to alert, and stays quiet while an alert is firing: one notification when a condition
 * starts, one when it clears, none in between however many calls fail. Pure: the clock is passed in.
 */
export class AlertState {
  private outcomes: Array<{ at: number; failed: boolean }> = [];
  private failureRateFiring = false;
  private consecutiveTokenFailures = 0;
  private tokenFiring = false;

  constructor(private readonly policy: AlertPolicy) {}

  recordCall(endReason: EndReason | null, now: number): AlertEvent | undefined {
    this.outcomes.push({ at: now, failed: endReason !== null && FAILURE_REASONS.has(endReason) });
    this.outcomes = this.outcomes.filter((outcome) => outcome.at > now - this.policy.windowMs);
    const calls = this.outcomes.length;
    const failureRate = calls ? this.outcomes.filter((outcome) => outcome.failed).length / calls : 0;
    const base = { alert: 'call-failure-rate' as const, failureRate, calls, windowMs: this.policy.windowMs };
    if (!this.failureRateFiring && calls >= this.policy.minCalls && failureRate >= this.policy.failureRate) {
      this.failureRateFiring = true;
      return { kind: 'firing', ...base };
    }
    // Recovery needs the rate clearly below the threshold, so a rate hovering at it does not flap.
    if (this.failureRateFiring && failureRate < this.policy.failureRate / 2) {
      this.failureRateFiring = false;
      return { kind: 'resolved', ...base };
    }
    return undefined;
  }

  recordTokenIssuance(ok: boolean): AlertEvent | undefined {
    this.consecutiveTokenFailures = ok ? 0 : this.consecutiveTokenFailures + 1;
    if (!this.tokenFiring && this.consecutiveTokenFailures >= this.policy.tokenFailures) {
      this.tokenFiring = true;
      return { kind: 'firing', alert: 'token-issuance', consecutiveFailures: this.consecutiveTokenFailures };
    }
    if (this.tokenFiring && ok) {
      this.tokenFiring = false;
      return { kind: 'resolved', alert: 'token-issuance', consecutiveFailures: 0 };
    }
    return undefined;
  }
}
