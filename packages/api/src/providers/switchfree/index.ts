export { createSwitchFree, type SwitchFree, type SwitchFreeOptions } from './create-switchfree.js';
export type {
  Contact,
  ContactByIdResult,
  ContactDirectory,
  ContactMatchResult,
  ContactSearchOptions,
  ContactSearchResult,
  NumberMatch,
  Presence,
  PresenceProvider,
  PresenceStreamMessage,
  ProviderLogger,
  SubscribeOptions,
  SubscriptionState,
  SwitchFreeClient,
  Unsubscribe,
  UpstreamPresence
} from './types.js';
export type { CacheEntryToWrite, CacheStore } from './cache-store.js';
export { MemoryCacheStore } from './memory-cache-store.js';
export { RedisCacheStore } from './redis-cache-store.js';
export { DEFAULT_CACHE_TTLS, type CacheTtls } from './cache-policy.js';
export { CircuitBreaker, CircuitOpenError, type BreakerState } from './circuit-breaker.js';
export { SwitchFreeHttpClient } from './switchfree-http-adapter.js';
export { UpstreamError, type UpstreamErrorKind } from '../upstream-error.js';
export { MAX_NUMBERS_PER_CALL, MAX_NUMBERS_PER_SUBSCRIPTION } from './input-validation.js';
