import type { WidgetEventMap } from '@sw-dialer/shared-types';
import { SwDialerEvent } from './sw-dialer-event.js';

/** The detail of `sw-call-ended`: once a call is over: how it ended, why, and how long it was connected. */
export type SwCallEndedDetail = WidgetEventMap['sw-call-ended'];

/** `sw-call-ended`: once a call is over: how it ended, why, and how long it was connected. */
export class SwCallEndedEvent extends SwDialerEvent<SwCallEndedDetail> {
  static override readonly eventName = 'sw-call-ended';
}

declare global {
  interface HTMLElementEventMap {
    'sw-call-ended': SwCallEndedEvent;
  }
}
