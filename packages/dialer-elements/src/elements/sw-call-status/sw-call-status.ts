import { html, LitElement, nothing } from 'lit';
import { themeStyles } from '../../styles/theme.styles.js';
import { callStatusStyles } from './sw-call-status.styles.js';

// A call through the agent's phone: the states are those of the agent's leg, which rings first.
const PHONE_LABELS: Record<string, string> = {
  dialing: 'Calling your phone…',
  ringing: 'Your phone is ringing: answer it',
  connected: 'Connected through your phone'
};

const LABELS: Record<string, string> = {
  idle: 'Ready',
  dialing: 'Calling…',
  ringing: 'Ringing…',
  connected: 'Connected',
  // Still connected: the SDK is getting its link to SignalWire back (docs/adr/0110).
  reconnecting: 'Reconnecting…',
  ended: 'Call ended',
  failed: 'Call failed'
};

/**
 * The call's state in words, with the reason a call ended or failed ("The line is busy"). A polite live
 * region, so screen readers hear each change. With `via="phone"` (a call placed through the agent's own
 * phone) the words say what the agent's phone is doing.
 *
 * @tag sw-call-status
 * @summary The call state and, once it is over, why it ended, in plain words.
 *
 * @csspart status - The wrapper (the live region).
 * @csspart state - The state label.
 * @csspart number - The number being called.
 * @csspart reason - Why the call ended or failed.
 *
 * @cssprop --sw-color-danger - Failed state text.
 * @cssprop --sw-color-success - Connected state text.
 */
export class SwCallStatus extends LitElement {
  static override styles = [themeStyles, callStatusStyles];
  static override properties = {
    state: { type: String, reflect: true },
    number: { type: String },
    reason: { type: String },
    via: { type: String, reflect: true }
  };

  declare state: string;
  /** The number as people read it. */
  declare number: string;
  /** Plain words: why the call ended or failed. */
  declare reason: string;
  /** `browser` (default) or `phone`: the call goes through the agent's own phone. */
  declare via: string;

  constructor() {
    super();
    this.state = 'idle';
    this.number = '';
    this.reason = '';
    this.via = 'browser';
  }

  override render() {
    const showReason = (this.state === 'ended' || this.state === 'failed') && this.reason;
    return html`<div part="status" class="status" role="status" aria-live="polite" aria-atomic="true">
      <span part="state" class="state">${(this.via === 'phone' ? PHONE_LABELS[this.state] : undefined) ?? LABELS[this.state] ?? this.state}</span>
      ${this.number && this.state !== 'idle' ? html`<span part="number">${this.number}</span>` : nothing}
      ${showReason ? html`<span part="reason" class="reason">${this.reason}</span>` : nothing}
    </div>`;
  }
}
