import type { PresenceStreamMessage, ProviderLogger, SubscriptionState, UpstreamPresence } from './types.js';

export interface StreamTuning {
  /** No event or heartbeat for this long means the connection is dead even if TCP has not noticed. */
  idleTimeoutMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

export const DEFAULT_STREAM_TUNING: StreamTuning = { idleTimeoutMs: 45_000, reconnectMinMs: 250, reconnectMaxMs: 10_000 };

interface SubscriptionDeps {
  numbers: readonly string[];
  open: (numbers: readonly string[], signal: AbortSignal) => Promise<AsyncIterable<PresenceStreamMessage>>;
  /** Current presence straight from SwitchFree: the baseline, and the catch-up after a reconnect. */
  fetchCurrent: (numbers: readonly string[]) => Promise<Map<string, UpstreamPresence>>;
  deliver: (presence: UpstreamPresence) => void;
  onStateChange: (state: SubscriptionState) => void;
  logger: ProviderLogger;
  tuning: StreamTuning;
}

/**
 * One upstream presence stream, kept open until stopped: reconnects with capped exponential backoff
 * and jitter, treats silence as a dead connection, and after a reconnect asks for current presence and
 * delivers whatever changed while it was away, so a subscriber never silently misses a change.
 */
export class PresenceSubscription {
  private stopped = false;
  private state: SubscriptionState | undefined;
  private controller: AbortController | undefined;
  private wake: (() => void) | undefined;
  private readonly lastKnown = new Map<string, UpstreamPresence>();

  constructor(private readonly deps: SubscriptionDeps) {}

  start(): void {
    void this.run();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.controller?.abort();
    this.wake?.();
    this.setState('closed');
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let everConnected = false;
    while (!this.stopped) {
      this.setState(everConnected ? 'reconnecting' : 'connecting');
      const controller = new AbortController();
      this.controller = controller;
      let watchdog: NodeJS.Timeout | undefined;
      const feedWatchdog = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => controller.abort(), this.deps.tuning.idleTimeoutMs);
      };
      try {
        const stream = await this.deps.open(this.deps.numbers, controller.signal);
        if (this.stopped) break;
        attempt = 0;
        this.setState('live');
        void this.catchUp(everConnected);
        everConnected = true;
        feedWatchdog();
        for await (const message of stream) {
          if (this.stopped) break;
          feedWatchdog();
          if (message.kind === 'presence') this.deliver(message.presence);
        }
      } catch (error) {
        if (!this.stopped)
          this.deps.logger.debug({ err: { message: error instanceof Error ? error.message : 'unknown' } }, 'SwitchFree presence stream dropped');
      } finally {
        clearTimeout(watchdog);
        controller.abort();
      }
      if (this.stopped) break;
      this.setState('reconnecting');
      await this.pause(this.backoff(attempt));
      attempt += 1;
    }
  }

  /** The first time, records a baseline; after a reconnect, delivers what changed in the meantime. */
  private async catchUp(afterReconnect: boolean): Promise<void> {
    try {
      const current = await this.deps.fetchCurrent(this.deps.numbers);
      for (const [number, presence] of current) {
        const before = this.lastKnown.get(number);
        if (!afterReconnect) {
          // An event may have arrived while the baseline was in flight; it is newer than the baseline.
          if (!before) this.lastKnown.set(number, presence);
        } else if (!before || before.status !== presence.status) {
          this.deliver(presence);
        }
      }
    } catch {
      // Catch-up is best effort: the stream itself is live and will carry the next change.
    }
  }

  private deliver(presence: UpstreamPresence): void {
    if (this.stopped) return;
    this.lastKnown.set(presence.number, presence);
    this.deps.deliver(presence);
  }

  private backoff(attempt: number): number {
    const { reconnectMinMs, reconnectMaxMs } = this.deps.tuning;
    const base = Math.min(reconnectMaxMs, reconnectMinMs * 2 ** attempt);
    // ±20 % jitter so that many API instances do not reconnect in lockstep after an outage.
    return base * (0.8 + Math.random() * 0.4);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private setState(state: SubscriptionState): void {
    if (this.state === state || this.state === 'closed') return;
    this.state = state;
    try {
      this.deps.onStateChange(state);
    } catch (error) {
      this.deps.logger.warn({ err: { message: error instanceof Error ? error.message : 'unknown' } }, 'presence onStateChange listener threw');
    }
  }
}
