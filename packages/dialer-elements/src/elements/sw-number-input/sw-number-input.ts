import { html, LitElement, nothing } from 'lit';
import { phoneText } from '../../controller/reason-text.js';
import { LocalizedElement } from '../../i18n/localized-element.js';
import { loadPhone, phoneIfLoaded } from '../../phone/load-phone.js';
import { checkNumber, numberText, readNumber } from '../../phone/read-number.js';
import type { PhoneParseResult } from '../../phone/phone.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { KEYPAD_KEYS } from '../../phone/keypad.js';
import { numberInputStyles } from './sw-number-input.styles.js';

export interface NumberCheck {
  ok: boolean;
  e164: string | null;
  message: string | null;
}

const LONG_PRESS_MS = 600;

/**
 * A phone-number field with a keypad. Accepts any formatting people type or paste (`(202) 555-0100`,
 * `+1 202.555.0100`, `tel:` links, vanity letters), validates to E.164 with `default-country` for
 * national numbers, and shows what is wrong inline.
 *
 * @tag sw-number-input
 * @summary Phone number entry with keypad, paste cleanup and inline validation.
 *
 * @fires sw-number-input - `{value, e164}` after every change; `e164` is null while the number is not valid.
 * @fires sw-number-submit - `{value}` when Enter is pressed in the field.
 *
 * @csspart label - The field's label.
 * @csspart input - The text field.
 * @csspart error - The inline error message.
 * @csspart keypad - The keypad grid.
 * @csspart key - Each keypad key.
 * @csspart backspace - The delete key.
 *
 * @cssprop --sw-color-border - Field and key borders.
 * @cssprop --sw-color-danger - Error text and invalid border.
 * @cssprop --sw-radius - Corner radius.
 */
export class SwNumberInput extends LocalizedElement {
  static override styles = [themeStyles, numberInputStyles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };
  static override properties = {
    value: { type: String },
    defaultCountry: { type: String, attribute: 'default-country' },
    disabled: { type: Boolean, reflect: true },
    keypad: { type: Boolean, reflect: true },
    label: { type: String },
    error: { type: String },
    _touched: { state: true }
  };

  /** What the field shows. */
  declare value: string;
  /** ISO 3166 country for numbers typed without `+` (`US`, `GB`). */
  declare defaultCountry: string;
  declare disabled: boolean;
  /** Shows the keypad. */
  declare keypad: boolean;
  /** The field's label; the catalogue's "Phone number" when empty. */
  declare label: string;
  /** An error set from outside (such as "this number does not exist" after a call); cleared on edit. */
  declare error: string;
  declare _touched: boolean;

  #pressTimer: ReturnType<typeof setTimeout> | undefined;
  #longPressed = false;

  constructor() {
    super();
    this.value = '';
    this.defaultCountry = '';
    this.disabled = false;
    this.keypad = true;
    this.label = '';
    this.error = '';
    this._touched = false;
  }

  get #input(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input');
  }

  /** Parses the current value (loading the phone metadata if needed) and shows the error if any. */
  async check(options: { show?: boolean } = {}): Promise<NumberCheck> {
    const result = await this.#parseLater(this.value);
    if (options.show ?? true) this._touched = true;
    return result.ok ? { ok: true, e164: result.e164, message: null } : { ok: false, e164: null, message: result.message };
  }

  /** Validation message for the current value when the metadata is loaded; '' when valid or unknown. */
  get #message(): string {
    if (this.error) return this.error;
    if (!this._touched || this.value === '') return '';
    const result = this.#parseNow(this.value);
    return result && !result.ok ? phoneText(this.m, result) : '';
  }

  get #country(): string | undefined {
    return this.defaultCountry || undefined;
  }

  /** Clean first (so `tel:` is not read as vanity letters), then letters to digits: what gets parsed. */
  #parseNow(value: string): PhoneParseResult | undefined {
    const phone = phoneIfLoaded();
    if (!phone?.phoneReady(numberText(phone, value), this.#country)) return undefined;
    return readNumber(phone, value, this.#country);
  }

  #parseLater(value: string): Promise<PhoneParseResult> {
    return checkNumber(value, this.#country);
  }

  #emitChange(value: string, e164: string | null) {
    this.dispatchEvent(new CustomEvent('sw-number-input', { detail: { value, e164 }, bubbles: true, composed: true }));
  }

  #set(value: string) {
    this.value = value;
    this.error = '';
    const result = this.#parseNow(value);
    if (result) {
      this.#emitChange(value, result.ok ? result.e164 : null);
      return;
    }
    // The value is news now; whether it is a valid number is known once the metadata has loaded.
    this.#emitChange(value, null);
    void this.#parseLater(value).then(
      (later) => {
        if (this.value !== value) return;
        if (later.ok) this.#emitChange(value, later.e164);
        // The inline message depends on the metadata that just arrived.
        this.requestUpdate();
      },
      () => undefined
    );
  }

  #onInput = (event: Event) => {
    this.#set((event.target as HTMLInputElement).value);
  };

  #onPaste = async (event: ClipboardEvent) => {
    const text = event.clipboardData?.getData('text/plain') ?? '';
    if (!text) return;
    event.preventDefault();
    const phone = await loadPhone();
    const cleaned = phone.cleanPhoneInput(text);
    this.#insert(cleaned, true);
  };

  #onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      this._touched = true;
      this.dispatchEvent(new CustomEvent('sw-number-submit', { detail: { value: this.value }, bubbles: true, composed: true }));
    }
  };

  #onBlur = () => {
    if (this.value !== '') this._touched = true;
    void this.#parseLater(this.value).then(
      () => this.requestUpdate(),
      () => undefined
    );
  };

  #onFocus = () => {
    // Fetch the parser and the default country's metadata while the person types, so validation is
    // instant when they finish.
    void loadPhone('', this.#country).catch(() => undefined);
  };

  /** Inserts at the caret (replacing a selection); a paste replaces the whole value when it is a full number. */
  #insert(text: string, fromPaste = false) {
    const input = this.#input;
    const start = input?.selectionStart ?? this.value.length;
    const end = input?.selectionEnd ?? this.value.length;
    const replaceAll = fromPaste && start === 0 && end === this.value.length;
    const next = replaceAll ? text : this.value.slice(0, start) + text + this.value.slice(end);
    this.#set(next);
    const caret = replaceAll ? next.length : start + text.length;
    void this.updateComplete.then(() => {
      if (this.#input && this.shadowRoot?.activeElement === this.#input) this.#input.setSelectionRange(caret, caret);
    });
  }

  #press(key: string) {
    if (this.disabled) return;
    this.#insert(key);
  }

  #backspace() {
    if (this.disabled || this.value === '') return;
    const input = this.#input;
    const start = input?.selectionStart ?? this.value.length;
    const end = input?.selectionEnd ?? this.value.length;
    const from = start === end ? Math.max(0, start - 1) : start;
    this.#set(this.value.slice(0, from) + this.value.slice(end));
  }

  #zeroDown = () => {
    this.#longPressed = false;
    clearTimeout(this.#pressTimer);
    this.#pressTimer = setTimeout(() => {
      this.#longPressed = true;
      this.#press('+');
    }, LONG_PRESS_MS);
  };

  #zeroUp = () => {
    clearTimeout(this.#pressTimer);
  };

  #keyClick(key: string) {
    if (key === '0' && this.#longPressed) {
      // The long press already typed "+"; the click that ends it must not add a 0.
      this.#longPressed = false;
      return;
    }
    this.#press(key);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#pressTimer);
  }

  override render() {
    const message = this.#message;
    const m = this.m;
    return html`
      <label part="label" for="number">${this.label || m.phoneNumber}</label>
      <div class="field">
        <input
          id="number"
          part="input"
          type="tel"
          inputmode="tel"
          autocomplete="tel"
          .value=${this.value}
          ?disabled=${this.disabled}
          aria-invalid=${message ? 'true' : 'false'}
          aria-describedby="error"
          @input=${this.#onInput}
          @paste=${this.#onPaste}
          @keydown=${this.#onKeydown}
          @blur=${this.#onBlur}
          @focus=${this.#onFocus}
        />
        ${
          this.keypad
            ? html`<button part="backspace" type="button" aria-label=${m.deleteDigit} ?disabled=${this.disabled || this.value === ''} @click=${this.#backspace}>⌫</button>`
            : nothing
        }
      </div>
      <p id="error" part="error" class="error" role="alert">${message}</p>
      ${
        this.keypad
          ? html`<div part="keypad" class="keypad" role="group" aria-label=${m.keypad}>
            ${KEYPAD_KEYS.map(
              ({ key, letters }) => html`<button
                part="key"
                type="button"
                data-key=${key}
                title=${key === '0' ? m.holdForPlus : nothing}
                ?disabled=${this.disabled}
                @click=${() => this.#keyClick(key)}
                @pointerdown=${key === '0' ? this.#zeroDown : nothing}
                @pointerup=${key === '0' ? this.#zeroUp : nothing}
                @pointerleave=${key === '0' ? this.#zeroUp : nothing}
              >
                <span class="digit">${key}</span> <span class="letters">${letters}</span>
              </button>`
            )}
          </div>`
          : nothing
      }
    `;
  }
}
