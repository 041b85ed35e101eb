import type { SwitchFree } from './create-switchfree.js';
import { MemoryCacheStore } from './memory-cache-store.js';

/**
 * Stands in when no SwitchFree is configured: every lookup answers "unknown", flagged degraded, so the
 * widget still dials and the API still starts. Health reports SwitchFree as down.
 */
export function unconfiguredSwitchFree(): SwitchFree {
  return {
    configured: false,
    contacts: {
      search: async () => ({ items: [], nextCursor: null, degraded: true }),
      matchNumbers: async (numbers) => ({ matches: [...new Set(numbers)].map((number) => ({ number, contacts: [], degraded: true })), degraded: true }),
      getById: async () => ({ contact: null, degraded: true }),
      getByIds: async (ids) => ({ contacts: new Map([...new Set(ids)].map((id) => [id, null])), degraded: true })
    },
    presence: {
      getPresence: async (numbers) =>
        [...new Set(numbers)].map((number) => ({ number, available: false, status: 'unknown' as const, lastSeenAt: null, degraded: true })),
      subscribe: () => () => undefined
    },
    checkHealth: async () => ({ ok: false, latencyMs: 0, breaker: 'closed' }),
    breakerState: () => 'closed',
    cacheStore: new MemoryCacheStore(),
    close: async () => undefined
  };
}
