// Library entry: classes and building blocks, no registration (import `./define` for that).
export { SwCallControls } from './elements/sw-call-controls/sw-call-controls.js';
export type { CallAction } from './elements/sw-call-controls/sw-call-controls.js';
export { SwCallHistory } from './elements/sw-call-history/sw-call-history.js';
export { SwCallStatus } from './elements/sw-call-status/sw-call-status.js';
export { SwCallTimer, formatDuration } from './elements/sw-call-timer/sw-call-timer.js';
export type { TimerClock } from './elements/sw-call-timer/sw-call-timer.js';
export { SwContactCard } from './elements/sw-contact-card/sw-contact-card.js';
export type { ContactView } from './elements/sw-contact-card/sw-contact-card.js';
export { SwDialer } from './elements/sw-dialer/sw-dialer.js';
export { SwNumberInput } from './elements/sw-number-input/sw-number-input.js';
export type { NumberCheck } from './elements/sw-number-input/sw-number-input.js';
export { SwPresenceIndicator } from './elements/sw-presence-indicator/sw-presence-indicator.js';
export { DialerController } from './controller/dialer-controller.js';
export type { CallTransport, TransportCall, DialRequest, AudioDevices } from './transport/call-transport.js';
export type { DialerCommand, DialerView, TransportEvent, SessionCommand, CallToken, CallError } from './machine/types.js';
