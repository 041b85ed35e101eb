import type { Contact, Presence } from '@sw-dialer/shared-types';

/**
 * What the rest of the API sees of SwitchFree: normalized shapes only. Nothing here knows a URL,
 * a header or a field name of SwitchFree's wire format (that lives in switchfree-http-adapter.ts).
 */

export type { Contact, Presence };
/** Presence as the upstream knows it; `degraded` is added by the cache layer, which knows how it answered. */
export type UpstreamPresence = Omit<Presence, 'degraded'>;

export interface ContactSearchOptions {
  /** 1..100; default 20. */
  limit?: number;
  /** Opaque, from a previous page's `nextCursor`. */
  cursor?: string | null;
}

export interface ContactSearchResult {
  items: Contact[];
  nextCursor: string | null;
  /** True when SwitchFree was slow, down or refusing us: the page is stale cache or empty. */
  degraded: boolean;
}

export interface NumberMatch {
  number: string;
  /** Usually zero or one; a shared line (a switchboard) can belong to several people. */
  contacts: Contact[];
  /** True when this number could not be looked up: "no contact" here means "unknown", not "nobody". */
  degraded: boolean;
}

export interface ContactMatchResult {
  /** One entry per distinct requested number, in request order. */
  matches: NumberMatch[];
  degraded: boolean;
}

export interface ContactByIdResult {
  contact: Contact | null;
  degraded: boolean;
}

export interface ContactsByIdResult {
  /** Every distinct requested id is a key: null when nobody has it, or when it could not be looked up. */
  contacts: Map<string, Contact | null>;
  degraded: boolean;
}

export interface ContactDirectory {
  search(query: string, options?: ContactSearchOptions): Promise<ContactSearchResult>;
  /** Caller-ID lookup for many numbers in one go (E.164). Never throws for upstream trouble. */
  matchNumbers(numbers: readonly string[]): Promise<ContactMatchResult>;
  getById(id: string): Promise<ContactByIdResult>;
  /**
   * Many contacts by id, for a page of call history: what the cache lacks goes upstream in ONE batch
   * request (per 100 ids), never one request per row. Never throws for upstream trouble.
   */
  getByIds(ids: readonly string[]): Promise<ContactsByIdResult>;
}

export type SubscriptionState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface SubscribeOptions {
  /** Told when the upstream stream connects, drops or is closed, e.g. to tell widgets presence may be stale. */
  onStateChange?: (state: SubscriptionState) => void;
}

export type Unsubscribe = () => void;

export interface PresenceProvider {
  /** One entry per distinct requested number, in request order; unknown numbers answer `status: 'unknown'`. */
  getPresence(numbers: readonly string[]): Promise<Presence[]>;
  /** Calls `onChange` for each change of one of `numbers` until the returned function is called. */
  subscribe(numbers: readonly string[], onChange: (presence: Presence) => void, options?: SubscribeOptions): Unsubscribe;
}

/** Structured logging, compatible with pino and Fastify's logger. */
export interface ProviderLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export const silentLogger: ProviderLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A message from the upstream presence stream. */
export type PresenceStreamMessage = { kind: 'presence'; presence: UpstreamPresence } | { kind: 'heartbeat' };

/**
 * The upstream, as the cache layer uses it: normalized in, normalized out. The HTTP adapter is the only
 * implementation; tests may provide their own.
 */
export interface SwitchFreeClient {
  searchContacts(query: string, limit: number, cursor: string | null, signal?: AbortSignal): Promise<{ items: Contact[]; nextCursor: string | null }>;
  /** Every requested number is a key of the answer (an empty list when nobody has it). */
  matchNumbers(numbers: readonly string[], signal?: AbortSignal): Promise<Map<string, Contact[]>>;
  getContact(id: string, signal?: AbortSignal): Promise<Contact | null>;
  /** Every requested id is a key of the answer (null when nobody has it). */
  getContacts(ids: readonly string[], signal?: AbortSignal): Promise<Map<string, Contact | null>>;
  /** Numbers SwitchFree knows nothing about are absent from the answer. */
  queryPresence(numbers: readonly string[], signal?: AbortSignal): Promise<Map<string, UpstreamPresence>>;
  /** Resolves once the stream is open; iterating ends when the upstream closes it. Abort `signal` to close it. */
  openPresenceStream(numbers: readonly string[], signal: AbortSignal): Promise<AsyncIterable<PresenceStreamMessage>>;
  checkHealth(signal?: AbortSignal): Promise<void>;
}
