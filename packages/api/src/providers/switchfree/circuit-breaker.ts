/**
 * A small circuit breaker: after `failureThreshold` consecutive health failures it opens and callers
 * fail fast (so a dead SwitchFree costs nothing per lookup); after `resetTimeoutMs` one probe is let
 * through (half-open) and its outcome closes or re-opens the circuit.
 * Written here rather than taken from a library because it is 60 lines and the cache layer needs to ask
 * "would you let a request through?" before deciding whether to wait at all.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitOpenError extends Error {
  constructor() {
    super('SwitchFree circuit is open');
    this.name = 'CircuitOpenError';
  }
}

export interface CircuitBreakerOptions {
  failureThreshold?: number;
  resetTimeoutMs?: number;
  /** Which errors count against the upstream's health; others (a 401, a 404) pass through untouched. */
  isFailure?: (error: unknown) => boolean;
  onStateChange?: (from: BreakerState, to: BreakerState) => void;
  now?: () => number;
}

export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly resetTimeoutMs: number;
  private readonly isFailure: (error: unknown) => boolean;
  private readonly onStateChange: (from: BreakerState, to: BreakerState) => void;
  private readonly now: () => number;
  private consecutiveFailures = 0;
  private openedAt: number | null = null;
  private probeInFlight = false;
  private lastReported: BreakerState = 'closed';

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 5;
    this.resetTimeoutMs = options.resetTimeoutMs ?? 10_000;
    this.isFailure = options.isFailure ?? (() => true);
    this.onStateChange = options.onStateChange ?? (() => {});
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.resetTimeoutMs ? 'half-open' : 'open';
  }

  /** Whether `run` would call through right now (closed, or half-open with no probe yet). */
  allowsRequest(): boolean {
    const state = this.state;
    return state === 'closed' || (state === 'half-open' && !this.probeInFlight);
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.probeInFlight)) throw new CircuitOpenError();
    const isProbe = state === 'half-open';
    if (isProbe) {
      this.probeInFlight = true;
      this.report('half-open');
    }
    try {
      const result = await operation();
      this.succeed();
      return result;
    } catch (error) {
      // A 401 or 404 still proves the upstream is answering: it closes a half-open circuit too.
      if (this.isFailure(error)) this.fail(isProbe);
      else this.succeed();
      throw error;
    } finally {
      if (isProbe) this.probeInFlight = false;
    }
  }

  private succeed(): void {
    this.consecutiveFailures = 0;
    this.openedAt = null;
    this.report('closed');
  }

  private fail(wasProbe: boolean): void {
    this.consecutiveFailures += 1;
    if (wasProbe || this.consecutiveFailures >= this.failureThreshold) {
      this.openedAt = this.now();
      this.report('open');
    }
  }

  private report(state: BreakerState): void {
    if (state === this.lastReported) return;
    const from = this.lastReported;
    this.lastReported = state;
    this.onStateChange(from, state);
  }
}
