import { html, LitElement, nothing } from 'lit';
import { themeStyles } from '../../styles/theme.styles.js';
import { incomingCallStyles } from './sw-incoming-call.styles.js';

/** What the panel is showing: a call ringing here (Answer / Decline), or one ringing in another tab of this browser. */
export type IncomingMode = 'ringing' | 'elsewhere';

/**
 * A call ringing in: who calls (name, company, number, presence) with Answer and Decline, or a notice that it
 * rings in another tab. Presentational: `<sw-dialer>` loads it with its incoming-call code when it goes online
 * (docs/adr/0100). Focus is left where the agent had it (a ring must not swallow their typing); the call is
 * announced through an alert, and both buttons are in the tab order.
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
export class SwIncomingCall extends LitElement {
  static override styles = [themeStyles, incomingCallStyles];
  static override properties = {
    mode: { type: String, reflect: true },
    name: { type: String },
    company: { type: String },
    number: { type: String },
    presence: { type: String },
    notice: { type: String }
  };

  declare mode: IncomingMode;
  /** The caller's contact name; '' when the number is not a contact. */
  declare name: string;
  declare company: string;
  /** The caller's number as people read it. */
  declare number: string;
  /** A presence status, or '' when not known. */
  declare presence: string;
  /** Shown under the buttons (and announced): why Answer was refused. */
  declare notice: string;

  constructor() {
    super();
    this.mode = 'ringing';
    this.name = '';
    this.company = '';
    this.number = '';
    this.presence = '';
    this.notice = '';
  }

  #act(action: 'answer' | 'decline') {
    this.dispatchEvent(new CustomEvent('sw-incoming-action', { detail: { action }, bubbles: true, composed: true }));
  }

  override render() {
    const who = this.name || this.number || 'Unknown caller';
    if (this.mode === 'elsewhere') {
      return html`<section part="card" class="card elsewhere" aria-label="Incoming call">
        <p part="notice" class="notice" role="status">Ringing in another tab: ${who}</p>
      </section>`;
    }
    return html`<section part="card" class="card" aria-label="Incoming call">
      <p class="title" role="alert">Incoming call from ${who}${this.company ? `, ${this.company}` : ''}</p>
      <div class="who">
        <span part="name" class="name">${who}</span>
        ${this.company ? html`<span class="company">${this.company}</span>` : nothing}
        ${this.name && this.number ? html`<span class="number">${this.number}</span>` : nothing}
        ${this.presence ? html`<sw-presence-indicator part="presence" status=${this.presence}></sw-presence-indicator>` : nothing}
      </div>
      <div class="row">
        <button part="answer" class="answer" type="button" @click=${() => this.#act('answer')}>Answer</button>
        <button part="decline" class="decline" type="button" @click=${() => this.#act('decline')}>Decline</button>
      </div>
      <p part="notice" class="notice" role="status">${this.notice}</p>
    </section>`;
  }
}
