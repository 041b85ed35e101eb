import { html, nothing } from 'lit';
import { LocalizedElement } from '../../i18n/localized-element.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { contactCardStyles } from './sw-contact-card.styles.js';

/** The contact shape of the API (`Contact` in shared-types), restated so this element needs no runtime import. */
export interface ContactView {
  id: string;
  displayName: string;
  company?: string | undefined;
  phoneNumbers: Array<{ e164: string; type: string }>;
}

/**
 * Who a number belongs to, with their presence. Presentational: `<sw-dialer>` looks the number up.
 *
 * @tag sw-contact-card
 * @summary The contact for the typed or active number, with presence.
 *
 * @csspart card - The card.
 * @csspart name - The contact's name.
 * @csspart company - The company.
 * @csspart presence - The presence indicator.
 *
 * @cssprop --sw-color-surface - Card background.
 */
export class SwContactCard extends LocalizedElement {
  static override styles = [themeStyles, contactCardStyles];
  static override properties = {
    contact: { attribute: false },
    number: { type: String },
    presence: { type: String },
    presenceDegraded: { type: Boolean, attribute: 'presence-degraded' },
    loading: { type: Boolean }
  };

  declare contact: ContactView | null;
  /** The number as people read it. */
  declare number: string;
  /** A presence status, or '' when not known. */
  declare presence: string;
  declare presenceDegraded: boolean;
  declare loading: boolean;

  constructor() {
    super();
    this.contact = null;
    this.number = '';
    this.presence = '';
    this.presenceDegraded = false;
    this.loading = false;
  }

  override render() {
    if (!this.number) return nothing;
    return html`<section part="card" class="card" aria-label=${this.m.contact} aria-busy=${this.loading ? 'true' : 'false'}>
      ${
        this.contact
          ? html`<span part="name" class="name">${this.contact.displayName}</span>
            ${this.contact.company ? html`<span part="company" class="company">${this.contact.company}</span>` : nothing}`
          : html`<span class="unknown">${this.loading ? this.m.lookingUp : this.m.unknownContact}</span>`
      }
      ${
        this.presence
          ? html`<sw-presence-indicator part="presence" status=${this.presence} ?degraded=${this.presenceDegraded}></sw-presence-indicator>`
          : nothing
      }
    </section>`;
  }
}
