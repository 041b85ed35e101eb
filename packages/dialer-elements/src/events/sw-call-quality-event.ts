import type { CallQuality } from '../quality/call-quality.js';
import type { QualityRating } from '../quality/quality-rating.js';
import { SwDialerEvent } from './sw-dialer-event.js';

/** The detail of `sw-call-quality`: one reading of a call's media quality, and the call it is of. */
export interface SwCallQualityDetail extends CallQuality {
  callId: string | null;
  number: string | null;
  rating: QualityRating;
}

/** `sw-call-quality`: every few seconds while a call is connected through the browser. */
export class SwCallQualityEvent extends SwDialerEvent<SwCallQualityDetail> {
  static override readonly eventName = 'sw-call-quality';
}

declare global {
  interface HTMLElementEventMap {
    'sw-call-quality': SwCallQualityEvent;
  }
}
