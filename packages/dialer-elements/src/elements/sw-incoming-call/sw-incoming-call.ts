import { html, nothing } from 'lit';
import enIncoming from '../../i18n/en-incoming.js';
import type { Messages } from '../../i18n/en.js';
import { LocalizedElement } from '../../i18n/localized-element.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { incomingCallStyles } from './sw-incoming-call.styles.js';

/** What the panel is showing: a call ringing here (Answer / Decline), or one ringing in another tab of this browser. */
export type IncomingMode = 'ringing' | 'elsewhere';

/**
 * A call ringing in: who calls (name, company, number, presence) with Answer and Decline, or a notice that it
 * rings in another tab. Presentational: `<sw-dialer>` loads it with its incoming-call code when it goes online
 * (docs/adr/0100). Focus is left where the agent had it (a ring must not swallow their typing); the call is
 * announced through an alert, and both buttons are in the tab order. Its words are the catalogue's, in its
 * dialer's language; their English loads with this element, not with the widget (docs/adr/0120).
 *
 * @tag sw-incoming-call
 * @summary An incoming call: the caller, and Answer / Decline.
 *
 * @fires sw-incoming-action - `{action: 'answer' | 'decline'}` when a button is pressed.
 *
 * @csspart card - The panel.
 * @csspart name - The caller's name (the number when the caller is not a contact).
 * @csspart presence - The caller's presence.
 * @csspart answer - The Answer button.
 * @csspart decline - The Decline button.
 * @csspart notice - Why answering is not possible now, or where the call rings.
 */
export class SwIncomingCall extends LocalizedElement {
  static override styles = [themeStyles, incomingCallStyles];
  static override properties = {
    mode: { type: String, reflect: true },
    name: { type: String },
    company: { type: String },
    number: { type: String },
    presence: { type: String },
    busy: { type: Boolean }
  };

  declare mode: IncomingMode;
  /** The caller's contact name; '' when the number is not a contact. */
  declare name: string;
  declare company: string;
  /** The caller's number as people read it. */
  declare number: string;
  /** A presence status, or '' when not known. */
  declare presence: string;
  /** A call of the page is up: the panel says (and announces) that it must end before this one is answered. */
  declare busy: boolean;

  constructor() {
    super();
    this.mode = 'ringing';
    this.name = '';
    this.company = '';
    this.number = '';
    this.presence = '';
    this.busy = false;
  }

  #act(action: 'answer' | 'decline') {
    this.dispatchEvent(new CustomEvent('sw-incoming-action', { detail: { action }, bubbles: true, composed: true }));
  }

  override render() {
    // English leaves these words to this element's chunk (en-incoming.ts); other languages carry them.
    const m: Messages = { ...enIncoming, ...this.m };
    const who = this.name || this.number || m.unknownCaller;
    if (this.mode === 'elsewhere') {
      return html`<section part="card" class="card elsewhere" aria-label=${m.incomingCall}>
        <p part="notice" class="notice" role="status">${m.ringingElsewhere(who)}</p>
      </section>`;
    }
    return html`<section part="card" class="card" aria-label=${m.incomingCall}>
      <p class="title" role="alert">${m.incomingFrom(who, this.company)}</p>
      <div class="who">
        <span part="name" class="name">${who}</span>
        ${this.company ? html`<span class="company">${this.company}</span>` : nothing}
        ${this.name && this.number ? html`<span class="number">${this.number}</span>` : nothing}
        ${this.presence ? html`<sw-presence-indicator part="presence" status=${this.presence}></sw-presence-indicator>` : nothing}
      </div>
      <div class="row">
        <button part="answer" class="answer" type="button" @click=${() => this.#act('answer')}>${m.answer}</button>
        <button part="decline" class="decline" type="button" @click=${() => this.#act('decline')}>${m.decline}</button>
      </div>
      <p part="notice" class="notice" role="status">${this.busy ? m.endCallToAnswer : ''}</p>
    </section>`;
  }
}
