import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Contact, Presence } from '@sw-dialer/shared-types';
import { hasQueuedWrites } from '../call-log/queued-writes.js';
import { isOpen } from '../call-state.js';
import type { DialerCommand, DialerView } from '../machine/types.js';
import { loadPhone, phoneIfLoaded } from '../phone/load-phone.js';
import { checkNumber } from '../phone/read-number.js';
import { ratingOf } from '../quality/quality-rating.js';
import { partitionOf } from '../call-log/partition-of.js';
import type { CallAction } from '../elements/sw-call-controls/sw-call-controls.js';
import type { Messages } from '../i18n/en.js';
import type { CallMirror, Mirrored } from '../tabs/call-mirror.js';
import { publishCall, type CallPublisher } from '../tabs/call-publisher.js';
import { OWNER_TIMEOUT_MS, callElsewhere, lastCall, listen, say, type TabMessage } from '../tabs/tab-channel.js';
import type { CallTransport } from '../transport/call-transport.js';
import type { DialerEngine, DialerEngineOptions } from './dialer-engine.js';
import { SetupGate } from './setup-gate.js';
import type { SwDialerEvent } from '../events/sw-dialer-event.js';
import { SwBeforeDialEvent } from '../events/sw-before-dial-event.js';
import { SwCallEndedEvent } from '../events/sw-call-ended-event.js';
import { SwCallErrorEvent } from '../events/sw-call-error-event.js';
import { SwCallLoggedEvent } from '../events/sw-call-logged-event.js';
import { SwCallQualityEvent, type SwCallQualityDetail } from '../events/sw-call-quality-event.js';
import { SwCallStateChangeEvent } from '../events/sw-call-state-change-event.js';
import { SwContactResolvedEvent } from '../events/sw-contact-resolved-event.js';

/** What the controller reads of its element: the field, the settings a call is placed with. */
export interface DialerHost extends ReactiveControllerHost, HTMLElement {
  engineOptions(): Omit<DialerEngineOptions, 'partitionOf'>;
  number: string;
  defaultCountry: string;
  disabled: boolean;
  agentPhone: string;
  preconnect: boolean;
}

/** What `dial()` is asked: a number (else the field's), and the agent's phone to call through (else this browser). */
export interface DialRequest {
  number?: string | undefined;
  agentPhone?: string | null | undefined;
}

/** How long a dial waits for the contact lookup of its number (the contact id goes into the call log). */
const CONTACT_WAIT_MS = 1_000;

/** The longest work held back while a call is set up waits for it to ring (docs/adr/0142). */
const SETUP_HOLD_MS = 2_000;

/** Starts `start` when the browser is next idle (a timer where it cannot say); the returned stop cancels or stops it. */
function whenIdle(start: () => () => void): () => void {
  let stop: (() => void) | undefined;
  let cancelled = false;
  const run = () => void (cancelled || (stop = start()));
  if (typeof globalThis.requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1_000 });
  else setTimeout(run, 0);
  return () => {
    cancelled = true;
    stop?.();
  };
}

/** Why a dial was refused: the `sw-call-error` code and message, and the phone parser's refusal of a bad number. */
export interface Refusal {
  code: string;
  message: string;
  phone?: { code: string; message: string } | undefined;
}

/** The view plus the words the elements print. */
export interface RenderedView extends DialerView {
  displayNumber: string;
}

export const IDLE_VIEW: RenderedView = {
  state: 'idle',
  number: null,
  callId: null,
  via: 'browser',
  muted: false,
  held: false,
  reconnecting: false,
  busy: false,
  ending: false,
  answeredAt: null,
  endedAt: null,
  durationMs: null,
  endReason: null,
  error: null,
  quality: null,
  displayNumber: ''
};

/** `sw-call-quality`'s detail, by its older name (the event classes are in src/events/). */
export type CallQualityEventDetail = SwCallQualityDetail;

/**
 * Owns the widget's one call actor. Built on a Lit reactive controller so that its life follows the
 * element's, with one difference: moving the element in the DOM (disconnect then connect in one task)
 * keeps the call; only staying disconnected past the current task ends it.
 */
export class DialerController implements ReactiveController {
  view: RenderedView = IDLE_VIEW;
  /** The valid number in the field (or last dialled), whose contact is shown. */
  typedE164: string | null = null;
  /**
   * Why the last dial was refused (the `sw-call-error` code, and the phone parser's for a bad number),
   * put in words under the field by the element; cleared when the field changes.
   */
  refusal: Refusal | null = null;
  contact: Contact | null = null;
  presence: Presence | null = null;
  /** Whether the transport can place calls from this browser; null until the call engine has loaded. */
  webrtcSupported: boolean | null = null;
  #engine: DialerEngine | undefined;
  #loading: Promise<DialerEngine> | undefined;
  #unsubscribe: (() => void) | undefined;
  #teardownTimer: ReturnType<typeof setTimeout> | undefined;
  #stopPresence: (() => void) | undefined;
  /** Work held back while this widget sets a call up (until it rings or ends): docs/adr/0142. */
  readonly setupGate = new SetupGate(() => this.#placing || this.view.state === 'dialing', SETUP_HOLD_MS);
  #lookup: AbortController | undefined;
  /** The last lookup: its number, its answer once `done`. */
  #lookupFor: { number: string; promise: Promise<Contact | null>; done: boolean; contact: Contact | null } | undefined;
  #claimed: string | null = null;
  #machineView: RenderedView = IDLE_VIEW;
  #placing = false;
  #lookupTimer: ReturnType<typeof setTimeout> | undefined;
  #publisher: CallPublisher | undefined;
  /** Whose calls this widget shares with the other tabs: the outboxes' partition of the credentials in use. */
  user = '';
  /** Another tab's call of the same user, shown here (loaded on the first one heard: docs/adr/0125). */
  #mirror: CallMirror | undefined;
  #unlisten: (() => void) | undefined;

  constructor(private readonly host: DialerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    clearTimeout(this.#teardownTimer);
    this.#teardownTimer = undefined;
    // This widget's call is shown in the browser's other tabs, and acted on from there (docs/adr/0125).
    this.#publisher ??= publishCall(
      (command) => this.send(command),
      () => this.#engine?.outbox.leave()
    );
    this.#unlisten ??= listen(this.#onTabs);
    void this.#whose();
    // Writes a previous page could not deliver are replayed now, not at the next call.
    if (hasQueuedWrites()) void this.load();
  }

  /** After each render: the other tabs hear of the call as this widget shows it (number, contact, state). */
  hostUpdated(): void {
    const view = this.view;
    const contact = view.number && view.number === this.typedE164 ? this.contact : null;
    this.#publisher?.update(
      view.state === 'idle'
        ? null
        : // Not the quality readings (a message every 2 s for nothing the mirror shows), nor this tab's busy.
          { ...view, quality: null, busy: false, name: contact?.displayName ?? '', company: contact?.company ?? '' },
      this.user
    );
  }

  hostDisconnected(): void {
    clearTimeout(this.#lookupTimer);
    this.#teardownTimer = setTimeout(() => {
      if (!this.host.isConnected) this.#teardown();
    }, 0);
  }

  /** Loads the engine (once) and starts the actor. */
  load(): Promise<DialerEngine> {
    this.#loading ??= import('./dialer-engine.js').then(({ createDialerEngine }) => {
      const engine = createDialerEngine({ ...this.host.engineOptions(), partitionOf });
      this.#engine = engine;
      this.webrtcSupported = engine.transport.supported();
      this.host.requestUpdate();
      let preconnected: unknown = null;
      const subscription = engine.actor.subscribe((snapshot) => {
        this.#onSnapshot(engine, engine.viewOf(snapshot));
        // A token fetched ahead, no call yet: open the connection the first dial will use.
        const token = snapshot.context.token;
        // Not while another tab carries a call: one SignalWire connection per browser profile (docs/adr/0125).
        if (token && token !== preconnected && this.host.preconnect && snapshot.matches({ call: 'idle' }) && !callElsewhere(this.user)) {
          preconnected = token;
          void engine.transport.preconnect?.(token);
        }
      });
      this.#unsubscribe = () => subscription.unsubscribe();
      engine.actor.start();
      engine.outbox.start();
      return engine;
    });
    return this.#loading;
  }

  /**
   * The person is about to call: the engine, the SDK chunk and a token now, and the SDK's connection where
   * the host allows it (`preconnect`), so that the first dial does not do them in series (docs/adr/0081).
   */
  prepare(): void {
    // A call is up in another tab: nothing to prepare, nothing to connect (docs/adr/0125).
    if (callElsewhere(this.user)) return;
    this.load().then(
      (engine) => {
        engine.actor.send({ type: 'PREPARE' });
        void engine.transport.preload?.();
        void engine.api.warmCreate();
      },
      // The dial that follows, if any, says what could not load.
      () => undefined
    );
  }

  /** The host changed its credentials: writes waiting for the user now signed in go out. */
  authChanged(): void {
    void this.#engine?.outbox.flush();
    void this.#whose();
  }

  /** Whose the credentials are now; another tab's call of that user is shown, another user's no longer. */
  async #whose(): Promise<void> {
    const options = this.host.engineOptions();
    let user: string;
    try {
      user = partitionOf(await options.getAuthHeaders(), options.userId?.());
    } catch {
      return;
    }
    if (user === this.user) return;
    this.user = user;
    this.#mirror?.clear();
    const known = lastCall(user);
    if (known && isOpen(known.call.state) && !known.gone) this.#onTabs(known);
    this.host.requestUpdate();
  }

  /** A word from another tab: a call of this widget's user is shown here; the code that shows it loads with the first. */
  #onTabs = (message: TabMessage) => {
    if (message?.t !== 'call' || message.user !== this.user) return;
    // One SignalWire connection per profile while a call is up: a connection opened ahead (preconnect) is
    // closed here; the incoming line's stays while this tab holds the line (docs/adr/0137).
    if (isOpen(message.call.state) && !message.gone && !isOpen(this.view.state) && !this.#engine?.ownership.openOnPage())
      void this.#engine?.transport.dropConnection?.();
    if (this.#mirror) return this.#mirror.heard(message);
    // The end of a call this widget never showed is nothing to show.
    if (!isOpen(message.call.state) || message.gone) return;
    import('../tabs/call-mirror.js').then(
      ({ createMirror }) => {
        this.#mirror ??= createMirror(this.host, { engine: () => this.load(), say, isOpen, ownerTimeoutMs: OWNER_TIMEOUT_MS });
        this.#mirror.heard(lastCall(this.user));
      },
      () => undefined
    );
  };

  /** Another tab's call, shown in place of this widget's own while it has none open. */
  elsewhere(m: Messages): Mirrored | undefined {
    return isOpen(this.view.state) ? undefined : this.#mirror?.shown(m);
  }

  /** A control pressed on another tab's call shown here: sent to that tab. */
  commandElsewhere(action: CallAction, digits?: string): void {
    this.#mirror?.command(action, digits);
  }

  /** A command for the call; with no engine loaded there is no call for it to mean anything to. */
  send(command: DialerCommand): void {
    this.#engine?.actor.send(command);
  }

  /**
   * Places a call: the one way in, for `dial()`, `dialThroughPhone()`, the Call button, Enter and `tel:`
   * links. Resolves true when the call was started; false when it was refused: the widget disabled or
   * busy, another widget of this page in a call, the number invalid, a chunk not loaded (each said with
   * `sw-call-error` and under the field), or a `sw-before-dial` listener prevented it. `agentPhone` sends
   * the call through the agent's own phone; with no WebRTC at all, `agent-phone` is used at once.
   */
  async dial(request: DialRequest): Promise<boolean> {
    if (this.host.disabled || this.#placing || isOpen(this.view.state)) return false;
    this.#setPlacing(true);
    try {
      return await this.#place(request);
    } finally {
      this.#setPlacing(false);
    }
  }

  async #place({ number, agentPhone }: DialRequest): Promise<boolean> {
    const host = this.host;
    // The call of another tab is shown here: refused at once, before a token, a log write or SignalWire.
    if (callElsewhere(this.user)) return this.#refuse('CALL_IN_OTHER_TAB', 'A call is already in progress in another tab');
    let engine: DialerEngine;
    let checked: Awaited<ReturnType<typeof checkNumber>>;
    let agent: Awaited<ReturnType<typeof checkNumber>> | null = null;
    try {
      // Properties the page set before the element was defined are in place after its first update.
      await host.updateComplete;
      const country = host.defaultCountry;
      if (number !== undefined) host.number = (await loadPhone()).cleanPhoneInput(number);
      [checked, engine] = await Promise.all([checkNumber(host.number, country), this.load()]);
      // No WebRTC at all: a browser call can only fail, so with the agent's phone known it is used at once.
      const throughPhone = agentPhone ?? (this.webrtcSupported === false && host.agentPhone ? host.agentPhone : null);
      if (throughPhone !== null) agent = await checkNumber(throughPhone, country);
    } catch {
      // A chunk of the widget (the parser, its metadata, the call engine) could not be fetched.
      return this.#refuse('NETWORK', 'The dialer could not load; check the connection and try again');
    }
    if (!checked.ok) return this.#refuse('INVALID_NUMBER', checked.message, checked);
    if (agent && !agent.ok) return this.#refuse('INVALID_AGENT_NUMBER', `Your phone number: ${agent.message}`, agent);
    // The page knows when a widget (another one: this one's own call refused the dial already) carries a
    // call: refused here, nothing reaches the API or SignalWire.
    if (engine.ownership.openOnPage()) return this.#refuse('CALL_IN_PROGRESS', 'Another call is in progress on this page');
    const e164 = checked.e164;
    if (!this.beforeDial(e164)) return false;
    // The API refuses a bridge call while another is open; let the last call's closing write land first.
    if (agent) await engine.outbox.flush();
    this.typedE164 = e164;
    clearTimeout(this.#lookupTimer);
    // The microphone opens now, while the call log is asked (docs/adr/0131).
    if (!agent) engine.transport.openMicrophone?.();
    const contactOf = (contact: Contact | null) => (contact?.phoneNumbers.some((p) => p.e164 === e164) ? contact.id : undefined);
    if (agent) {
      // The API writes a bridge call's log from this one request: its contact is waited for, but never for long.
      const contactId = contactOf(await this.contactFor(e164, CONTACT_WAIT_MS));
      engine.actor.send({ type: 'DIAL_BRIDGE', number: e164, agentNumber: agent.e164, ...(contactId ? { contactId } : {}) });
      return true;
    }
    // A browser call does not wait for its contact (docs/adr/0139): one already looked up (a typed number) goes
    // into the create; one still being looked up (a number handed to dial()) follows with a later write. A
    // number not looked up yet is asked once the call rings: a request beside the capture and the SDK's peer
    // slows them (docs/adr/0142).
    const lookup =
      this.#lookupFor?.number === e164
        ? this.#lookupFor.promise
        : new Promise<Contact | null>((resolve) => this.setupGate.after(() => resolve(this.typedE164 === e164 ? this.resolveContact(e164) : null)));
    const looked = this.#lookupFor?.number === e164 && this.#lookupFor.done ? this.#lookupFor : undefined;
    const contactId = looked ? contactOf(looked.contact) : undefined;
    engine.actor.send({ type: 'DIAL', number: e164, ...(contactId ? { contactId } : {}) });
    if (!looked) {
      void lookup.then((contact) => {
        const found = contactOf(contact);
        if (found) engine.actor.send({ type: 'CONTACT_FOUND', number: e164, contactId: found });
      });
    }
    return true;
  }

  /** Said with `sw-call-error` and under the field (rendered when `dial()` lets go of `busy`). */
  #refuse(code: string, message: string, phone?: Refusal['phone']): false {
    this.refusal = { code, message, phone };
    this.error(code, message);
    return false;
  }

  /** The field changed: its contact is looked up once typing pauses, not on every key. */
  typed(e164: string | null): void {
    this.refusal = null;
    if (e164 === this.typedE164) return;
    this.typedE164 = e164;
    clearTimeout(this.#lookupTimer);
    this.#lookupTimer = setTimeout(() => void this.resolveContact(e164), 300);
  }

  /** Call stays locked from the press until the machine has the call (or the dial was refused). */
  #setPlacing(placing: boolean): void {
    this.#placing = placing;
    this.view = { ...this.#machineView, busy: this.#machineView.busy || placing };
    this.host.requestUpdate();
    this.setupGate.changed();
  }

  /** The transport's audio devices: `listDevices()`, `setInputDevice(id)`, `setOutputDevice(id)`. */
  async devices<K extends 'listDevices' | 'setInputDevice' | 'setOutputDevice'>(
    method: K,
    ...args: Parameters<CallTransport[K]>
  ): Promise<Awaited<ReturnType<CallTransport[K]>>> {
    const transport = (await this.load()).transport;
    return (transport[method] as (...a: unknown[]) => Promise<Awaited<ReturnType<CallTransport[K]>>>)(...args);
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
    const entry = { number, promise: Promise.resolve<Contact | null>(null), done: false, contact: null as Contact | null };
    entry.promise = (async () => {
      const engine = await this.load();
      let contact: Contact | null = null;
      try {
        const answer = await engine.api.contactsByNumber(number, lookup.signal);
        contact = answer.items[0] ?? null;
      } catch {
        contact = null;
      }
      if (lookup.signal.aborted) return contact;
      entry.done = true;
      entry.contact = contact;
      this.contact = contact;
      this.host.requestUpdate();
      this.#emit(new SwContactResolvedEvent({ number, contact }));
      // The card's presence once the call being set up rings, then once the page is idle: the SDK's microphone
      // and peer set-up go first (docs/adr/0131, 0142).
      this.#stopPresence = this.#whenSetUp(() =>
        engine.watchPresence(engine.api, [number], (presence) => {
          if (presence.number !== number) return;
          this.presence = presence;
          this.host.requestUpdate();
        })
      );
      return contact;
    })();
    this.#lookupFor = entry;
    return entry.promise;
  }

  /** Starts `start` (through `whenIdle`) once no call of this widget is being set up; the returned stop cancels or stops it. */
  #whenSetUp(start: () => () => void): () => void {
    let stop: (() => void) | undefined;
    const cancel = this.setupGate.after(() => (stop = whenIdle(start)));
    return () => {
      cancel();
      stop?.();
    };
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
    this.#machineView = {
      ...next,
      // Every call's number went through the phone module (dial()), so it is here with the number's metadata.
      displayNumber: next.number ? (phoneIfLoaded(next.number)?.formatPhone(next.number) ?? next.number) : ''
    };
    const view = (this.view = { ...this.#machineView, busy: next.busy || this.#placing });
    this.host.requestUpdate();
    this.setupGate.changed();

    const open = isOpen(view.state);
    engine.ownership.setOpen(open);
    if (view.callId && open && this.#claimed !== view.callId) {
      this.#claimed = view.callId;
      engine.ownership.claim(view.callId);
    }
    if (this.#claimed && !open) {
      engine.ownership.release(this.#claimed);
      this.#claimed = null;
    }
    // A call that ended before it was placed leaves the microphone opened at its click to be closed.
    if (!open && isOpen(previous.state)) engine.transport.releaseMicrophone?.();

    if (view.state !== previous.state || view.muted !== previous.muted || view.held !== previous.held || view.reconnecting !== previous.reconnecting) {
      this.#emit(
        new SwCallStateChangeEvent({
          state: view.state,
          previousState: previous.state,
          callId: view.callId,
          number: view.number,
          muted: view.muted,
          held: view.held,
          reconnecting: view.reconnecting
        })
      );
    }
    if (view.error && view.error !== previous.error) this.#emit(new SwCallErrorEvent({ code: view.error.code, message: view.error.message }));
    if (view.quality && view.quality !== previous.quality) {
      this.#emit(new SwCallQualityEvent({ ...view.quality, rating: ratingOf(view.quality.mos), callId: view.callId, number: view.number }));
    }
    if ((view.state === 'ended' || view.state === 'failed') && view.state !== previous.state) {
      this.#emit(
        new SwCallEndedEvent({
          callId: view.callId,
          number: view.number ?? '',
          status: view.state as 'ended' | 'failed',
          endReason: view.endReason ?? 'error',
          durationMs: view.durationMs ?? 0
        })
      );
      // The history refreshes on this: only once the closing write reached the API (or is queued).
      void engine.outbox.flush().then(() => this.#emit(new SwCallLoggedEvent({ callId: view.callId, pending: engine.outbox.pending() })));
    }
  }

  /** Fires one of the public events (src/events/: bubbling, composed) from the element. */
  #emit(event: SwDialerEvent<unknown>): boolean {
    return this.host.dispatchEvent(event);
  }

  /** `sw-before-dial`; false when the host page called preventDefault(). */
  beforeDial(number: string): boolean {
    return this.#emit(new SwBeforeDialEvent({ number }));
  }

  error(code: string, message: string): void {
    this.#emit(new SwCallErrorEvent({ code, message }));
  }

  #teardown(): void {
    const engine = this.#engine;
    this.#lookup?.abort();
    this.#lookupFor = undefined;
    this.#stopPresence?.();
    this.setupGate.clear();
    // Really removed: a call still up is hung up, so its closing write is queued rather than lost, and the
    // other tabs hear of its end.
    if (engine && isOpen(this.view.state)) {
      engine.actor.send({ type: 'HANGUP' });
      this.hostUpdated();
    }
    this.#publisher?.stop();
    this.#publisher = undefined;
    this.#unlisten?.();
    this.#unlisten = undefined;
    this.#mirror?.stop();
    this.#mirror = undefined;
    if (!engine) return;
    engine.transport.releaseMicrophone?.();
    this.#unsubscribe?.();
    engine.actor.stop();
    engine.outbox.stop();
    engine.ownership.close();
    this.#engine = undefined;
    this.#loading = undefined;
    this.view = this.#machineView = IDLE_VIEW;
  }
}
