import { presenceStatusSchema } from '@sw-dialer/shared-types';
import { z } from 'zod';
import { cacheKeys, type CacheTtls } from './cache-policy.js';
import { Coalescer } from './coalescer.js';
import type { EntryCache } from './entry-cache.js';
import { distinctNumbers, MAX_NUMBERS_PER_CALL, MAX_NUMBERS_PER_SUBSCRIPTION } from './input-validation.js';
import { PresenceSubscription, type StreamTuning } from './presence-subscription.js';
import type { Presence, PresenceProvider, ProviderLogger, SubscribeOptions, SwitchFreeClient, Unsubscribe, UpstreamPresence } from './types.js';
import type { UpstreamGate } from './upstream-gate.js';

const upstreamPresence = z.object({
  number: z.string(),
  available: z.boolean(),
  status: presenceStatusSchema,
  lastSeenAt: z.string().nullable()
});

function unknownPresence(number: string): UpstreamPresence {
  return { number, available: false, status: 'unknown', lastSeenAt: null };
}

/**
 * Presence: a short-lived cache (seconds) in front of batch queries, and upstream streams for
 * subscriptions whose events also refresh the cache. Like the directory, it never throws for upstream
 * trouble: it answers the last known presence or `unknown`, flagged `degraded`.
 */
export class CachedPresenceProvider implements PresenceProvider {
  private readonly queries = new Coalescer<UpstreamPresence>();
  private readonly subscriptions = new Set<PresenceSubscription>();

  constructor(
    private readonly client: SwitchFreeClient,
    private readonly gate: UpstreamGate,
    private readonly cache: EntryCache,
    private readonly ttl: CacheTtls,
    private readonly logger: ProviderLogger,
    private readonly tuning: StreamTuning
  ) {}

  async getPresence(numbers: readonly string[]): Promise<Presence[]> {
    const wanted = distinctNumbers(numbers, MAX_NUMBERS_PER_CALL, 'getPresence');
    const cached = await this.cache.getMany(wanted.map(cacheKeys.presence), upstreamPresence);
    const answers = new Map<string, Presence>();
    const missing: string[] = [];
    for (const number of wanted) {
      const hit = cached.get(cacheKeys.presence(number));
      if (hit?.fresh) answers.set(number, { ...hit.value, degraded: false });
      else missing.push(number);
    }
    if (missing.length > 0) {
      const degraded = (number: string): Presence => ({ ...(cached.get(cacheKeys.presence(number))?.value ?? unknownPresence(number)), degraded: true });
      if (this.gate.isOpen()) {
        for (const number of missing) answers.set(number, degraded(number));
      } else {
        const pending = this.queries.load(missing, (batch) => this.fetch(batch));
        await Promise.all(
          missing.map(async (number) => {
            try {
              answers.set(number, { ...(await (pending.get(number) as Promise<UpstreamPresence>)), degraded: false });
            } catch {
              answers.set(number, degraded(number));
            }
          })
        );
      }
    }
    return wanted.map((number) => answers.get(number) as Presence);
  }

  subscribe(numbers: readonly string[], onChange: (presence: Presence) => void, options: SubscribeOptions = {}): Unsubscribe {
    const wanted = distinctNumbers(numbers, MAX_NUMBERS_PER_SUBSCRIPTION, 'subscribe');
    if (wanted.length === 0) throw new TypeError('subscribe: give at least one number');
    const subscription = new PresenceSubscription({
      numbers: wanted,
      open: (list, signal) => this.client.openPresenceStream(list, signal),
      fetchCurrent: (list) => this.fetch([...list]),
      deliver: (presence) => {
        void this.cache.setMany([
          { key: cacheKeys.presence(presence.number), value: presence, freshMs: this.ttl.presenceMs, staleMs: this.ttl.stalePresenceMs }
        ]);
        try {
          onChange({ ...presence, degraded: false });
        } catch (error) {
          // A listener's bug must not end the stream for everyone else on it.
          this.logger.warn({ err: { message: error instanceof Error ? error.message : 'unknown' } }, 'presence listener threw');
        }
      },
      onStateChange: (state) => options.onStateChange?.(state),
      logger: this.logger,
      tuning: this.tuning
    });
    this.subscriptions.add(subscription);
    subscription.start();
    return () => {
      subscription.stop();
      this.subscriptions.delete(subscription);
    };
  }

  /** Ends every subscription (on shutdown). */
  closeAll(): void {
    for (const subscription of this.subscriptions) subscription.stop();
    this.subscriptions.clear();
  }

  private async fetch(batch: string[]): Promise<Map<string, UpstreamPresence>> {
    const known = await this.gate.call('presence.query', () => this.client.queryPresence(batch));
    // SwitchFree leaves out numbers it has no presence for: that is a real answer ("unknown"), cached too.
    const answers = new Map(batch.map((number) => [number, known.get(number) ?? unknownPresence(number)]));
    await this.cache.setMany(
      [...answers.values()].map((presence) => ({
        key: cacheKeys.presence(presence.number),
        value: presence,
        freshMs: this.ttl.presenceMs,
        staleMs: this.ttl.stalePresenceMs
      }))
    );
    return answers;
  }
}
