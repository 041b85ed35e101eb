import { html, type PropertyValues } from 'lit';
import { durationWords } from '../../i18n/format.js';
import { LocalizedElement } from '../../i18n/localized-element.js';
import { themeStyles } from '../../styles/theme.styles.js';
import { callTimerStyles } from './sw-call-timer.styles.js';

/** What the timer reads time from; swapped in tests for a fake clock. */
export interface TimerClock {
  now(): number;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const systemClock: TimerClock = {
  now: () => Date.now(),
  setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>)
};

/** `m:ss`, or `h:mm:ss` from one hour. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Connected time: counts from `answeredAt` (the moment the far end answered, not when dialling began)
 * and stops at `endedAt`. The figure it shows at the end is the `durationMs` written to the call log.
 *
 * @tag sw-call-timer
 * @summary Connected-time counter.
 *
 * @csspart time - The time text.
 *
 * @cssprop --sw-timer-font-size - Size of the digits.
 */
export class SwCallTimer extends LocalizedElement {
  static override styles = [themeStyles, callTimerStyles];
  static override properties = {
    answeredAt: { type: Number, attribute: 'answered-at' },
    endedAt: { type: Number, attribute: 'ended-at' },
    _now: { state: true }
  };

  /** Epoch milliseconds when the call was answered; null before. */
  declare answeredAt: number | null;
  /** Epoch milliseconds when it ended; null while it runs. */
  declare endedAt: number | null;
  declare _now: number;
  /** Where the time comes from (tests swap it). Kept when set before the element was defined. */
  declare clock: TimerClock;
  #handle: unknown;

  constructor() {
    super();
    this.answeredAt = null;
    this.endedAt = null;
    this._now = 0;
    this.clock ??= systemClock;
  }

  /** Milliseconds of connected time right now. */
  get elapsedMs(): number {
    if (this.answeredAt === null) return 0;
    return Math.max(0, (this.endedAt ?? this.clock.now()) - this.answeredAt);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('answeredAt') || changed.has('endedAt')) this.#sync();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#sync();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  #sync() {
    const running = this.isConnected && this.answeredAt !== null && this.endedAt === null;
    if (running && this.#handle === undefined) {
      // A quarter second keeps the seconds digit honest without re-rendering more than needed.
      this.#handle = this.clock.setInterval(() => (this._now = this.clock.now()), 250);
    } else if (!running) {
      this.#stop();
    }
    this._now = this.clock.now();
  }

  #stop() {
    if (this.#handle !== undefined) this.clock.clearInterval(this.#handle);
    this.#handle = undefined;
  }

  override render() {
    const elapsed = this.elapsedMs;
    // The digits are the same in every language; their accessible name says the time in words.
    return html`<span part="time" role="timer" aria-label=${this.m.callTime(durationWords(elapsed, this.locale))}>${formatDuration(elapsed)}</span>`;
  }
}
