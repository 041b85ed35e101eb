import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DEFAULT_CACHE_TTLS, type CacheTtls } from './cache-policy.js';
import type { CacheStore } from './cache-store.js';
import { CachedContactDirectory } from './cached-contact-directory.js';
import { CachedPresenceProvider } from './cached-presence-provider.js';
import type { BreakerState } from './circuit-breaker.js';
import { EntryCache } from './entry-cache.js';
import { MemoryCacheStore } from './memory-cache-store.js';
import { DEFAULT_STREAM_TUNING, type StreamTuning } from './presence-subscription.js';
import { RedisCacheStore } from './redis-cache-store.js';
import { SwitchFreeHttpClient } from './switchfree-http-adapter.js';
import { silentLogger, type ContactDirectory, type PresenceProvider, type ProviderLogger, type SwitchFreeClient } from './types.js';
import { UpstreamGate } from './upstream-gate.js';

export interface SwitchFreeOptions {
  /** `SWITCHFREE_BASE_URL`, e.g. `http://127.0.0.1:7451` for the emulator. */
  baseUrl: string;
  /** `SWITCHFREE_API_KEY`: sent to SwitchFree only, never logged, never in an error. */
  apiKey: string;
  /** Per upstream request; lookups answer (degraded) within about this long. Default 1000 ms. */
  timeoutMs?: number;
  /** Shared cache between API instances: an ioredis client (left open on close) or a `redis://` URL. */
  redis?: Redis | string;
  /** Namespace for Redis keys. Default `sw-dialer:switchfree:`. */
  cacheKeyPrefix?: string;
  /** Replaces the memory/Redis choice entirely (tests, other stores). */
  cacheStore?: CacheStore;
  /** Bound on each cache read or write. Default 150 ms. */
  cacheTimeoutMs?: number;
  ttl?: Partial<CacheTtls>;
  breaker?: { failureThreshold?: number; resetTimeoutMs?: number };
  stream?: Partial<StreamTuning>;
  logger?: ProviderLogger;
  /** Swap the HTTP adapter (tests, or another SwitchFree transport). */
  client?: SwitchFreeClient;
  fetch?: typeof fetch;
}

export interface SwitchFree {
  /** False for the stand-in used when no SwitchFree is configured. */
  configured: boolean;
  contacts: ContactDirectory;
  presence: PresenceProvider;
  /** For `/health`: is SwitchFree reachable, and how fast. Never throws. */
  checkHealth(): Promise<{ ok: boolean; latencyMs: number; breaker: BreakerState }>;
  breakerState(): BreakerState;
  /** The cache in use (tests clear it; operators may flush it). */
  cacheStore: CacheStore;
  close(): Promise<void>;
}

const optionsSchema = z.object({
  // Messages name the option only: a zod message never repeats a value, and the key must not be echoed.
  baseUrl: z.url({ protocol: /^https?$/, message: 'baseUrl: must be an http(s) URL' }),
  apiKey: z.string({ message: 'apiKey: is required' }).min(1, 'apiKey: is required'),
  timeoutMs: z.number().int().min(1).max(60_000).default(1_000),
  cacheTimeoutMs: z.number().int().min(1).max(10_000).default(150),
  cacheKeyPrefix: z.string().min(1).max(100).default('sw-dialer:switchfree:')
});

export function createSwitchFree(options: SwitchFreeOptions): SwitchFree {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw new TypeError(`createSwitchFree: ${parsed.error.issues[0]?.message ?? 'invalid options'}`);
  const { baseUrl, apiKey, timeoutMs, cacheTimeoutMs, cacheKeyPrefix } = parsed.data;
  const logger = options.logger ?? silentLogger;
  const ttl: CacheTtls = { ...DEFAULT_CACHE_TTLS, ...options.ttl };
  const tuning: StreamTuning = { ...DEFAULT_STREAM_TUNING, ...options.stream };

  const client = options.client ?? new SwitchFreeHttpClient({ baseUrl, apiKey, timeoutMs, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const cacheStore =
    options.cacheStore ??
    (options.redis ? new RedisCacheStore({ redis: options.redis, keyPrefix: cacheKeyPrefix, commandTimeoutMs: cacheTimeoutMs }) : new MemoryCacheStore());
  const cache = new EntryCache(cacheStore, logger, cacheTimeoutMs);
  const gate = new UpstreamGate(logger, options.breaker);
  const contacts = new CachedContactDirectory(client, gate, cache, ttl);
  const presence = new CachedPresenceProvider(client, gate, cache, ttl, logger, tuning);

  return {
    configured: true,
    contacts,
    presence,
    cacheStore,
    breakerState: () => gate.breaker.state,
    async checkHealth() {
      const started = performance.now();
      let ok = false;
      try {
        // Not through the breaker: health should report what SwitchFree does now, and must not trip it.
        await client.checkHealth();
        ok = true;
      } catch {
        ok = false;
      }
      return { ok, latencyMs: Math.round(performance.now() - started), breaker: gate.breaker.state };
    },
    async close() {
      presence.closeAll();
      await cacheStore.close();
    }
  };
}
