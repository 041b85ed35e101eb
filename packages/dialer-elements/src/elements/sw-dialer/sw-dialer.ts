import { html, nothing, unsafeCSS, type PropertyValues } from 'lit';
import type { AuthHeaders } from '../../api/api-client.js';
import { isOpen } from '../../call-state.js';
import type { AttachedDevices } from '../../devices/devices-on-demand.js';
import { DialerController } from '../../controller/dialer-controller.js';
import type { DialerEngineOptions } from '../../controller/dialer-engine.js';
import { errorText, reasonText, refusalText } from '../../controller/reason-text.js';
import { LocalizedElement } from '../../i18n/localized-element.js';
import { themeStyles } from '../../styles/theme.styles.js';
import type { AudioDevices, CallTransport } from '../../transport/call-transport.js';
import type { InboundLine } from '../../inbound/inbound-line.js';
import type { CallAction } from '../sw-call-controls/sw-call-controls.js';
import { upgradeProperties } from '../upgrade-properties.js';
import { dialerStyles } from './sw-dialer.styles.js';

/** Words of the audio settings button (plain English, one place, for the message catalogue). */
/** Failures of a browser call that calling through the agent's phone gets around. */
const FALLBACK_CODES = new Set(['NO_WEBRTC', 'MIC_DENIED', 'NO_MICROPHONE', 'MIC_ERROR']);

/**
 * A browser phone. Place it on a page with a token endpoint and it dials through SignalWire, shows the
 * call's progress and quality, and writes the call log through the API. Where this browser cannot call
 * (no WebRTC, the microphone denied) it offers to call through the agent's own phone instead.
 *
 * @tag sw-dialer
 * @summary The dialer: number entry, call controls, status, timer and contact, one call at a time.
 *
 * @slot history - Put a `<sw-call-history>` here to show recent calls under the dialer.
 *
 * @fires sw-before-dial - `{number}` before anything is sent; cancelable: `preventDefault()` stops the call.
 * @fires sw-call-state-change - `{state, previousState, callId, number, muted, held, reconnecting}` on every change.
 * @fires sw-call-ended - `{callId, number, status, endReason, durationMs}` once a call is over.
 * @fires sw-call-error - `{code, message}` when something went wrong (invalid number, microphone, network).
 * @fires sw-contact-resolved - `{number, contact}` after a number was looked up (`contact` null when unknown).
 * @fires sw-call-logged - `{callId, pending}` once a finished call's log write, or its wrap-up, was delivered (or queued).
 * @fires sw-call-quality - `{callId, number, jitterMs, packetLossPct, rttMs, mos, rating}` every few seconds while connected through the browser.
 * @fires sw-call-wrapped-up - `{callId, number, disposition, notes}` when the agent saves a call's wrap-up (delivered to the API through the outbox).
 * @fires sw-incoming-call - `{number, contact}` when a call rings in (the widget is `online`).
 * @fires sw-online-change - `{online}` when this widget's line is online for incoming calls (or no longer).
 *
 * @csspart incoming - The `<sw-incoming-call>` panel of a call ringing in (or ringing in another tab).
 * @csspart elsewhere - The notice above a call carried by another tab of this browser (shown and controlled from here).
 * @csspart number-input - The `<sw-number-input>`.
 * @csspart contact - The `<sw-contact-card>`.
 * @csspart status - The `<sw-call-status>`.
 * @csspart timer - The `<sw-call-timer>`.
 * @csspart quality - The `<sw-call-quality>` indicator (while connected through the browser).
 * @csspart controls - The `<sw-call-controls>`.
 * @csspart wrap-up - The `<sw-wrap-up>` after a call: disposition, notes, Save / Skip.
 * @csspart phone-fallback - The `<sw-phone-fallback>`: the offer (no WebRTC, or the microphone denied), and the End button of a call through the phone.
 *
 * @cssprop --sw-dialer-width - Maximum width.
 * @cssprop --sw-color-background - Background.
 * @cssprop --sw-color-text - Text colour.
 * @cssprop --sw-color-accent - Accent (focus, pressed toggles).
 * @cssprop --sw-radius - Corner radius.
 * @cssprop --sw-font-family - Font.
 */
export class SwDialer extends LocalizedElement {
  static override styles = [themeStyles, dialerStyles];
  static override properties = {
    tokenEndpoint: { type: String, attribute: 'token-endpoint' },
    apiBase: { type: String, attribute: 'api-base' },
    number: { type: String, reflect: true },
    defaultCountry: { type: String, attribute: 'default-country' },
    disabled: { type: Boolean, reflect: true },
    interceptTelLinks: { type: Boolean, attribute: 'intercept-tel-links' },
    agentPhone: { type: String, attribute: 'agent-phone' },
    userId: { type: String, attribute: 'user-id' },
    debug: { type: Boolean },
    prepare: { type: String },
    preconnect: { type: Boolean },
    online: { type: Boolean, reflect: true },
    toasts: { type: Boolean }
  };

  /** Where to POST for a SignalWire token (required). */
  declare tokenEndpoint: string;
  /** Base URL of the API; empty for the page's origin. */
  declare apiBase: string;
  /** The number in the field; setting it fills the field. */
  declare number: string;
  /** ISO country for numbers typed without `+`. */
  declare defaultCountry: string;
  declare disabled: boolean;
  /** Opt-in: clicks on `a[href^="tel:"]` anywhere in the page dial through this widget. */
  declare interceptTelLinks: boolean;
  /**
   * The agent's own phone, for calling through it when this browser cannot (prefills the offer). Where
   * WebRTC is missing altogether, `dial()` goes through this phone at once.
   */
  declare agentPhone: string;
  /**
   * The signed-in user's id, for hosts whose tokens are not JWTs with a `sub`: names whose queued call-log
   * writes are whose (docs/adr/0026). Leave it empty with a JWT.
   */
  declare userId: string;
  /**
   * The SignalWire SDK's own log lines in the console, for diagnosing calls. Off by default: the SDK logs
   * ordinary outcomes (busy, an unknown number) as errors, which the widget reports as events instead.
   */
  declare debug: boolean;
  /**
   * When the first call's work starts (the call engine, the SDK and a token: docs/adr/0081): `interaction`
   * (default) on the first focus, press or typing in the widget; `idle` also once the page is idle after load.
   */
  declare prepare: 'interaction' | 'idle';
  /** Opt-in: with the token fetched ahead, open the SDK's connection too, before the first dial. */
  declare preconnect: boolean;
  // The wrap-up's settings are read by its own module when a call ends (docs/adr/0095, 0097), from these
  // properties or else the attributes of the same names: declared here, they cost the initial load nothing.
  /**
   * The wrap-up's dispositions, in order: an array, or (attribute `dispositions`) a comma-separated list.
   * Unset: Interested, Not interested, Call back, Left voicemail, No answer, Wrong number.
   */
  declare dispositions?: string[] | string;
  /** Seconds an untouched wrap-up stays open (attribute `wrap-up-timeout`; default 120); 0 keeps it until Save or Skip. */
  declare wrapUpTimeout?: number;
  /** No wrap-up step after calls (attribute `no-wrap-up`). */
  declare noWrapUp?: boolean;
  /** @internal The open wrap-up, rendered under the controls (set by the wrap-up module). */
  declare wrapUpPanel?: HTMLElement | null;
  /** Receive calls (one tab of the browser rings: docs/adr/0101); the incoming-call code loads when first set. */
  declare online: boolean;
  /**
   * The ring: unset for the built-in tone, an audio file's URL, or `off` for silence; the `ringtone`
   * attribute when the property is unset. Read by the incoming-call code (src/inbound/), as is `ringTimeout`.
   */
  declare ringtone: string | undefined;
  /** Seconds an incoming call rings before it is missed; the `ring-timeout` attribute when unset; default 30. */
  declare ringTimeout: number | undefined;
  /**
   * Opt-in: built-in toasts for call events and errors while the dialer is not on screen (a collapsed
   * dock); loaded on first use (docs/adr/0107). The events are unchanged, for hosts that show their own.
   */
  declare toasts: boolean;

  readonly #controller = new DialerController(this);
  #authToken: string | undefined;
  #getAuthHeaders: AuthHeaders | undefined;
  #transport: CallTransport | undefined;
  #line: InboundLine | undefined;

  /** Bearer token of the host's session; or provide `getAuthHeaders`. */
  get authToken(): string | undefined {
    return this.#authToken;
  }
  set authToken(value: string | undefined) {
    this.#authToken = value;
    this.#controller.authChanged();
  }

  /** Headers for the host's session, asked before each request (wins over `authToken`). */
  get getAuthHeaders(): AuthHeaders | undefined {
    return this.#getAuthHeaders;
  }
  set getAuthHeaders(value: AuthHeaders | undefined) {
    this.#getAuthHeaders = value;
    this.#controller.authChanged();
  }

  /** How calls are placed; defaults to SignalWire. Read when the widget first loads its call engine. */
  get transport(): CallTransport | undefined {
    return this.#transport;
  }
  set transport(value: CallTransport | undefined) {
    this.#transport = value;
  }

  constructor() {
    super();
    this.tokenEndpoint = '';
    this.apiBase = '';
    this.number = '';
    this.defaultCountry = '';
    this.disabled = false;
    this.interceptTelLinks = false;
    this.agentPhone = '';
    this.userId = '';
    this.debug = false;
    this.prepare = 'interaction';
    this.preconnect = false;
    this.online = false;
    this.toasts = false;
    upgradeProperties(this, ['authToken', 'getAuthHeaders', 'transport']);
    // The wrap-up loads only now, after a call: it is neither in the initial load nor on a call's way.
    this.addEventListener('sw-call-ended', (event) => {
      import('../sw-wrap-up/wrap-up-flow.js')
        .then((flow) =>
          flow.openWrapUp(this, this.#controller, (event as CustomEvent).detail, { Base: LocalizedElement, html, nothing, unsafeCSS, themeStyles })
        )
        // Not loadable (offline) or no engine: the next call goes on without a wrap-up.
        .catch(() => undefined);
    });
  }

  /** The widget state: idle, dialing, ringing, connected, ended or failed. */
  get state() {
    return this.#controller.view.state;
  }

  /** The call log id of the current or last call (null until the API acknowledged it). */
  get callId() {
    return this.#controller.view.callId;
  }

  /** @internal What the call engine is built from. */
  engineOptions(): Omit<DialerEngineOptions, 'partitionOf'> {
    return {
      apiBase: this.apiBase,
      tokenEndpoint: this.tokenEndpoint,
      getAuthHeaders: async () => {
        if (this.getAuthHeaders) return this.getAuthHeaders();
        return this.authToken ? { authorization: `Bearer ${this.authToken}` } : {};
      },
      userId: () => this.userId,
      debug: () => this.debug,
      transport: this.transport
    };
  }

  /** @internal Runs `work` once no call of this widget is being set up (docs/adr/0142); the history's refresh waits so. */
  afterCallSetUp(work: () => void): void {
    this.#controller.setupGate.after(work);
  }

  /**
   * Places a call to `number` (any format people type) or to the number in the field. Resolves true when
   * the call was started, false when the number was invalid, the widget disabled or busy, or a
   * `sw-before-dial` listener prevented it. Where this browser has no WebRTC and `agent-phone` is set, the
   * call goes through that phone (as `dialThroughPhone()`).
   */
  dial(number?: string): Promise<boolean> {
    return this.#controller.dial({ number });
  }

  /**
   * The REST fallback: the API has SignalWire ring the agent's own phone (`agentPhone`, else the
   * `agent-phone` attribute) and connect it to `number` once answered. The widget follows the call's
   * progress from the call log; it is ended on the phone, or with `hangup()` (the API ends it at SignalWire).
   * Resolves like `dial()`.
   */
  dialThroughPhone(number?: string, agentPhone?: string): Promise<boolean> {
    return this.#controller.dial({ number, agentPhone: agentPhone ?? this.agentPhone });
  }

  /** Goes online to receive calls (as setting `online`). */
  goOnline(): void {
    this.online = true;
  }

  goOffline(): void {
    this.online = false;
  }

  /** Why this browser cannot place the call itself, when the offer to call through the phone applies. */
  #fallbackReason(): string | null {
    const view = this.#controller.view;
    if (isOpen(view.state)) return null;
    if (this.#controller.webrtcSupported === false) return this.m.browserCannotCall;
    if ((view.state === 'ended' || view.state === 'failed') && view.via === 'phone') return this.m.browserCallsFailed;
    if (view.state === 'failed' && view.error && FALLBACK_CODES.has(view.error.code)) return `${errorText(this.m, view.error)}.`;
    return null;
  }

  /** Ends the call, or cancels it while it is being placed. */
  hangup(): void {
    this.#controller.send({ type: 'HANGUP' });
  }

  /** Sends DTMF tones (`0-9 * # A-D`) while connected. */
  sendDigits(digits: string): void {
    this.#controller.send({ type: 'SEND_DIGITS', digits });
  }

  mute(): void {
    this.#controller.send({ type: 'MUTE' });
  }

  unmute(): void {
    this.#controller.send({ type: 'UNMUTE' });
  }

  hold(): void {
    this.#controller.send({ type: 'HOLD' });
  }

  resume(): void {
    this.#controller.send({ type: 'RESUME' });
  }

  /** Microphones and speakers (labels appear once microphone permission was granted). */
  audioDevices(): Promise<AudioDevices> {
    return this.#controller.devices('listDevices');
  }

  /** Microphone for this call (switched live) and later ones. */
  setInputDevice(deviceId: string): Promise<void> {
    return this.#controller.devices('setInputDevice', deviceId);
  }

  /** Speaker for this call and later ones, where the browser lets a page choose. */
  setOutputDevice(deviceId: string): Promise<void> {
    return this.#controller.devices('setOutputDevice', deviceId);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('focusin', this.#warmUp);
    this.addEventListener('pointerdown', this.#warmUp);
    this.addEventListener('keydown', this.#onKeydown);
    if (this.interceptTelLinks) document.addEventListener('click', this.#onDocumentClick);
    if (this.prepare === 'idle') this.#whenIdle();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    void this.#devices?.then((devices) => devices?.stop());
    this.#devices = undefined;
    this.removeEventListener('focusin', this.#warmUp);
    this.removeEventListener('pointerdown', this.#warmUp);
    this.removeEventListener('keydown', this.#onKeydown);
    document.removeEventListener('click', this.#onDocumentClick);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('online') && (this.online || this.#line)) {
      import('../../inbound/inbound-line.js').then(
        ({ createInboundLine }) => (this.#line ??= createInboundLine(this, this.#controller)).setOnline(this.online),
        () => this.#controller.error('NETWORK', 'The dialer could not load; check the connection and try again')
      );
    }
    if (changed.has('toasts') && this.toasts) void import('../sw-toasts/watch-dialer.js').then((toasts) => toasts.watch(this));
    if (changed.has('userId') && changed.get('userId') !== undefined) this.#controller.authChanged();
    if (changed.has('interceptTelLinks') && changed.get('interceptTelLinks') !== undefined) {
      document.removeEventListener('click', this.#onDocumentClick);
      if (this.interceptTelLinks && this.isConnected) document.addEventListener('click', this.#onDocumentClick);
    }
  }

  /** First focus, press or typing: the first call's work starts while the person types (docs/adr/0081). */
  #warmUp = () => {
    this.#controller.prepare();
    // The saved audio devices, their changes, the microphone hint and the settings panel: on demand (docs/adr/0111).
    this.#devices ??= import('../../devices/devices-on-demand.js').then(
      (m) => m.attachDevices(this),
      () => (this.#devices = undefined)
    );
  };
  #devices: Promise<AttachedDevices | undefined> | undefined;

  #toggleDevices = () => {
    this.#warmUp();
    void this.#devices?.then((devices) => devices?.toggle());
  };

  /** `prepare="idle"`: the same once the page has loaded and the browser has nothing else to do. */
  #whenIdle(): void {
    const idle = globalThis.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 1));
    const start = () => idle(() => this.isConnected && this.#warmUp());
    if (document.readyState === 'complete') start();
    else addEventListener('load', start, { once: true });
  }

  #onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && isOpen((this.#shownElsewhere()?.view ?? this.#controller.view).state)) {
      event.preventDefault();
      this.#end();
    }
  };

  #onDocumentClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    // composedPath() sees links inside other shadow roots too; closest() covers clicks on a link's children.
    const origin = event.composedPath()[0];
    const link = origin instanceof Element ? origin.closest<HTMLAnchorElement>('a[href^="tel:"]') : null;
    if (!link) return;
    event.preventDefault();
    void this.dial(link.getAttribute('href') ?? '');
  };

  #onNumberInput = (event: CustomEvent<{ value: string; e164: string | null }>) => {
    this.number = event.detail.value;
    // Typing is engagement too (and where a page has no window focus, focus events may never come).
    this.#warmUp();
    this.#controller.typed(event.detail.e164);
  };

  #onPhoneCallRequest = (event: CustomEvent<{ agentPhone: string }>) => {
    event.stopPropagation();
    // Remembered for the next calls of this page, as if the host had set `agent-phone`.
    this.agentPhone = event.detail.agentPhone;
    void this.dialThroughPhone(undefined, event.detail.agentPhone);
  };

  #onPhoneHangupRequest = (event: Event) => {
    event.stopPropagation();
    this.#end();
  };

  /** End pressed (or Escape): this widget's call, else the other tab's call shown here. */
  #end(): void {
    if (this.#shownElsewhere()) this.#controller.commandElsewhere('hangup');
    else this.hangup();
  }

  #onAction = (event: CustomEvent<{ action: CallAction; digits?: string }>) => {
    const { action, digits } = event.detail;
    if (action !== 'call' && this.#shownElsewhere()) this.#controller.commandElsewhere(action, digits);
    else if (action === 'call') void this.dial();
    else if (action === 'digits') this.sendDigits(digits ?? '');
    // hangup, mute, unmute, hold, resume: the machine's commands of the same names.
    else this.#controller.send({ type: action.toUpperCase() as Uppercase<typeof action> });
  };

  /** Another tab's call of the same user, when this widget has none open: shown in its place (docs/adr/0125). */
  #shownElsewhere() {
    return this.#controller.elsewhere(this.m);
  }

  override render() {
    const controller = this.#controller;
    const elsewhere = this.#shownElsewhere();
    const view = elsewhere?.view ?? controller.view;
    const open = isOpen(view.state);
    // A call through the agent's phone shows the fallback in progress (its End button), with any problem ending it.
    const phoneCall = open && view.via === 'phone';
    const fallback = phoneCall ? (view.error ? errorText(this.m, view.error) : '') : elsewhere ? null : this.#fallbackReason();
    return html`<div class="stack">
      ${this.#line?.render()}
      ${elsewhere ? html`<p part="elsewhere" role="status">${elsewhere.notice}</p>` : nothing}
      <sw-number-input
        part="number-input"
        .value=${this.number}
        .error=${refusalText(this.m, controller.refusal)}
        default-country=${this.defaultCountry}
        ?disabled=${this.disabled || open}
        @sw-number-input=${this.#onNumberInput}
        @sw-number-submit=${() => void this.dial()}
      ></sw-number-input>
      ${
        elsewhere
          ? html`<sw-contact-card part="contact" .contact=${elsewhere.contact} number=${view.displayNumber}></sw-contact-card>`
          : controller.contact || controller.typedE164
            ? html`<sw-contact-card
            part="contact"
            .contact=${controller.contact}
            number=${controller.typedE164 ?? ''}
            presence=${controller.presence?.status ?? ''}
            ?presence-degraded=${controller.presence?.degraded ?? false}
          ></sw-contact-card>`
            : nothing
      }
      <div class="live">
        <sw-call-status part="status" state=${view.reconnecting ? 'reconnecting' : view.state} number=${view.displayNumber} reason=${reasonText(this.m, view.endReason, view.error)} via=${view.via}></sw-call-status>
        ${
          view.quality
            ? html`<sw-call-quality
              part="quality"
              .mos=${view.quality.mos}
              .jitterMs=${view.quality.jitterMs}
              .packetLossPct=${view.quality.packetLossPct}
              .rttMs=${view.quality.rttMs}
            ></sw-call-quality>`
            : nothing
        }
        ${view.answeredAt !== null ? html`<sw-call-timer part="timer" .answeredAt=${view.answeredAt} .endedAt=${view.endedAt}></sw-call-timer>` : nothing}
      </div>
      <sw-call-controls
        part="controls"
        .state=${view.state}
        .via=${view.via}
        .muted=${view.muted}
        .held=${view.held}
        .busy=${view.busy}
        .disabled=${this.disabled}
        .canCall=${this.number.trim() !== ''}
        @sw-call-action=${this.#onAction}
      ></sw-call-controls>
      ${
        fallback !== null
          ? html`<sw-phone-fallback
            part="phone-fallback"
            reason=${fallback}
            state=${phoneCall ? view.state : ''}
            ?ending=${view.ending}
            agent-phone=${this.agentPhone}
            default-country=${this.defaultCountry}
            ?disabled=${this.disabled || (!phoneCall && this.number.trim() === '')}
            @sw-phone-call-request=${this.#onPhoneCallRequest}
            @sw-phone-hangup-request=${this.#onPhoneHangupRequest}
          ></sw-phone-fallback>`
          : nothing
      }
      ${this.wrapUpPanel}
      <button part="devices-button" aria-expanded="false" @click=${this.#toggleDevices}>${this.m.audioSettings}</button>
      <div part="devices"></div>
      <slot name="history"></slot>
    </div>`;
  }
}
