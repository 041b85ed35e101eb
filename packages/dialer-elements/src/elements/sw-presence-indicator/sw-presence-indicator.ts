import { html, nothing } from 'lit';
import { LocalizedElement } from '../../i18n/localized-element.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { presenceIndicatorStyles } from './sw-presence-indicator.styles.js';

/**
 * A presence dot with its word (colour is never the only signal). Presentational: `<sw-dialer>` feeds it
 * from the API's presence stream, polling when the stream is unavailable.
 *
 * @tag sw-presence-indicator
 * @summary Presence of a number: available, busy, do not disturb, away, offline or unknown.
 *
 * @csspart dot - The coloured dot.
 * @csspart label - The presence word.
 *
 * @cssprop --sw-presence-size - Dot diameter.
 * @cssprop --sw-presence-available - Dot colour when available.
 * @cssprop --sw-presence-busy - Dot colour when busy or do-not-disturb.
 * @cssprop --sw-presence-away - Dot colour when away.
 * @cssprop --sw-presence-offline - Dot colour when offline.
 * @cssprop --sw-presence-unknown - Dot colour when unknown.
 */
export class SwPresenceIndicator extends LocalizedElement {
  static override styles = [themeStyles, presenceIndicatorStyles];
  static override properties = {
    status: { type: String, reflect: true },
    degraded: { type: Boolean }
  };

  declare status: string;
  /** The answer came from a cache because the presence service was slow or down. */
  declare degraded: boolean;

  constructor() {
    super();
    this.status = 'unknown';
    this.degraded = false;
  }

  override render() {
    const words = this.m.presence;
    const stale = this.m.mayBeStale;
    return html`<span part="dot" class="dot" aria-hidden="true"></span
      ><span part="label">${words[this.status] ?? words.unknown}${this.degraded ? html` <span title=${stale}>(${stale})</span>` : nothing}</span>`;
  }
}
