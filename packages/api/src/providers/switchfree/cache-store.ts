/**
 * Where cached SwitchFree answers live: memory for one instance, Redis to share them between API
 * instances. Values are opaque strings (JSON written by the cache layer) so both stores behave alike.
 * Implementations may throw; the cache layer treats any store error as a miss.
 */
export interface CacheEntryToWrite {
  key: string;
  value: string;
  ttlMs: number;
}

export interface CacheStore {
  /** One slot per key, `undefined` for a miss or an expired entry. */
  getMany(keys: readonly string[]): Promise<Array<string | undefined>>;
  setMany(entries: readonly CacheEntryToWrite[]): Promise<void>;
  /** Removes every entry this store owns (its key prefix only, for Redis). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
