// Incoming calls for one `<sw-dialer>`: loaded with import() the first time the widget goes online, so none
// of it is in the initial bundle or on an outbound call's path (docs/adr/0100). It takes the line (one tab of
// the browser: line-owner.ts), puts the page's SDK client online with `client.online({incomingCallHandlers})`,
// keeps its token fresh, and turns each invite into the ringing panel. Answered, the call is handed to the
// machine (ANSWER) and is an ordinary call from then on; missed or declined, it is logged here, in one
// write, as a call already over.
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Contact, CreateCallBody, EndReason, Presence } from '@sw-dialer/shared-types';
import { SwIncomingCallEvent } from '../events/sw-incoming-call-event.js';
import { SwOnlineChangeEvent } from '../events/sw-online-change-event.js';
import { isOpen } from '../call-state.js';
import type { DialerController } from '../controller/dialer-controller.js';
import type { DialerEngine } from '../controller/dialer-engine.js';
import { loadPhone } from '../phone/load-phone.js';
import { SwIncomingCall } from '../elements/sw-incoming-call/sw-incoming-call.js';
import { holdForLine, pageClient, renewPageClient } from '../transport/page-client.js';
import type { CallToken } from '../transport/transport-events.js';
import { answeringThrough, type SdkInvite } from './answer-transport.js';
import { claimLine, type LineClaim, type LineMessage } from './line-owner.js';
import { startRingtone } from './ringtone.js';

// Registered here when a widget first goes online, as the other lazily loaded elements are (docs/adr/0107):
// importing define.ts would move the entry's elements into a chunk shared with this one, and leave the
// package's define.js without the registrations its `sideEffects` entry vouches for.
if (!customElements.get('sw-incoming-call')) customElements.define('sw-incoming-call', SwIncomingCall);

/** What the line reads of its widget. */
export interface LineHost extends ReactiveControllerHost, HTMLElement {
  /** The ring (ringtone.ts); the `ringtone` attribute when unset. */
  ringtone?: string | undefined;
  /** Seconds an unanswered call rings before it is missed; the `ring-timeout` attribute when unset. */
  ringTimeout?: number | undefined;
  debug: boolean;
}

/** Default seconds a call rings before it is missed: about as long as callers wait before voicemail. */
const RING_TIMEOUT_S = 30;

/** The SDK client's methods the line uses (@signalwire/js 3.30 `SignalWireClient`, src/fabric/SignalWire.ts). */
export interface OnlineClient {
  online(params: { incomingCallHandlers: { websocket?: (notification: { invite: SdkInvite }) => void } }): Promise<unknown>;
  offline(): Promise<unknown>;
  updateToken(token: string): Promise<void>;
  disconnect(): Promise<void>;
}
export interface Sdk {
  SignalWire(params: { token: string; host?: string; logLevel?: 'debug' | 'silent' }): Promise<OnlineClient>;
}

/** Where the SDK comes from: the chunk the outbound transport loads too; swapped by tests. */
export const sdkSource = { load: () => import('../transport/signalwire-sdk.js') as unknown as Promise<Sdk> };

interface Ringing {
  invite: SdkInvite;
  clientSessionId: string;
  startedAt: number;
  number: string;
  /** The number as people read it, once the phone module has it. */
  displayNumber: string;
  contact: Contact | null;
  presence: Presence | null;
  /** A call of the page was up when it rang, or when Answer was pressed: the panel says why it cannot be answered. */
  onCall: boolean;
  stopRing: () => void;
  timer: ReturnType<typeof setTimeout>;
  stopPresence?: (() => void) | undefined;
}

const E164 = /^\+[1-9]\d{1,14}$/;
/** How long before its expiry the line's token is renewed (as the machine's token region does: ADR 81). */
const RENEW_MARGIN_MS = 60_000;

export class InboundLine implements ReactiveController {
  #online = false;
  #claim: LineClaim | undefined;
  #client: OnlineClient | undefined;
  #renewTimer: ReturnType<typeof setTimeout> | undefined;
  #ringing: Ringing | null = null;
  /** Who rings in the tab that owns the line, while this one waits for it. */
  #elsewhere = '';

  constructor(
    private readonly host: LineHost,
    private readonly controller: DialerController
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.#online && !this.#claim) this.#takeLine();
  }

  hostDisconnected(): void {
    // Moved in the DOM (disconnected and connected again in one task) keeps the line.
    setTimeout(() => {
      if (!this.host.isConnected) this.#leaveLine();
    }, 0);
  }

  /** The widget's `online` changed. */
  setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    if (online) this.#takeLine();
    else this.#leaveLine();
  }

  #takeLine(): void {
    const claim = claimLine(
      () => void this.#goOnline(claim),
      (message) => this.#heard(message),
      () => this.#lineTaken(claim)
    );
    this.#claim = claim;
  }

  /**
   * After each render: a call placed in this tab while another tab holds the line takes the line here, so
   * that the call's connection is the profile's only one (docs/adr/0137). Not while the line rings in the
   * other tab: that call would be turned away; the line follows once it is quiet.
   */
  hostUpdated(): void {
    const { state, via } = this.controller.view;
    if (this.#online && this.#claim && !this.#client && !this.#elsewhere && via === 'browser' && isOpen(state)) this.#claim.steal();
  }

  /** Another tab placed a call and took the line: this one goes offline, closes its connection and waits for the line again. */
  #lineTaken(claim: LineClaim): void {
    if (claim !== this.#claim) return;
    if (this.#ringing) this.#close('missed', true);
    const client = this.#client;
    this.#client = undefined;
    clearTimeout(this.#renewTimer);
    holdForLine(false);
    if (client) {
      this.host.dispatchEvent(new SwOnlineChangeEvent({ online: false }));
      void client
        .offline()
        .catch(() => undefined)
        .then(() => this.controller.load())
        // Closed unless a call of this page is up on it (page-client.ts).
        .then((engine) => engine.transport.dropConnection?.())
        .catch(() => undefined);
    }
    this.#takeLine();
    this.host.requestUpdate();
  }

  #leaveLine(): void {
    if (this.#ringing) this.#close('missed', true);
    const client = this.#client;
    this.#client = undefined;
    clearTimeout(this.#renewTimer);
    void client?.offline().catch(() => undefined);
    if (client) {
      holdForLine(false);
      this.host.dispatchEvent(new SwOnlineChangeEvent({ online: false }));
    }
    this.#claim?.release();
    this.#claim = undefined;
    this.#elsewhere = '';
    this.host.requestUpdate();
  }

  async #goOnline(claim: LineClaim | undefined): Promise<void> {
    try {
      const engine = await this.controller.load();
      const token = (await engine.api.fetchToken()) as CallToken;
      const sdk = await sdkSource.load();
      // The page's one SDK client: the outbound transport dials through it too.
      const client = await pageClient((params) => sdk.SignalWire(params), token, this.host.debug);
      if (claim !== this.#claim) return;
      await client.online({ incomingCallHandlers: { websocket: ({ invite }) => void this.#offered(engine, invite) } });
      this.#client = client;
      holdForLine(true);
      this.#renew(engine, token);
      this.host.dispatchEvent(new SwOnlineChangeEvent({ online: true }));
    } catch (error) {
      this.host.dispatchEvent(
        new CustomEvent('sw-call-error', {
          detail: { code: 'ONLINE_FAILED', message: `Could not go online for incoming calls: ${error instanceof Error ? error.message : String(error)}` },
          bubbles: true,
          composed: true
        })
      );
    }
  }

  /** Renews the client's token before it expires, for as long as the line is online. */
  #renew(engine: DialerEngine, token: CallToken): void {
    const left = Date.parse(token.expiresAt) - Date.now();
    const delay = left > 5 * RENEW_MARGIN_MS ? left - RENEW_MARGIN_MS : Math.max(1_000, left * 0.8);
    clearTimeout(this.#renewTimer);
    this.#renewTimer = setTimeout(() => {
      void engine.api.fetchToken().then(
        async (next) => {
          if (this.#client) await renewPageClient(next as CallToken);
          this.#renew(engine, next as CallToken);
        },
        () => this.#renew(engine, { ...token, expiresAt: new Date(Date.now() + 10 * RENEW_MARGIN_MS).toISOString() })
      );
    }, delay);
  }

  #heard(message: LineMessage): void {
    if (this.#client) return;
    this.#elsewhere = message?.type === 'ringing' ? message.who : '';
    this.host.requestUpdate();
  }

  async #offered(engine: DialerEngine, invite: SdkInvite): Promise<void> {
    const number = invite.details.caller_id_number;
    // One call rings at a time; a second one meanwhile is turned away (the caller hears busy) and logged missed.
    if (this.#ringing || !E164.test(number)) {
      void invite.reject().catch(() => undefined);
      if (E164.test(number)) this.#log(engine, { number, clientSessionId: crypto.randomUUID(), startedAt: Date.now(), contact: null }, 'missed');
      return;
    }
    const onCall = this.#busy(engine);
    const ringing: Ringing = {
      invite,
      clientSessionId: crypto.randomUUID(),
      startedAt: Date.now(),
      number,
      displayNumber: number,
      contact: null,
      presence: null,
      onCall,
      // On a call, no ring in the agent's ears: the panel shows who calls.
      stopRing: onCall ? () => undefined : startRingtone(this.host.ringtone ?? this.host.getAttribute('ringtone') ?? ''),
      // The SDK never says that the caller gave up (the bye for an invite reaches no call object), so an
      // unanswered call is missed when the widget's own ring time is up (docs/adr/0100).
      timer: setTimeout(() => this.#close('missed', true), this.#ringSeconds() * 1_000)
    };
    this.#ringing = ringing;
    this.#claim?.say({ type: 'ringing', who: number });
    this.host.requestUpdate();
    void loadPhone(number).then(
      (phone) => {
        ringing.displayNumber = phone.formatPhone(number);
        this.host.requestUpdate();
      },
      () => undefined
    );
    let contact: Contact | null = null;
    try {
      contact = (await engine.api.contactsByNumber(number)).items[0] ?? null;
    } catch {
      contact = null;
    }
    if (this.#ringing !== ringing) return;
    ringing.contact = contact;
    if (contact) this.#claim?.say({ type: 'ringing', who: contact.displayName });
    ringing.stopPresence = engine.watchPresence(engine.api, [number], (presence) => {
      if (presence.number !== number || this.#ringing !== ringing) return;
      ringing.presence = presence;
      this.host.requestUpdate();
    });
    this.host.requestUpdate();
    this.host.dispatchEvent(new SwIncomingCallEvent({ number, contact }));
  }

  #ringSeconds(): number {
    const seconds = Number(this.host.ringTimeout ?? this.host.getAttribute('ring-timeout') ?? RING_TIMEOUT_S);
    return Number.isFinite(seconds) && seconds > 0 ? seconds : RING_TIMEOUT_S;
  }

  /** A call of this page is up or being placed: answering now is refused (docs/adr/0102). */
  #busy(engine: DialerEngine): boolean {
    return isOpen(this.controller.view.state) || engine.ownership.openOnPage();
  }

  /** Answer pressed: the machine takes the call; refused while another call is up. */
  async answer(): Promise<boolean> {
    const ringing = this.#ringing;
    if (!ringing) return false;
    const engine = await this.controller.load();
    if (this.#busy(engine)) {
      ringing.onCall = true;
      this.host.requestUpdate();
      this.host.dispatchEvent(
        new CustomEvent('sw-call-error', {
          detail: { code: 'CALL_IN_PROGRESS', message: 'Another call is in progress on this page' },
          bubbles: true,
          composed: true
        })
      );
      return false;
    }
    this.#stop(ringing);
    answeringThrough(engine.transport).offer(ringing.clientSessionId, ringing.invite);
    // The contact card shows the caller for the call, as for a number dialled.
    this.controller.typedE164 = ringing.number;
    void this.controller.resolveContact(ringing.number);
    const contactId = ringing.contact?.phoneNumbers.some((p) => p.e164 === ringing.number) ? { contactId: ringing.contact.id } : {};
    this.controller.send({ type: 'ANSWER', number: ringing.number, clientSessionId: ringing.clientSessionId, startedAt: ringing.startedAt, ...contactId });
    return true;
  }

  /** Decline pressed: the caller hears busy; logged `declined-by-agent`. */
  decline(): void {
    this.#close('declined-by-agent', true);
  }

  #stop(ringing: Ringing): void {
    clearTimeout(ringing.timer);
    ringing.stopRing();
    ringing.stopPresence?.();
    this.#ringing = null;
    this.#claim?.say({ type: 'quiet' });
    this.host.requestUpdate();
  }

  /** The call rang out or was declined: turned away at SignalWire, logged as a call already over. */
  #close(endReason: Extract<EndReason, 'missed' | 'declined-by-agent'>, reject: boolean): void {
    const ringing = this.#ringing;
    if (!ringing) return;
    this.#stop(ringing);
    // A caller still waiting hears busy rather than ringing on; one who gave up is already gone (the relay ignores it).
    if (reject) void ringing.invite.reject().catch(() => undefined);
    void this.controller.load().then((engine) => this.#log(engine, ringing, endReason));
  }

  #log(engine: DialerEngine, call: Pick<Ringing, 'number' | 'clientSessionId' | 'startedAt' | 'contact'>, endReason: 'missed' | 'declined-by-agent'): void {
    const endedAt = Date.now();
    const body: CreateCallBody = {
      clientSessionId: call.clientSessionId,
      direction: 'inbound',
      number: call.number,
      status: 'ended',
      startedAt: new Date(call.startedAt).toISOString(),
      endedAt: new Date(endedAt).toISOString(),
      durationMs: 0,
      endReason
    };
    if (call.contact?.phoneNumbers.some((p) => p.e164 === call.number)) body.contactId = call.contact.id;
    const emit = (name: string, detail: unknown) => this.host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
    emit('sw-call-ended', { callId: null, number: call.number, status: 'ended', endReason, durationMs: 0 });
    // Through the outbox like every call-log write: delivered once, later if the API is down now.
    const created = engine.outbox.create(body).catch(() => null);
    void engine.outbox
      .flush()
      .then(() => Promise.race([created, null]))
      .then((callId) => emit('sw-call-logged', { callId, pending: engine.outbox.pending() }));
  }

  /** The panel: a call ringing here, or in the tab that owns the line. */
  render(): TemplateResult | typeof nothing {
    const ringing = this.#ringing;
    if (ringing) {
      return html`<sw-incoming-call
        part="incoming"
        name=${ringing.contact?.displayName ?? ''}
        company=${ringing.contact?.company ?? ''}
        number=${ringing.displayNumber}
        presence=${ringing.presence?.status ?? ''}
        ?busy=${ringing.onCall}
        @sw-incoming-action=${(event: CustomEvent<{ action: 'answer' | 'decline' }>) => (event.detail.action === 'answer' ? void this.answer() : this.decline())}
      ></sw-incoming-call>`;
    }
    if (this.#online && this.#elsewhere) return html`<sw-incoming-call part="incoming" mode="elsewhere" name=${this.#elsewhere}></sw-incoming-call>`;
    return nothing;
  }
}

export function createInboundLine(host: LineHost, controller: DialerController): InboundLine {
  return new InboundLine(host, controller);
}
