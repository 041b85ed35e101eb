import type { Presence } from '@sw-dialer/shared-types';
import type { PresenceProvider, ProviderLogger, Unsubscribe } from '../providers/switchfree/index.js';
import { MAX_NUMBERS_PER_SUBSCRIPTION } from '../providers/switchfree/index.js';
import type { PresenceStatusRepository } from '../repositories/presence-status.repository.js';
import type { PresenceBus } from './presence-bus.js';

type Listener = (presence: Presence) => void;

const sameValue = (a: Presence | undefined, b: Presence) =>
  a !== undefined && a.status === b.status && a.available === b.available && a.lastSeenAt === b.lastSeenAt;

/**
 * One per API instance. Widgets subscribe to numbers here; the hub keeps upstream subscriptions for the
 * union of those numbers, stores each change as a snapshot, and publishes it on the bus so that widgets
 * on every instance hear it. Several instances may see the same change: delivery is deduplicated by value.
 */
export class PresenceHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly lastDelivered = new Map<string, Presence>();
  private upstream: Unsubscribe[] = [];
  private resubscribe: NodeJS.Timeout | undefined;

  constructor(
    private readonly provider: PresenceProvider,
    private readonly bus: PresenceBus,
    private readonly snapshots: PresenceStatusRepository,
    private readonly logger: ProviderLogger
  ) {
    bus.onMessage((presence) => this.deliver(presence));
  }

  /** Registers `listener` for changes of `numbers`; the returned function unregisters it. */
  subscribe(numbers: readonly string[], listener: Listener): Unsubscribe {
    let added = false;
    for (const number of numbers) {
      let set = this.listeners.get(number);
      if (!set) {
        set = new Set();
        this.listeners.set(number, set);
        added = true;
      }
      set.add(listener);
    }
    if (added) this.scheduleResubscribe();
    return () => {
      let removed = false;
      for (const number of numbers) {
        const set = this.listeners.get(number);
        set?.delete(listener);
        if (set && set.size === 0) {
          this.listeners.delete(number);
          this.lastDelivered.delete(number);
          removed = true;
        }
      }
      if (removed) this.scheduleResubscribe();
    };
  }

  /** How many numbers have at least one listener (tests check that closed streams let go). */
  get subscribedNumbers(): number {
    return this.listeners.size;
  }

  close(): void {
    clearTimeout(this.resubscribe);
    for (const unsubscribe of this.upstream) unsubscribe();
    this.upstream = [];
    this.listeners.clear();
  }

  /** Widgets come and go in bursts (a page with ten numbers): one upstream change per burst. */
  private scheduleResubscribe(): void {
    clearTimeout(this.resubscribe);
    this.resubscribe = setTimeout(() => this.syncUpstream(), 20);
  }

  private syncUpstream(): void {
    const numbers = [...this.listeners.keys()];
    const previous = this.upstream;
    this.upstream = [];
    for (let i = 0; i < numbers.length; i += MAX_NUMBERS_PER_SUBSCRIPTION) {
      this.upstream.push(this.provider.subscribe(numbers.slice(i, i + MAX_NUMBERS_PER_SUBSCRIPTION), (presence) => void this.onUpstreamChange(presence)));
    }
    // The new streams are opened before the old ones close, so no change falls between them.
    for (const unsubscribe of previous) unsubscribe();
  }

  private async onUpstreamChange(presence: Presence): Promise<void> {
    try {
      await this.snapshots.save(presence);
    } catch (error) {
      this.logger.warn({ action: 'presence.snapshot', outcome: 'error', err: error }, 'could not store a presence snapshot');
    }
    try {
      await this.bus.publish(presence);
    } catch (error) {
      // The bus is down: this instance's widgets still hear it.
      this.logger.warn({ action: 'presence.publish', outcome: 'error', err: error }, 'presence bus unavailable');
      this.deliver(presence);
    }
  }

  private deliver(presence: Presence): void {
    const listeners = this.listeners.get(presence.number);
    if (!listeners || sameValue(this.lastDelivered.get(presence.number), presence)) return;
    this.lastDelivered.set(presence.number, presence);
    for (const listener of listeners) listener(presence);
  }
}
