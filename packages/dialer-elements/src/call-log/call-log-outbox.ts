import { isTerminalStatus, type CreateCallBody, type PatchCallBody, type PutWrapUpBody } from '@sw-dialer/shared-types';
import type { ApiClient } from '../api/api-client.js';
import { ApiError } from '../api/api-error.js';
import { isTransientError } from '../machine/transient.js';
import type { CallOwnership } from './call-ownership.js';
import type { OutboxEntry, OutboxState, OutboxStorage } from './outbox-storage.js';

/** The API has an open call that a tab of this browser is carrying: this call must not go on. */
export class CallLiveElsewhereError extends Error {
  override readonly name = 'CallLiveElsewhereError';
  readonly code = 'CALL_IN_OTHER_TAB';
  constructor(readonly openCallId: string) {
    super('A call is already in progress in another tab');
  }
}

/**
 * Thrown by an outbox's API client when the credentials in use are another user's: the write waits, neither
 * sent nor dropped nor retried on a timer, until its user's credentials are in use again (docs/adr/0026).
 */
export class OtherUserError extends Error {
  override readonly name = 'OtherUserError';
}

export interface CallLogOutboxOptions {
  api: Pick<ApiClient, 'createCall' | 'patchCall' | 'putWrapUp'>;
  storage: OutboxStorage;
  ownership: Pick<CallOwnership, 'isLive'>;
  now?: () => number;
  /** Waits between attempts while the API is unreachable; the last one repeats. */
  retryDelaysMs?: number[];
  /** A write the API refused for good (a 4xx other than a conflict): dropped, reported here. */
  onDropped?: (entry: OutboxEntry, error: unknown) => void;
}

type Outcome =
  | { kind: 'created'; clientSessionId: string; callId: string }
  | { kind: 'live-elsewhere'; clientSessionId: string; openCallId: string }
  | { kind: 'refused'; clientSessionId: string; error: unknown };

/**
 * The page is closing with its call's end queued (pagehide, docs/adr/0125): its outboxes send nothing more, so
 * that the closing write goes out once, from another tab (or this profile's next page), never both from a page
 * torn down mid-request and again from the tab that replays it. `false` undoes it (tests).
 */
let leaving = false;
export function leavePage(value = true): void {
  leaving = value;
}

// Every outbox on the page reports here, so that a create flushed by one widget's outbox still settles
// the promise another widget on the same page is waiting on.
const pageEvents = new EventTarget();

// Web Locks make one flusher at a time across tabs; where they are missing, one per page.
let pageChain: Promise<unknown> = Promise.resolve();
function withFlushLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return locks.request(name, task) as Promise<T>;
  const run = pageChain.then(task, task);
  pageChain = run.catch(() => undefined);
  return run;
}

const newId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** PATCH fields a create body may carry too (a call logged once it is over). */
function foldInto(create: CreateCallBody, patch: PatchCallBody): CreateCallBody {
  return { ...create, ...patch } as CreateCallBody;
}

/**
 * The call log's write path. Writes go to persisted storage first and are sent in order; when the API
 * cannot be reached they wait and are replayed when it comes back (on `online`, on a timer, on the next
 * page load). Replays are idempotent: a create is keyed by `clientSessionId`, and the closing PATCH
 * answers 200 when repeated. A call whose create never got through is sent as one create of the
 * finished call, so no call is ever missing from the history.
 */
export class CallLogOutbox {
  readonly #options: CallLogOutboxOptions & { now: () => number; retryDelaysMs: number[] };
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failures = 0;
  #flushing: Promise<void> | undefined;
  #again = false;
  /** Creates waiting for a first answer: told when a flush ends without one (see `create`). */
  readonly #unanswered = new Set<() => void>();
  #onOnline = () => void this.flush();

  constructor(options: CallLogOutboxOptions) {
    this.#options = { now: () => Date.now(), retryDelaysMs: [1_000, 2_000, 5_000, 10_000, 30_000], ...options };
  }

  /** Replays what earlier pages left behind and listens for the network coming back. */
  start(): void {
    globalThis.addEventListener?.('online', this.#onOnline);
    void this.flush();
  }

  stop(): void {
    globalThis.removeEventListener?.('online', this.#onOnline);
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Number of writes still waiting. */
  pending(): number {
    return this.#options.storage.read().entries.length;
  }

  /**
   * Queues the create; resolves with the server's id once it is acknowledged (maybe much later), rejects
   * with `CallLiveElsewhereError` when a call live in this browser holds the user's open call, or with the
   * API's error when it refused the create for good. `onUnanswered`
   * is called instead when a flush ended with neither (the API unreachable, the write waiting for its user):
   * the write is kept and delivered later.
   */
  create(body: CreateCallBody, onUnanswered?: () => void): Promise<string> {
    if (onUnanswered) this.#unanswered.add(onUnanswered);
    const settled = new Promise<string>((resolve, reject) => {
      const listener = (event: Event) => {
        const outcome = (event as CustomEvent<Outcome>).detail;
        if (outcome.clientSessionId !== body.clientSessionId) return;
        pageEvents.removeEventListener('outcome', listener);
        if (onUnanswered) this.#unanswered.delete(onUnanswered);
        if (outcome.kind === 'created') resolve(outcome.callId);
        else reject(outcome.kind === 'refused' ? outcome.error : new CallLiveElsewhereError(outcome.openCallId));
      };
      pageEvents.addEventListener('outcome', listener);
    });
    this.#enqueue({ id: newId(), kind: 'create', clientSessionId: body.clientSessionId, body });
    return settled;
  }

  patch(clientSessionId: string, body: PatchCallBody): void {
    this.#enqueue({ id: newId(), kind: 'patch', clientSessionId, body });
  }

  /**
   * Queues a call's wrap-up behind its log's writes (docs/adr/0096): `callId` when the widget knew it, else
   * the id the call's create is acknowledged with. The PUT replaces the whole wrap-up, so a replay is harmless.
   */
  wrapUp(clientSessionId: string, callId: string | null, body: PutWrapUpBody): void {
    this.#enqueue({ id: newId(), kind: 'wrap-up', clientSessionId, callId, body });
  }

  #enqueue(entry: OutboxEntry): void {
    const state = this.#options.storage.read();
    state.entries.push(entry);
    this.#options.storage.write(state);
    void this.flush();
  }

  /** Sends what is queued, in order; resolves when the queue is empty or the API is unreachable. */
  flush(): Promise<void> {
    // The page is closing with its call's end queued: another tab sends it, once (docs/adr/0125).
    if (leaving) return Promise.resolve();
    if (this.#flushing) {
      this.#again = true;
      return this.#flushing;
    }
    this.#flushing = (async () => {
      try {
        do {
          this.#again = false;
          // A call's create alone in the queue goes at once: the lock's grant waits behind the page's tasks
          // (15-30 ms in a fresh page, measured), and there is nothing to keep in order. Another tab sending
          // the same create meanwhile is harmless: the API keeps one row per clientSessionId (docs/adr/0139).
          if (this.#soleCreate()) await this.#drain(1);
          else await withFlushLock('sw-dialer:call-log-outbox', () => this.#drain());
        } while (this.#again && !this.#timer);
      } finally {
        // Cleared in the same tick as the last check, so a write queued after it starts a new flush.
        this.#flushing = undefined;
        for (const unanswered of this.#unanswered) unanswered();
        this.#unanswered.clear();
      }
    })();
    return this.#flushing;
  }

  /** The queue holds one write, a create. */
  #soleCreate(): boolean {
    const { entries } = this.#options.storage.read();
    return entries.length === 1 && entries[0]!.kind === 'create';
  }

  /** Sends the queue's writes in order, `limit` of them at most. */
  async #drain(limit = Infinity): Promise<void> {
    for (let sent = 0; sent < limit; sent += 1) {
      // A drain under way when the page began to close sends nothing more (see flush()).
      if (leaving) return;
      const state = this.#options.storage.read();
      const head = state.entries[0];
      if (!head) return;
      let result: 'done' | 'wait' | 'retry-later';
      try {
        result = head.kind === 'create' ? await this.#sendCreate(head, state) : await this.#sendPatch(head, state);
      } catch (error) {
        if (error instanceof OtherUserError) return;
        if (isTransientError(error)) {
          this.#scheduleRetry();
          return;
        }
        this.#options.onDropped?.(head, error);
        this.#remove([head.id]);
        // The one waiting for this create learns why (a destination the policy refuses, docs/adr/0085).
        if (head.kind === 'create')
          pageEvents.dispatchEvent(new CustomEvent<Outcome>('outcome', { detail: { kind: 'refused', clientSessionId: head.clientSessionId, error } }));
        continue;
      }
      if (result === 'wait') return;
      if (result === 'retry-later') {
        this.#scheduleRetry();
        return;
      }
      this.#failures = 0;
    }
  }

  async #sendCreate(head: Extract<OutboxEntry, { kind: 'create' }>, state: OutboxState): Promise<'done' | 'wait' | 'retry-later'> {
    // Fold the call's later writes into this create when they include its end: the finished call goes
    // in one request and can never collide with another open call. Safe here: nothing is in flight.
    const later = state.entries.filter((e): e is Extract<OutboxEntry, { kind: 'patch' }> => e.kind === 'patch' && e.clientSessionId === head.clientSessionId);
    const closing = later.findIndex((e) => e.body.status !== undefined && isTerminalStatus(e.body.status));
    const folded = closing >= 0 ? later.slice(0, closing + 1) : [];
    const body = folded.reduce((create, patch) => foldInto(create, patch.body), head.body);

    for (let attempt = 0; ; attempt++) {
      try {
        const { id, created } = await this.#options.api.createCall(body);
        if (!created && folded.length > 0) {
          // A replay of a create that got through earlier: the server kept the old row, so the end of
          // the call still has to be written to it.
          await patchTolerant(
            this.#options.api,
            id,
            folded.reduce<PatchCallBody>((patch, e) => ({ ...patch, ...e.body }), {})
          );
        }
        this.#settle(head.clientSessionId, id, [head.id, ...folded.map((e) => e.id)], folded.length > 0);
        return 'done';
      } catch (error) {
        const openCallId = conflictingCall(error);
        if (!openCallId) throw error;
        // Someone keeps opening calls as fast as we close them: keep the write and come back later.
        if (attempt >= 2) return 'retry-later';
        if (await this.#options.ownership.isLive(openCallId)) {
          pageEvents.dispatchEvent(
            new CustomEvent<Outcome>('outcome', { detail: { kind: 'live-elsewhere', clientSessionId: head.clientSessionId, openCallId } })
          );
          // The widget now fails this call; its closing write lets the folded create through.
          if (folded.length === 0) return 'wait';
          throw error;
        }
        // Left open by a page that crashed or was reloaded: close it, then try again.
        await closeAbandoned(this.#options.api, openCallId, this.#options.now());
      }
    }
  }

  async #sendPatch(head: Exclude<OutboxEntry, { kind: 'create' }>, state: OutboxState): Promise<'done'> {
    const id = (head.kind === 'wrap-up' && head.callId) || state.ids[head.clientSessionId];
    if (!id) {
      // The create was refused for good; a lone PATCH has nothing to attach to.
      this.#options.onDropped?.(head, new Error('the call was never created'));
      this.#remove([head.id]);
      return 'done';
    }
    if (head.kind === 'wrap-up') await this.#options.api.putWrapUp(id, head.body);
    else await patchTolerant(this.#options.api, id, head.body);
    const closes = head.kind === 'wrap-up' || (head.body.status !== undefined && isTerminalStatus(head.body.status));
    this.#remove([head.id], closes ? head.clientSessionId : undefined);
    return 'done';
  }

  #settle(clientSessionId: string, callId: string, entryIds: string[], closed: boolean): void {
    const state = this.#options.storage.read();
    state.entries = state.entries.filter((e) => !entryIds.includes(e.id));
    state.ids[clientSessionId] = callId;
    if (closed) forget(state, clientSessionId);
    this.#options.storage.write(state);
    pageEvents.dispatchEvent(new CustomEvent<Outcome>('outcome', { detail: { kind: 'created', clientSessionId, callId } }));
  }

  #remove(entryIds: string[], closedSession?: string): void {
    const state = this.#options.storage.read();
    state.entries = state.entries.filter((e) => !entryIds.includes(e.id));
    if (closedSession) forget(state, closedSession);
    this.#options.storage.write(state);
  }

  #scheduleRetry(): void {
    if (this.#timer) return;
    const delays = this.#options.retryDelaysMs;
    const delay = delays[Math.min(this.#failures, delays.length - 1)] ?? 30_000;
    this.#failures += 1;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, delay);
  }
}

/** A closed call's id is kept while a write of it (its wrap-up) still waits in the queue: it will need it. */
function forget(state: OutboxState, clientSessionId: string): void {
  if (!state.entries.some((e) => e.clientSessionId === clientSessionId)) delete state.ids[clientSessionId];
}

/** A PATCH where a 409 or 404 means the row is already past this state (a replay after the server took it): nothing to do. */
export async function patchTolerant(api: Pick<ApiClient, 'patchCall'>, id: string, body: PatchCallBody): Promise<void> {
  try {
    await api.patchCall(id, body);
  } catch (error) {
    if (!(error instanceof ApiError && (error.status === 409 || error.status === 404))) throw error;
  }
}

/** Closes an open call that no tab of this browser carries (a crashed or reloaded page left it) as failed, abandoned. */
export function closeAbandoned(api: Pick<ApiClient, 'patchCall'>, openCallId: string, now: number): Promise<void> {
  return patchTolerant(api, openCallId, { status: 'failed', endReason: 'abandoned', endedAt: new Date(now).toISOString() });
}

/** The open call a 409 from the API names, if the error is one. */
export function conflictingCall(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const details = error.details as { openCallId?: unknown } | undefined;
  return typeof details?.openCallId === 'string' ? details.openCallId : undefined;
}
