import { Redis } from 'ioredis';
import type { CacheEntryToWrite, CacheStore } from './cache-store.js';

export interface RedisCacheStoreOptions {
  /** A client the caller owns (left open by `close`), or a `redis://` URL this store connects to and owns. */
  redis: Redis | string;
  /** Namespaces every key, e.g. `sw-dialer:switchfree:`. */
  keyPrefix: string;
  /** Bound on each command, so a stalled Redis cannot hold a lookup past its timeout. Default 150 ms. */
  commandTimeoutMs?: number;
}

/** Shares cached SwitchFree answers between API instances. */
export class RedisCacheStore implements CacheStore {
  private readonly redis: Redis;
  private readonly ownsClient: boolean;
  private readonly keyPrefix: string;

  constructor(options: RedisCacheStoreOptions) {
    this.keyPrefix = options.keyPrefix;
    if (typeof options.redis === 'string') {
      this.redis = new Redis(options.redis, {
        commandTimeout: options.commandTimeoutMs ?? 150,
        // A cache must fail fast rather than retry: a miss costs one upstream call, a hang costs the user.
        maxRetriesPerRequest: 1,
        connectionName: 'sw-dialer-switchfree-cache'
      });
      // Connection errors surface as failed commands (a cache miss); without a listener ioredis prints them.
      this.redis.on('error', () => {});
      this.ownsClient = true;
    } else {
      this.redis = options.redis;
      this.ownsClient = false;
    }
  }

  async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    if (keys.length === 0) return [];
    const values = await this.redis.mget(keys.map((key) => this.keyPrefix + key));
    return values.map((value) => value ?? undefined);
  }

  async setMany(entries: readonly CacheEntryToWrite[]): Promise<void> {
    const live = entries.filter((entry) => entry.ttlMs > 0);
    if (live.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const { key, value, ttlMs } of live) pipeline.set(this.keyPrefix + key, value, 'PX', Math.ceil(ttlMs));
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }

  async clear(): Promise<void> {
    // SCAN, not KEYS: it never blocks a shared Redis. Only this prefix is touched.
    const pattern = `${this.keyPrefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await this.redis.unlink(...keys);
    } while (cursor !== '0');
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
