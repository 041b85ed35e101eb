// Everything a call needs beyond rendering: the machine, the API client, the outbox, the transport and
// the bridge (REST fallback) actors. Loaded with `import()` on first focus or click of the widget, so none
// of it (xstate, valibot, the phone parser) is in the initial bundle; the SignalWire SDK loads later
// still, on the first dial, and the phone metadata zone by zone as numbers need it.
import { createActor, fromPromise } from 'xstate';
import { createApiClient, type ApiClient, type AuthHeaders } from '../api/api-client.js';
import { callLogActions } from '../call-log/call-log-actions.js';
import { createCallOwnership, type CallOwnership } from '../call-log/call-ownership.js';
import { PartitionedOutbox, type Identity } from '../call-log/outbox-partition.js';
import { defaultOutboxStorage, DEFAULT_OUTBOX_KEY, type OutboxStorage } from '../call-log/outbox-storage.js';
import { watchPresence } from '../data/presence-feed.js';
import { callMachine } from '../machine/call-machine.js';
import type { CallToken } from '../machine/types.js';
import { viewOf } from '../machine/view.js';
import { bridgeActors } from '../bridge/bridge-actors.js';
import { callSessionActor } from '../transport/call-session-actor.js';
import type { CallTransport } from '../transport/call-transport.js';
import { createSignalWireTransport } from '../transport/signalwire.js';

export interface DialerEngineOptions {
  apiBase: string;
  /** Empty: the API client's `DEFAULT_TOKEN_ENDPOINT`. */
  tokenEndpoint: string;
  getAuthHeaders: AuthHeaders;
  /** The host's user id (`user-id`), when its tokens do not say whose they are (docs/adr/0026). */
  userId?: (() => string) | undefined;
  transport?: CallTransport | undefined;
  /** Whether the SignalWire SDK's own log lines reach the console (the `debug` attribute). */
  debug?: (() => boolean) | undefined;
  /**
   * Whose credentials these are: the outboxes' partition (`src/call-log/partition-of.ts`). Given by the
   * controller, which names the user of the tabs' shared call with it too (docs/adr/0125): imported by both
   * the initial load and this chunk, it would be split into a chunk of its own.
   */
  partitionOf: (headers: Record<string, string>, userId?: string) => string;
  /** Where an outbox lives, by storage key; localStorage (memory where it cannot be used) by default. */
  storage?: ((key: string) => OutboxStorage) | undefined;
}

/** The outbox key of one API, before it was kept per user; each user's is this plus `#` and the partition. */
export function outboxKey(apiBase: string): string {
  return apiBase ? `${DEFAULT_OUTBOX_KEY}:${apiBase}` : DEFAULT_OUTBOX_KEY;
}

export function createDialerEngine(options: DialerEngineOptions) {
  const api: ApiClient = createApiClient({ apiBase: options.apiBase, tokenEndpoint: options.tokenEndpoint, getAuthHeaders: options.getAuthHeaders });
  const ownership: CallOwnership = createCallOwnership();
  const identity = async (): Promise<Identity> => {
    const headers = await options.getAuthHeaders();
    return { headers, partition: options.partitionOf(headers, options.userId?.()) };
  };
  // Call-log writes are kept per user, and each user's go out with that user's credentials only.
  const outbox = new PartitionedOutbox({
    identity,
    key: outboxKey(options.apiBase),
    storage: options.storage ?? defaultOutboxStorage,
    api: (getAuthHeaders) => createApiClient({ apiBase: options.apiBase, getAuthHeaders }),
    ownership
  });
  const transport = options.transport ?? createSignalWireTransport({ debug: options.debug });
  const { accepted, ...logActions } = callLogActions(outbox);
  const machine = callMachine.provide({
    actors: {
      fetchToken: fromPromise<CallToken>(() => api.fetchToken()),
      // SignalWire is dialled only once the call log accepted the call (the token is fetched meanwhile).
      callSession: callSessionActor(transport, { accepted }),
      ...bridgeActors(api, ownership)
    },
    actions: logActions
  });
  const actor = createActor(machine, { input: {} });
  return {
    api,
    outbox,
    ownership,
    transport,
    actor,
    viewOf,
    watchPresence
  };
}

export type DialerEngine = ReturnType<typeof createDialerEngine>;
