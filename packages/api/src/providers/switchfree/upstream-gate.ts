import { CircuitBreaker, CircuitOpenError, type BreakerState } from './circuit-breaker.js';
import type { ProviderLogger } from './types.js';
import { UpstreamError, isUpstreamHealthFailure } from '../upstream-error.js';

/**
 * Every SwitchFree request goes through here: the circuit breaker, and logging of failures that an
 * operator must see (a rejected key above all), throttled so that an outage logs a few lines, not one
 * per keystroke of every type-ahead.
 */
export class UpstreamGate {
  readonly breaker: CircuitBreaker;
  private readonly lastLogged = new Map<string, number>();

  constructor(
    private readonly logger: ProviderLogger,
    breaker: { failureThreshold?: number; resetTimeoutMs?: number } = {}
  ) {
    this.breaker = new CircuitBreaker({
      ...breaker,
      isFailure: isUpstreamHealthFailure,
      onStateChange: (from: BreakerState, to: BreakerState) => {
        const line = { breaker: { from, to } };
        if (to === 'open') this.logger.warn(line, 'SwitchFree circuit opened: lookups answer degraded until it recovers');
        else this.logger.info(line, `SwitchFree circuit ${to}`);
      }
    });
  }

  /** Whether a request would be attempted now; when not, callers answer from cache at once. */
  isOpen(): boolean {
    return !this.breaker.allowsRequest();
  }

  async call<T>(operation: string, request: () => Promise<T>): Promise<T> {
    try {
      return await this.breaker.run(request);
    } catch (error) {
      this.report(operation, error);
      throw error;
    }
  }

  private report(operation: string, error: unknown): void {
    if (error instanceof CircuitOpenError) return;
    const kind = error instanceof UpstreamError ? error.kind : 'unexpected';
    const now = Date.now();
    if (now - (this.lastLogged.get(kind) ?? 0) < 10_000) return;
    this.lastLogged.set(kind, now);
    // UpstreamError messages are built to be loggable: method, path, status, never the key or a number.
    const line = { operation, upstreamError: { kind, message: error instanceof Error ? error.message : 'non-error thrown' } };
    if (kind === 'unauthorized') this.logger.error(line, 'SwitchFree rejected the API key: check SWITCHFREE_API_KEY');
    else this.logger.warn(line, 'SwitchFree request failed; answering degraded');
  }
}
