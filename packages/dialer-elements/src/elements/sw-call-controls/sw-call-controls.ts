import { html, nothing, type PropertyValues } from 'lit';
import { LocalizedElement } from '../../i18n/localized-element.js';
import { isOpen } from '../../call-state.js';
import { KEYPAD_KEYS } from '../../phone/keypad.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { callControlsStyles } from './sw-call-controls.styles.js';

export type CallAction = 'call' | 'hangup' | 'mute' | 'unmute' | 'hold' | 'resume' | 'digits';
type State = 'idle' | 'dialing' | 'ringing' | 'connected' | 'ended' | 'failed';

/**
 * The call buttons: Call, End (Cancel while the call is being placed), Mute, Hold and a DTMF keypad
 * while connected. Presentational: it reports what was pressed and renders the state it is given.
 * Call is disabled while `busy` (the host is placing a call), so a double click cannot place two. While a call
 * goes through the agent's own phone (`via="phone"`) the phone is the control: it says so instead.
 *
 * @tag sw-call-controls
 * @summary Call, End, Mute, Hold and in-call keypad buttons.
 *
 * @fires sw-call-action - `{action, digits?}`: `call`, `hangup`, `mute`, `unmute`, `hold`, `resume`, `digits`.
 *
 * @csspart call - The Call button.
 * @csspart end - The End / Cancel button.
 * @csspart mute - The Mute toggle.
 * @csspart hold - The Hold toggle.
 * @csspart keypad-toggle - Shows or hides the in-call keypad.
 * @csspart dtmf - The in-call keypad.
 * @csspart phone-hint - What to do while a call goes through the agent's phone.
 *
 * @cssprop --sw-color-success - Call button.
 * @cssprop --sw-color-danger - End button.
 * @cssprop --sw-color-accent - Pressed toggles.
 */
export class SwCallControls extends LocalizedElement {
  static override styles = [themeStyles, callControlsStyles];
  static override properties = {
    state: { type: String, reflect: true },
    muted: { type: Boolean },
    held: { type: Boolean },
    disabled: { type: Boolean, reflect: true },
    canCall: { type: Boolean, attribute: 'can-call' },
    via: { type: String },
    busy: { type: Boolean },
    _keypadOpen: { state: true },
    _sent: { state: true }
  };

  declare state: State;
  declare muted: boolean;
  declare held: boolean;
  declare disabled: boolean;
  /** False while there is no number to call. */
  declare canCall: boolean;
  /** `browser` (default) or `phone`. */
  declare via: string;
  /** A call is being placed: Call cannot be pressed again (the dialer's view says when). */
  declare busy: boolean;
  declare _keypadOpen: boolean;
  declare _sent: string;

  constructor() {
    super();
    this.state = 'idle';
    this.muted = false;
    this.held = false;
    this.disabled = false;
    this.canCall = true;
    this.via = 'browser';
    this.busy = false;
    this._keypadOpen = false;
    this._sent = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('state') && this.state !== 'connected') {
      this._keypadOpen = false;
      this._sent = '';
    }
  }

  #fire(action: CallAction, digits?: string) {
    this.dispatchEvent(new CustomEvent('sw-call-action', { detail: digits ? { action, digits } : { action }, bubbles: true, composed: true }));
  }

  #digit(key: string) {
    this._sent = (this._sent + key).slice(-24);
    this.#fire('digits', key);
  }

  override render() {
    const open = isOpen(this.state);
    const connected = this.state === 'connected';
    const m = this.m;
    if (open && this.via === 'phone') {
      // SignalWire carries this call between two phones: talking and tones happen on the phone; it is
      // ended there or with the End button of `<sw-phone-fallback>`.
      return html`<p part="phone-hint" class="hint">${m.phoneHint}</p>`;
    }
    return html`
      <div class="row">
        ${
          open
            ? html`<button part="end" class="end" type="button" ?disabled=${this.disabled} @click=${() => this.#fire('hangup')}>
              ${connected ? m.endCall : m.cancelCall}
            </button>`
            : html`<button part="call" class="call" type="button" ?disabled=${this.disabled || this.busy || !this.canCall} @click=${() => this.#fire('call')}>
              ${m.call}
            </button>`
        }
        ${
          open
            ? html`
              <button part="mute" type="button" aria-pressed=${this.muted ? 'true' : 'false'} ?disabled=${this.disabled || !connected} @click=${() => this.#fire(this.muted ? 'unmute' : 'mute')}>
                ${this.muted ? m.unmute : m.mute}
              </button>
              <button part="hold" type="button" aria-pressed=${this.held ? 'true' : 'false'} ?disabled=${this.disabled || !connected} @click=${() => this.#fire(this.held ? 'resume' : 'hold')}>
                ${this.held ? m.resume : m.hold}
              </button>
              <button
                part="keypad-toggle"
                type="button"
                aria-expanded=${this._keypadOpen ? 'true' : 'false'}
                aria-controls="dtmf"
                ?disabled=${this.disabled || !connected}
                @click=${() => (this._keypadOpen = !this._keypadOpen)}
              >
                ${m.keypad}
              </button>
            `
            : nothing
        }
      </div>
      ${
        connected && this._keypadOpen
          ? html`<div id="dtmf" part="dtmf" class="dtmf" role="group" aria-label=${m.sendTones}>
              ${KEYPAD_KEYS.map(
                ({ key, letters }) =>
                  html`<button type="button" data-key=${key} aria-label=${letters ? `${key} ${letters}` : key} @click=${() => this.#digit(key)}>${key}</button>`
              )}
            </div>
            <p class="sent" aria-live="polite"><span class="visually-hidden">${m.tonesSent} </span>${this._sent}</p>`
          : nothing
      }
    `;
  }
}
