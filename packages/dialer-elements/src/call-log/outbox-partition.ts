import { isTerminalStatus, type CreateCallBody, type PatchCallBody, type PutWrapUpBody } from '@sw-dialer/shared-types';
import { CallLogOutbox, OtherUserError, leavePage, type CallLogOutboxOptions } from './call-log-outbox.js';
import type { CallOwnership } from './call-ownership.js';
import type { OutboxStorage } from './outbox-storage.js';

/** The credentials a request would carry now, and whose outbox they open (docs/adr/0026). */
export interface Identity {
  partition: string;
  headers: Record<string, string>;
}

/**
 * Writes queued before the outbox was kept per user sit under one key with no owner. Only the PATCHes of
 * calls the API had acknowledged move into the first user's outbox: they name the call by its id, which
 * the API answers with 404 for anyone but its owner, so they can never change another user's call. A
 * create could be logged under whoever happens to be signed in: creates, and the writes that follow
 * them, are dropped.
 */
export function adoptLegacyOutbox(legacy: OutboxStorage, into: OutboxStorage): void {
  const old = legacy.read();
  if (old.entries.length === 0 && Object.keys(old.ids).length === 0) return;
  const state = into.read();
  const kept = old.entries.filter((entry) => entry.kind === 'patch' && old.ids[entry.clientSessionId]);
  for (const entry of kept) state.ids[entry.clientSessionId] = old.ids[entry.clientSessionId]!;
  state.entries.unshift(...kept);
  into.write(state);
  legacy.write({ version: 1, entries: [], ids: {} });
}

export interface PartitionedOutboxOptions {
  /** The credentials in use now (asked before every write, flush and request). */
  identity: () => Promise<Identity>;
  /** The storage key of the API's outbox as it was before it was kept per user; each user's is this plus `#` and the partition. */
  key: string;
  storage: (key: string) => OutboxStorage;
  /** An API client that sends with the headers it is given. */
  api: (getAuthHeaders: () => Promise<Record<string, string>>) => CallLogOutboxOptions['api'];
  ownership: Pick<CallOwnership, 'isLive'>;
  retryDelaysMs?: number[];
}

/**
 * One outbox per user (docs/adr/0026). A call's writes go to the outbox of the credentials in use when
 * the call began; flushing sends the outbox of the credentials in use now. Each user's outbox sends with
 * that user's credentials alone: while another user's are in use, its writes wait (neither sent nor
 * dropped) and go out once its user's credentials are in use again.
 */
export class PartitionedOutbox {
  readonly #options: PartitionedOutboxOptions;
  readonly #outboxes = new Map<string, CallLogOutbox>();
  readonly #calls = new Map<string, Promise<CallLogOutbox>>();
  #partition = '';
  #onOnline = () => void this.flush();

  constructor(options: PartitionedOutboxOptions) {
    this.#options = options;
  }

  /** The outbox of the credentials in use; the last known ones when they cannot be had (a write is never lost). */
  #current(): Promise<CallLogOutbox> {
    return this.#options.identity().then(
      ({ partition }) => this.#outbox((this.#partition = partition)),
      () => this.#outbox(this.#partition)
    );
  }

  #outbox(partition: string): CallLogOutbox {
    let outbox = this.#outboxes.get(partition);
    if (!outbox) {
      const { identity, key, storage, api, ownership, retryDelaysMs } = this.#options;
      const own = storage(`${key}#${partition}`);
      adoptLegacyOutbox(storage(key), own);
      const headers = async () => {
        const current = await identity().catch((cause: unknown) => {
          // The host could not renew its session: the write waits and is retried, never dropped.
          throw Object.assign(new Error('The session could not be renewed', { cause }), { transient: true });
        });
        if (current.partition !== partition) throw new OtherUserError('These writes belong to another user');
        return current.headers;
      };
      outbox = new CallLogOutbox({ api: api(headers), storage: own, ownership, ...(retryDelaysMs ? { retryDelaysMs } : {}) });
      this.#outboxes.set(partition, outbox);
    }
    return outbox;
  }

  /** Replays what earlier pages left for the user signed in now, and listens for the network coming back. */
  start(): void {
    globalThis.addEventListener?.('online', this.#onOnline);
    void this.flush();
  }

  stop(): void {
    globalThis.removeEventListener?.('online', this.#onOnline);
    for (const outbox of this.#outboxes.values()) outbox.stop();
  }

  /** The page is closing with a call's end queued: nothing more is sent from it (docs/adr/0125). */
  leave(): void {
    leavePage();
  }

  /** Writes still waiting in the outbox of the credentials last seen. */
  pending(): number {
    return this.#outboxes.get(this.#partition)?.pending() ?? 0;
  }

  flush(): Promise<void> {
    return this.#current().then((outbox) => outbox.flush());
  }

  create(body: CreateCallBody, onUnanswered?: () => void): Promise<string> {
    const outbox = this.#current();
    this.#calls.set(body.clientSessionId, outbox);
    return outbox.then((o) => o.create(body, onUnanswered));
  }

  patch(clientSessionId: string, body: PatchCallBody): void {
    const outbox = this.#calls.get(clientSessionId) ?? this.#current();
    if (body.status && isTerminalStatus(body.status)) this.#calls.delete(clientSessionId);
    void outbox.then((o) => o.patch(clientSessionId, body));
  }

  /** A call's wrap-up, in the outbox of the credentials in use (the call's own user's, or the API answers 404). */
  wrapUp(clientSessionId: string, callId: string | null, body: PutWrapUpBody): void {
    void this.#current().then((o) => o.wrapUp(clientSessionId, callId, body));
  }
}
