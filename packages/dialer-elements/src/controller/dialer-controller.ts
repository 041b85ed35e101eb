import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Contact, Presence, WidgetEventMap, WidgetState } from '@sw-dialer/shared-types';
import type { DialerCommand, DialerView } from '../machine/types.js';
import type { CallQuality } from '../quality/call-quality.js';
import { ratingOf, type QualityRating } from '../quality/quality-rating.js';
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
  via: 'browser',
  muted: false,
  held: false,
  busy: false,
  ending: false,
  answeredAt: null,
  endedAt: null,
  durationMs: null,
  endReason: null,
  error: null,
  quality: null,
  reasonText: '',
  displayNumber: ''
};

/** `sw-call-quality`: one reading of a call's media quality (every few seconds while connected). */
export interface CallQualityEventDetail extends CallQuality {
  callId: string | null;
  number: string | null;
  rating: QualityRating;
}

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
  /** Whether the transport can place calls from this browser; null until the call engine has loaded. */
  webrtcSupported: boolean | null = null;
  #engine: DialerEngine | undefined;
  #loading: Promise<DialerEngine> | undefined;
  #unsubscribe: (() => void) | undefined;
  #teardownTimer: ReturnType<typeof setTimeout> | undefined;
  #stopPresence: (() => void) | undefined;
  #lookup: AbortController | undefined;
  #lookupFor: { number: string; promise: Promise<Contact | null> } | undefined;
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
      this.webrtcSupported = engine.transport.supported();
      this.host.requestUpdate();
      const subscription = engine.actor.subscribe((snapshot) => this.#onSnapshot(engine, engine.viewOf(snapshot)));
      this.#unsubscribe = () => subscription.unsubscribe();
      engine.actor.start();
      engine.outbox.start();
      return engine;
    });
    return this.#loading;
  }

  /** The host changed its credentials: writes waiting for the user now signed in go out. */
  authChanged(): void {
    void this.#engine?.outbox.flush();
  }

  async send(command: DialerCommand): Promise<void> {
    const engine = await this.load();
    engine.actor.send(command);
  }

  /**
   * Looks up the contact for a number and follows its presence; null number clears both. Resolves with the
   * contact (null when unknown or when the lookup failed: an unknown contact must never stop a call).
   */
  resolveContact(number: string | null): Promise<Contact | null> {
    this.#lookup?.abort();
    this.#stopPresence?.();
    this.#stopPresence = undefined;
    this.presence = null;
    if (!number) {
      this.contact = null;
      this.#lookupFor = undefined;
      this.host.requestUpdate();
      return Promise.resolve(null);
    }
    const lookup = new AbortController();
    this.#lookup = lookup;
    const promise = (async () => {
      const engine = await this.load();
      let contact: Contact | null = null;
      try {
        const answer = await engine.api.contactsByNumber(number, lookup.signal);
        contact = answer.items[0] ?? null;
      } catch {
        contact = null;
      }
      if (lookup.signal.aborted) return contact;
      this.contact = contact;
      this.host.requestUpdate();
      this.#emit('sw-contact-resolved', { number, contact });
      this.#stopPresence = engine.watchPresence(engine.api, [number], (presence) => {
        if (presence.number !== number) return;
        this.presence = presence;
        this.host.requestUpdate();
      });
      return contact;
    })();
    this.#lookupFor = { number, promise };
    return promise;
  }

  /**
   * The contact for a number about to be dialled: the lookup already done or under way for it, or a new
   * one, waited for at most `waitMs` so that a slow directory delays a call by that much at worst.
   */
  contactFor(number: string, waitMs: number): Promise<Contact | null> {
    const current = this.#lookupFor?.number === number ? this.#lookupFor.promise : this.resolveContact(number);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
    return Promise.race([current, timeout]).finally(() => clearTimeout(timer));
  }

  #onSnapshot(engine: DialerEngine, next: DialerView): void {
    const previous = this.view;
    const view: RenderedView = {
      ...next,
      reasonText: engine.reasonText(next.endReason, next.error),
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
    if (view.quality && view.quality !== previous.quality) {
      const detail: CallQualityEventDetail = { ...view.quality, rating: ratingOf(view.quality.mos), callId: view.callId, number: view.number };
      this.host.dispatchEvent(new CustomEvent('sw-call-quality', { detail, bubbles: true, composed: true }));
    }
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
    this.#lookupFor = undefined;
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
