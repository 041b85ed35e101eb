import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Contact, EndReason, Presence, WidgetEventMap, WidgetState } from '@sw-dialer/shared-types';
import type { DialerCommand, DialerView } from '../machine/types.js';
import type { DialerEngine, DialerEngineOptions } from './dialer-engine.js';

export interface DialerHost extends ReactiveControllerHost, HTMLElement {
  engineOptions(): DialerEngineOptions;
}

/** The view plus the words the elements print. */
export interface RenderedView extends DialerView {
  reasonText: string;
  displayNumber: string;
}

export const IDLE_VIEW: RenderedView = {
  state: 'idle',
  number: null,
  callId: null,
  muted: false,
  held: false,
  busy: false,
  answeredAt: null,
  endedAt: null,
  durationMs: null,
  endReason: null,
  error: null,
  reasonText: '',
  displayNumber: ''
};

const OPEN: readonly WidgetState[] = ['dialing', 'ringing', 'connected'];
const CLOSED: readonly WidgetState[] = ['ended', 'failed'];

/**
 * Owns the widget's one call actor. Built on a Lit reactive controller so that its life follows the
 * element's, with one difference: moving the element in the DOM (disconnect then connect in one task)
 * keeps the call; only staying disconnected past the current task ends it.
 */
export class DialerController implements ReactiveController {
  view: RenderedView = IDLE_VIEW;
  contact: Contact | null = null;
  presence: Presence | null = null;
  #engine: DialerEngine | undefined;
  #loading: Promise<DialerEngine> | undefined;
  #unsubscribe: (() => void) | undefined;
  #teardownTimer: ReturnType<typeof setTimeout> | undefined;
  #stopPresence: (() => void) | undefined;
  #lookup: AbortController | undefined;
  #claimed: string | null = null;

  constructor(private readonly host: DialerHost) {
    host.addController(this);
  }

  get engine(): DialerEngine | undefined {
    return this.#engine;
  }

  hostConnected(): void {
    clearTimeout(this.#teardownTimer);
    this.#teardownTimer = undefined;
    // Writes a previous page could not deliver are replayed now, not at the next call.
    if (this.#hasQueuedWrites()) void this.load();
  }

  hostDisconnected(): void {
    this.#teardownTimer = setTimeout(() => {
      if (!this.host.isConnected) this.#teardown();
    }, 0);
  }

  /** Loads the engine (once) and starts the actor. */
  load(): Promise<DialerEngine> {
    this.#loading ??= import('./dialer-engine.js').then(({ createDialerEngine }) => {
      const engine = createDialerEngine(this.host.engineOptions());
      this.#engine = engine;
      const subscription = engine.actor.subscribe((snapshot) => this.#onSnapshot(engine, engine.viewOf(snapshot)));
      this.#unsubscribe = () => subscription.unsubscribe();
      engine.actor.start();
      engine.outbox.start();
      return engine;
    });
    return this.#loading;
  }

  async send(command: DialerCommand): Promise<void> {
    const engine = await this.load();
    engine.actor.send(command);
  }

  /** Looks up the contact for a number and follows its presence; null number clears both. */
  async resolveContact(number: string | null): Promise<void> {
    this.#lookup?.abort();
    this.#stopPresence?.();
    this.#stopPresence = undefined;
    this.presence = null;
    if (!number) {
      this.contact = null;
      this.host.requestUpdate();
      return;
    }
    const engine = await this.load();
    const lookup = new AbortController();
    this.#lookup = lookup;
    let contact: Contact | null = null;
    try {
      const answer = await engine.api.contactsByNumber(number, lookup.signal);
      contact = answer.items[0] ?? null;
    } catch {
      // Lookup is a nicety: an unknown contact must never stop a call.
      contact = null;
    }
    if (lookup.signal.aborted) return;
    this.contact = contact;
    this.host.requestUpdate();
    this.#emit('sw-contact-resolved', { number, contact });
    this.#stopPresence = engine.watchPresence(engine.api, [number], (presence) => {
      if (presence.number !== number) return;
      this.presence = presence;
      this.host.requestUpdate();
    });
  }

  #onSnapshot(engine: DialerEngine, next: DialerView): void {
    const previous = this.view;
    const view: RenderedView = {
      ...next,
      reasonText: next.error && next.endReason === 'error' ? next.error.message : engine.reasonText(next.endReason as EndReason | null),
      displayNumber: next.number ? engine.formatPhone(next.number) : ''
    };
    this.view = view;
    this.host.requestUpdate();

    if (view.callId && OPEN.includes(view.state) && this.#claimed !== view.callId) {
      this.#claimed = view.callId;
      engine.ownership.claim(view.callId);
    }
    if (this.#claimed && !OPEN.includes(view.state)) {
      engine.ownership.release(this.#claimed);
      this.#claimed = null;
    }

    if (view.state !== previous.state || view.muted !== previous.muted || view.held !== previous.held) {
      this.#emit('sw-call-state-change', {
        state: view.state,
        previousState: previous.state,
        callId: view.callId,
        number: view.number,
        muted: view.muted,
        held: view.held
      });
    }
    if (view.error && view.error !== previous.error) this.#emit('sw-call-error', { code: view.error.code, message: view.error.message });
    if (CLOSED.includes(view.state) && view.state !== previous.state) {
      this.#emit('sw-call-ended', {
        callId: view.callId,
        number: view.number ?? '',
        status: view.state as 'ended' | 'failed',
        endReason: view.endReason ?? 'error',
        durationMs: view.durationMs ?? 0
      });
      // The history refreshes on this: only once the closing write reached the API (or is queued).
      void engine.outbox.flush().then(() => {
        this.host.dispatchEvent(
          new CustomEvent('sw-call-logged', { detail: { callId: view.callId, pending: engine.outbox.pending() }, bubbles: true, composed: true })
        );
      });
    }
  }

  #emit<K extends keyof WidgetEventMap>(name: K, detail: WidgetEventMap[K]): boolean {
    return this.host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: name === 'sw-before-dial' }));
  }

  /** `sw-before-dial`; false when the host page called preventDefault(). */
  beforeDial(number: string): boolean {
    return this.#emit('sw-before-dial', { number });
  }

  error(code: string, message: string): void {
    this.#emit('sw-call-error', { code, message });
  }

  #hasQueuedWrites(): boolean {
    try {
      for (let i = 0; i < globalThis.localStorage.length; i++) {
        if (globalThis.localStorage.key(i)?.startsWith('sw-dialer:call-log-outbox')) return true;
      }
    } catch {
      // Storage unavailable: nothing could have been queued there.
    }
    return false;
  }

  #teardown(): void {
    const engine = this.#engine;
    this.#lookup?.abort();
    this.#stopPresence?.();
    if (!engine) return;
    // Really removed: a call still up is hung up, so its closing write is queued rather than lost.
    if (OPEN.includes(this.view.state)) engine.actor.send({ type: 'HANGUP' });
    this.#unsubscribe?.();
    engine.actor.stop();
    engine.outbox.stop();
    engine.ownership.close();
    this.#engine = undefined;
    this.#loading = undefined;
    this.view = IDLE_VIEW;
  }
}
