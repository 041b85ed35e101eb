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
  // A queue of finished calls in time order; `head` skips the ones that left the window, so each call
  // is added and dropped once (this runs on every finished call, at any call rate).
  private outcomes: Array<{ at: number; failed: boolean }> = [];
  private head = 0;
  private failuresInWindow = 0;
  private failureRateFiring = false;
  private consecutiveTokenFailures = 0;
  private tokenFiring = false;

  constructor(private readonly policy: AlertPolicy) {}

  recordCall(endReason: EndReason | null, now: number): AlertEvent | undefined {
    const failed = endReason !== null && FAILURE_REASONS.has(endReason);
    this.outcomes.push({ at: now, failed });
    if (failed) this.failuresInWindow += 1;
    while (this.head < this.outcomes.length && (this.outcomes[this.head] as { at: number }).at <= now - this.policy.windowMs) {
      if ((this.outcomes[this.head] as { failed: boolean }).failed) this.failuresInWindow -= 1;
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.outcomes.length) {
      this.outcomes = this.outcomes.slice(this.head);
      this.head = 0;
    }
    const calls = this.outcomes.length - this.head;
    const failureRate = calls ? this.failuresInWindow / calls : 0;
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
