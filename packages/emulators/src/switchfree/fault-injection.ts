import { z } from 'zod';

export const EMULATOR_MODES = ['normal', 'slow', 'flaky', 'down'] as const;
export type EmulatorMode = (typeof EMULATOR_MODES)[number];

export const modeBodySchema = z.strictObject({
  mode: z.enum(EMULATOR_MODES),
  latencyMs: z.number().int().min(0).max(120_000).optional()
});

/** Latency when `slow` is asked for without a number: longer than any sane client timeout. */
export const DEFAULT_SLOW_LATENCY_MS = 3_000;

export type FaultDecision = { kind: 'pass'; delayMs: number } | { kind: 'fail'; delayMs: number };

/**
 * What the emulator does to each SwitchFree request, so tests can make the upstream slow, flaky or
 * down. Flaky is deterministic (every second request fails) rather than random: a test that depends
 * on a coin toss is a flaky test.
 */
export class FaultInjector {
  private mode: EmulatorMode = 'normal';
  private latencyMs = 0;
  private counter = 0;
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  set(mode: EmulatorMode, latencyMs?: number): { mode: EmulatorMode; latencyMs: number } {
    this.mode = mode;
    this.latencyMs = latencyMs ?? (mode === 'slow' ? DEFAULT_SLOW_LATENCY_MS : 0);
    this.counter = 0;
    return this.current();
  }

  current(): { mode: EmulatorMode; latencyMs: number } {
    return { mode: this.mode, latencyMs: this.latencyMs };
  }

  decide(): FaultDecision {
    this.counter += 1;
    if (this.mode === 'down') return { kind: 'fail', delayMs: 0 };
    if (this.mode === 'flaky' && this.counter % 2 === 0) return { kind: 'fail', delayMs: this.latencyMs };
    return { kind: 'pass', delayMs: this.latencyMs };
  }

  /** A delay that `cancelAll` cuts short, so closing the emulator never waits out a slow response. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const handle = {
        resolve,
        timer: setTimeout(() => {
          this.sleeps.delete(handle);
          resolve();
        }, ms)
      };
      this.sleeps.add(handle);
    });
  }

  cancelAll(): void {
    for (const handle of this.sleeps) {
      clearTimeout(handle.timer);
      handle.resolve();
    }
    this.sleeps.clear();
  }
}
