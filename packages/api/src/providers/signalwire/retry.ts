import { setTimeout as sleep } from 'node:timers/promises';
import { UpstreamError } from '../upstream-error.js';

/**
 * Retries an idempotent-enough request on transient failures (timeouts, network, 5xx/429) with
 * exponential backoff and jitter. Refusals (401, 4xx) are final: retrying would not change them.
 */
export async function withRetry<T>(attempt: () => Promise<T>, { retries = 2, baseDelayMs = 100 } = {}): Promise<T> {
  for (let tries = 0; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      const transient = error instanceof UpstreamError && (error.kind === 'timeout' || error.kind === 'network' || error.kind === 'unavailable');
      if (!transient || tries >= retries) throw error;
      await sleep(baseDelayMs * 2 ** tries * (0.5 + Math.random()));
    }
  }
}
