import { z } from 'zod';
import type { CacheStore } from './cache-store.js';
import type { ProviderLogger } from './types.js';

/**
 * Typed entries over a CacheStore, each with a freshness deadline. An entry is served as-is while
 * fresh; after that it is kept for a while longer (`staleMs`) so that, when SwitchFree is slow or down,
 * the last known answer can still be given (flagged degraded) instead of nothing.
 * The store is a boundary like any other: entries are parsed, and anything unreadable is a miss.
 */
export interface CachedValue<T> {
  value: T;
  fresh: boolean;
}

const envelope = z.object({ v: z.unknown(), f: z.number() });

export class EntryCache {
  private lastWarnedAt = 0;

  constructor(
    private readonly store: CacheStore,
    private readonly logger: ProviderLogger,
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now
  ) {}

  async getMany<T>(keys: readonly string[], schema: z.ZodType<T>): Promise<Map<string, CachedValue<T>>> {
    const found = new Map<string, CachedValue<T>>();
    if (keys.length === 0) return found;
    const raw = await this.guard('read', () => this.store.getMany(keys));
    if (!raw) return found;
    const now = this.now();
    keys.forEach((key, index) => {
      const text = raw[index];
      if (text === undefined) return;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return;
      }
      const outer = envelope.safeParse(json);
      if (!outer.success) return;
      const inner = schema.safeParse(outer.data.v);
      if (inner.success) found.set(key, { value: inner.data, fresh: outer.data.f > now });
    });
    return found;
  }

  async setMany(entries: ReadonlyArray<{ key: string; value: unknown; freshMs: number; staleMs: number }>): Promise<void> {
    if (entries.length === 0) return;
    const now = this.now();
    await this.guard('write', () =>
      this.store.setMany(
        entries.map(({ key, value, freshMs, staleMs }) => ({ key, value: JSON.stringify({ v: value, f: now + freshMs }), ttlMs: freshMs + staleMs }))
      )
    );
  }

  /** A cache that fails or stalls must cost a lookup at most `timeoutMs`, never an error. */
  private async guard<T>(what: 'read' | 'write', operation: () => Promise<T>): Promise<T | undefined> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        operation(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`cache ${what} timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
        })
      ]);
    } catch (error) {
      // One line per 10 s at most: a cache outage would otherwise log once per lookup.
      if (this.now() - this.lastWarnedAt > 10_000) {
        this.lastWarnedAt = this.now();
        this.logger.warn({ err: error instanceof Error ? { message: error.message } : undefined }, `SwitchFree cache ${what} failed; treating it as a miss`);
      }
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}
