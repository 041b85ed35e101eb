import type { CallWrappedUpDetail } from './sw-call-wrapped-up.js';
import { SwDialerEvent } from './sw-dialer-event.js';

/** The detail of `sw-call-wrapped-up`: the call, and the disposition and notes the agent saved for it. */
export type SwCallWrappedUpDetail = CallWrappedUpDetail;

/** `sw-call-wrapped-up`: the agent saved a call's wrap-up (docs/adr/0095); the outbox delivers it to the API. */
export class SwCallWrappedUpEvent extends SwDialerEvent<SwCallWrappedUpDetail> {
  static override readonly eventName = 'sw-call-wrapped-up';
}

declare global {
  interface HTMLElementEventMap {
    'sw-call-wrapped-up': SwCallWrappedUpEvent;
  }
}
