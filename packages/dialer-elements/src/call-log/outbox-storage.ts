import type { CreateCallBody, PatchCallBody, PutWrapUpBody } from '@sw-dialer/shared-types';

/**
 * One pending call-log write. `id` orders nothing (the array does); it names the entry across tabs. A
 * `wrap-up` names its call by id when the widget knew it, else by the session, whose id the queue learns
 * from the create ahead of it (docs/adr/0096).
 */
export type OutboxEntry =
  | { id: string; kind: 'create'; clientSessionId: string; body: CreateCallBody }
  | { id: string; kind: 'patch'; clientSessionId: string; body: PatchCallBody }
  | { id: string; kind: 'wrap-up'; clientSessionId: string; callId: string | null; body: PutWrapUpBody };

export interface OutboxState {
  version: 1;
  entries: OutboxEntry[];
  /** Server ids of calls whose create was acknowledged and which still have writes to come (an open log, a wrap-up). */
  ids: Record<string, string>;
}

/**
 * Where the outbox lives. Storage is the source of truth: every step reads it, changes it and writes it
 * back, so several widgets on one page and several tabs can share one outbox.
 */
export interface OutboxStorage {
  read(): OutboxState;
  write(state: OutboxState): void;
}

const empty = (): OutboxState => ({ version: 1, entries: [], ids: {} });

function parse(text: string | null): OutboxState {
  if (!text) return empty();
  try {
    const value = JSON.parse(text) as Partial<OutboxState>;
    if (value.version !== 1 || !Array.isArray(value.entries) || typeof value.ids !== 'object' || value.ids === null) return empty();
    return { version: 1, entries: value.entries, ids: value.ids };
  } catch {
    return empty();
  }
}

export const DEFAULT_OUTBOX_KEY = 'sw-dialer:call-log-outbox';

/**
 * localStorage rather than IndexedDB: the outbox is a few KB, and synchronous reads make each
 * read-change-write step atomic within a tab (docs/adr/0012).
 */
export function localStorageOutbox(key = DEFAULT_OUTBOX_KEY, storage: Storage = globalThis.localStorage): OutboxStorage {
  return {
    read: () => parse(storage.getItem(key)),
    write: (state) => {
      if (state.entries.length === 0 && Object.keys(state.ids).length === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(state));
    }
  };
}

/** For tests and for pages where storage is unavailable (private modes that throw on access). */
export function memoryOutbox(): OutboxStorage & { text(): string } {
  let text: string | null = null;
  return {
    read: () => parse(text),
    write: (state) => {
      text = JSON.stringify(state);
    },
    text: () => text ?? ''
  };
}

/** localStorage when it works, memory otherwise. */
export function defaultOutboxStorage(key = DEFAULT_OUTBOX_KEY): OutboxStorage {
  try {
    const probe = `${key}:probe`;
    globalThis.localStorage.setItem(probe, '1');
    globalThis.localStorage.removeItem(probe);
    return localStorageOutbox(key);
  } catch {
    return memoryOutbox();
  }
}
