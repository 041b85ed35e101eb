// The only module that registers tags (DESIGN.md style rule 1). Importing it defines every element once;
// a tag some other copy of this library already defined is left alone rather than throwing.
import { SwCallControls } from './elements/sw-call-controls/sw-call-controls.js';
import { SwCallHistory } from './elements/sw-call-history/sw-call-history.js';
import { SwCallQuality } from './elements/sw-call-quality/sw-call-quality.js';
import { SwCallStatus } from './elements/sw-call-status/sw-call-status.js';
import { SwCallTimer } from './elements/sw-call-timer/sw-call-timer.js';
import { SwContactCard } from './elements/sw-contact-card/sw-contact-card.js';
import { SwDialer } from './elements/sw-dialer/sw-dialer.js';
import { SwNumberInput } from './elements/sw-number-input/sw-number-input.js';
import { SwPhoneFallback } from './elements/sw-phone-fallback/sw-phone-fallback.js';
import { SwPresenceIndicator } from './elements/sw-presence-indicator/sw-presence-indicator.js';

const elements: Array<[string, CustomElementConstructor]> = [
  ['sw-dialer', SwDialer],
  ['sw-number-input', SwNumberInput],
  ['sw-call-controls', SwCallControls],
  ['sw-call-status', SwCallStatus],
  ['sw-call-timer', SwCallTimer],
  ['sw-contact-card', SwContactCard],
  ['sw-call-history', SwCallHistory],
  ['sw-presence-indicator', SwPresenceIndicator],
  ['sw-call-quality', SwCallQuality],
  ['sw-phone-fallback', SwPhoneFallback]
];

/** Defines `tag` unless some copy of this library already did. */
function register(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

for (const [tag, element] of elements) register(tag, element);

declare global {
  interface HTMLElementTagNameMap {
    'sw-dialer': SwDialer;
    'sw-number-input': SwNumberInput;
    'sw-call-controls': SwCallControls;
    'sw-call-status': SwCallStatus;
    'sw-call-timer': SwCallTimer;
    'sw-contact-card': SwContactCard;
    'sw-call-history': SwCallHistory;
    'sw-presence-indicator': SwPresenceIndicator;
    'sw-call-quality': SwCallQuality;
    'sw-phone-fallback': SwPhoneFallback;
    // Defined when a widget first goes online (src/inbound/inbound-line.ts).
    'sw-incoming-call': import('./elements/sw-incoming-call/sw-incoming-call.js').SwIncomingCall;
    'sw-device-settings': import('./elements/sw-device-settings/sw-device-settings.js').SwDeviceSettings;
  }
}
