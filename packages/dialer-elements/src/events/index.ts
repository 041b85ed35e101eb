// The public events of `<sw-dialer>`, one class per file (docs/adr/0091). A new event is a new file here, exported below.
export { SwDialerEvent } from './sw-dialer-event.js';
export { SwBeforeDialEvent, type SwBeforeDialDetail } from './sw-before-dial-event.js';
export { SwCallStateChangeEvent, type SwCallStateChangeDetail } from './sw-call-state-change-event.js';
export { SwCallEndedEvent, type SwCallEndedDetail } from './sw-call-ended-event.js';
export { SwCallErrorEvent, type SwCallErrorDetail } from './sw-call-error-event.js';
export { SwContactResolvedEvent, type SwContactResolvedDetail } from './sw-contact-resolved-event.js';
export { SwCallLoggedEvent, type SwCallLoggedDetail } from './sw-call-logged-event.js';
export { SwCallQualityEvent, type SwCallQualityDetail } from './sw-call-quality-event.js';
export { SwCallWrappedUpEvent, type SwCallWrappedUpDetail } from './sw-call-wrapped-up-event.js';
export { SwIncomingCallEvent, type SwIncomingCallDetail } from './sw-incoming-call-event.js';
export { SwOnlineChangeEvent, type SwOnlineChangeDetail } from './sw-online-change-event.js';
