import { html, nothing, type PropertyValues } from 'lit';
import { numbers } from '../../i18n/format.js';
import { LocalizedElement } from '../../i18n/localized-element.js';
import { ratingOf, type QualityRating } from '../../quality/quality-rating.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { callQualityStyles } from './sw-call-quality.styles.js';

const BARS: Record<QualityRating, number> = { good: 3, fair: 2, poor: 1 };

/**
 * The quality of a call's audio: signal bars and a word (colour is never the only signal), with the
 * figures in its accessible name and tooltip. Presentational: `<sw-dialer>` feeds it from the call's
 * WebRTC statistics every few seconds while connected (`sw-call-quality` events carry the same figures).
 *
 * @tag sw-call-quality
 * @summary Call quality indicator: estimated MOS as good, fair or poor, with jitter, loss and round trip.
 *
 * @csspart indicator - The bars (an image with the figures as its label).
 * @csspart bar - Each bar.
 * @csspart label - The word: Good, Fair or Poor.
 *
 * @cssprop --sw-quality-good - Bar colour when good.
 * @cssprop --sw-quality-fair - Bar colour when fair.
 * @cssprop --sw-quality-poor - Bar colour when poor.
 */
export class SwCallQuality extends LocalizedElement {
  static override styles = [themeStyles, callQualityStyles];
  static override properties = {
    mos: { type: Number },
    jitterMs: { type: Number, attribute: 'jitter-ms' },
    packetLossPct: { type: Number, attribute: 'packet-loss-pct' },
    rttMs: { type: Number, attribute: 'rtt-ms' },
    rating: { type: String, reflect: true }
  };

  /** Estimated mean opinion score (1 to 4.5); null renders nothing. */
  declare mos: number | null;
  declare jitterMs: number | null;
  declare packetLossPct: number | null;
  /** Round trip in milliseconds; null while not measured. */
  declare rttMs: number | null;
  /** `good`, `fair` or `poor`, derived from `mos`; null without a reading (read-only; reflected for styling). */
  declare rating: QualityRating | null;

  constructor() {
    super();
    this.mos = null;
    this.jitterMs = null;
    this.packetLossPct = null;
    this.rttMs = null;
    this.rating = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('mos')) this.rating = this.mos === null || !Number.isFinite(this.mos) ? null : ratingOf(this.mos);
  }

  /** The figures in words, for the accessible name and the tooltip. */
  get #description(): string {
    const { m, locale } = this;
    const ms = (n: number) => numbers(locale, Math.round(n), { style: 'unit', unit: 'millisecond' });
    const parts = [`MOS ${numbers(locale, this.mos!, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}`];
    if (this.jitterMs !== null) parts.push(`${m.jitter} ${ms(this.jitterMs)}`);
    if (this.packetLossPct !== null) parts.push(`${m.packetLoss} ${numbers(locale, this.packetLossPct / 100, { style: 'percent', maximumFractionDigits: 1 })}`);
    if (this.rttMs !== null) parts.push(`${m.roundTrip} ${ms(this.rttMs)}`);
    return `${m.qualityLabel(m.quality[this.rating!]!)}: ${parts.join(', ')}`;
  }

  override render() {
    if (!this.rating) return nothing;
    const rating = this.rating;
    const description = this.#description;
    return html`<span part="indicator" class="bars" role="img" aria-label=${description} title=${description}
        >${[1, 2, 3].map((n) => html`<span part="bar" class="bar ${n <= BARS[rating] ? 'on' : ''}"></span>`)}</span
      ><span part="label" aria-hidden="true">${this.m.quality[rating]}</span>`;
  }
}
