import { html, nothing } from 'lit';
import { LocalizedElement } from '../../i18n/localized-element.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { isOpen } from '../../call-state.js';
import type { SwNumberInput } from '../sw-number-input/sw-number-input.js';
import { phoneFallbackStyles } from './sw-phone-fallback.styles.js';

/**
 * The offer to call through the agent's own phone, for when this browser cannot place the call itself
 * (no WebRTC, the microphone denied or missing): the API has SignalWire ring the agent's phone and
 * connect it to the number once answered. Presentational: it asks for the agent's number (prefilled from
 * `agent-phone`), checks it, and reports the request; `<sw-dialer>` places and follows the call. While
 * such a call is up (`state` dialing, ringing or connected) it shows an End button instead.
 *
 * @tag sw-phone-fallback
 * @summary "Call through your phone" offer with the agent's phone number; End while that call is up.
 *
 * @fires sw-phone-call-request - `{agentPhone}` (E.164) when the button is pressed with a valid number.
 * @fires sw-phone-hangup-request - End pressed while a call through the phone is up.
 *
 * @csspart panel - The offer's box.
 * @csspart reason - Why the browser cannot call, and what the offer does (while a call is up: what went wrong ending it, if anything).
 * @csspart agent-phone - The `<sw-number-input>` for the agent's number.
 * @csspart call - The "Call through my phone" button.
 * @csspart end - The End / Cancel button while a call through the phone is up.
 *
 * @cssprop --sw-color-surface - Panel background.
 * @cssprop --sw-color-accent - The button.
 * @cssprop --sw-color-danger - The End button.
 */
export class SwPhoneFallback extends LocalizedElement {
  static override styles = [themeStyles, phoneFallbackStyles];
  static override properties = {
    reason: { type: String },
    agentPhone: { type: String, attribute: 'agent-phone' },
    defaultCountry: { type: String, attribute: 'default-country' },
    disabled: { type: Boolean, reflect: true },
    state: { type: String },
    ending: { type: Boolean },
    _value: { state: true }
  };

  /** Why the browser cannot place the call, in plain words. */
  declare reason: string;
  /** The agent's own phone number (any format; checked with `default-country`). */
  declare agentPhone: string;
  declare defaultCountry: string;
  declare disabled: boolean;
  /** The state of a call through the phone: dialing, ringing or connected show End; anything else the offer. */
  declare state: string;
  /** End waits: the call is being placed, or its end was asked for. */
  declare ending: boolean;
  declare _value: string | null;

  constructor() {
    super();
    this.reason = '';
    this.agentPhone = '';
    this.defaultCountry = '';
    this.disabled = false;
    this.state = '';
    this.ending = false;
    this._value = null;
  }

  /** What the field holds: what was typed, else `agent-phone`. */
  get value(): string {
    return this._value ?? this.agentPhone;
  }

  async #request() {
    if (this.disabled) return;
    const input = this.renderRoot.querySelector<SwNumberInput>('sw-number-input');
    if (!input) return;
    const checked = await input.check();
    if (!checked.ok || !checked.e164) return;
    this.dispatchEvent(new CustomEvent('sw-phone-call-request', { detail: { agentPhone: checked.e164 }, bubbles: true, composed: true }));
  }

  override render() {
    const state = this.state;
    const m = this.m;
    if (isOpen(state)) {
      return html`<section part="panel" class="panel" aria-label=${m.viaPhoneTitle}>
        <p part="reason" role=${this.reason ? 'alert' : nothing}>${this.reason || m.viaPhoneNow}</p>
        <button
          part="end"
          class="end"
          type="button"
          ?disabled=${this.disabled || this.ending}
          @click=${() => this.dispatchEvent(new CustomEvent('sw-phone-hangup-request', { bubbles: true, composed: true }))}
        >
          ${state === 'connected' ? m.endCall : m.cancelCall}
        </button>
      </section>`;
    }
    return html`<section part="panel" class="panel" aria-label=${m.viaPhoneTitle}>
      <p part="reason">${this.reason} ${m.viaPhoneOffer}</p>
      <sw-number-input
        part="agent-phone"
        label=${m.yourPhoneNumber}
        .keypad=${false}
        .value=${this.value}
        default-country=${this.defaultCountry}
        ?disabled=${this.disabled}
        @sw-number-input=${(event: CustomEvent<{ value: string }>) => {
          event.stopPropagation();
          this._value = event.detail.value;
        }}
        @sw-number-submit=${(event: Event) => {
          event.stopPropagation();
          void this.#request();
        }}
      ></sw-number-input>
      <button part="call" class="call" type="button" ?disabled=${this.disabled || this.value.trim() === ''} @click=${() => void this.#request()}>
        ${m.callViaPhone}
      </button>
    </section>`;
  }
}
