import type { CacheEntryToWrite, CacheStore } from './cache-store.js';

export interface MemoryCacheStoreOptions {
  /** Bound on memory: the least recently written entries go first. Default 20,000. */
  maxEntries?: number;
  now?: () => number;
}

/** The default store: per-process, bounded, expiry checked on read. */
export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryCacheStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? 20_000;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    const now = this.now();
    return keys.map((key) => {
      const entry = this.entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
        return undefined;
      }
      return entry.value;
    });
  }

  async setMany(entries: readonly CacheEntryToWrite[]): Promise<void> {
    const now = this.now();
    for (const { key, value, ttlMs } of entries) {
      if (ttlMs <= 0) continue;
      // Re-inserting moves the key to the end of the Map's order, which is what eviction reads.
      this.entries.delete(key);
      this.entries.set(key, { value, expiresAt: now + ttlMs });
    }
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  async clear(): Promise<void> {
    this.entries.clear();
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
