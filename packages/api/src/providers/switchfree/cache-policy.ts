/**
 * How long SwitchFree answers are kept. Matches and misses have their own lifetimes: a contact rarely
 * changes, while a number nobody had may be added to the directory at any moment. `stale*` is how much
 * longer an expired entry is kept to answer (flagged degraded) while SwitchFree is unavailable.
 */
export interface CacheTtls {
  matchMs: number;
  missMs: number;
  staleMatchMs: number;
  searchMs: number;
  staleSearchMs: number;
  presenceMs: number;
  stalePresenceMs: number;
}

export const DEFAULT_CACHE_TTLS: CacheTtls = {
  matchMs: 5 * 60_000,
  missMs: 60_000,
  staleMatchMs: 60 * 60_000,
  searchMs: 30_000,
  staleSearchMs: 5 * 60_000,
  presenceMs: 3_000,
  // A presence older than half a minute says little; beyond that "unknown" is the honest answer.
  stalePresenceMs: 30_000
};

export const cacheKeys = {
  number: (e164: string) => `num:${e164}`,
  contactId: (id: string) => `id:${id}`,
  search: (digest: string) => `search:${digest}`,
  presence: (e164: string) => `presence:${e164}`
};
