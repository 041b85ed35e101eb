import { SwDialerEvent } from './sw-dialer-event.js';

/** The detail of `sw-call-logged`: a finished call's log write was delivered (`pending` writes still queued, 0 when all are). */
export type SwCallLoggedDetail = { callId: string | null; pending: number };

/** `sw-call-logged`: a finished call's log write was delivered (`pending` writes still queued, 0 when all are). */
export class SwCallLoggedEvent extends SwDialerEvent<SwCallLoggedDetail> {
  static override readonly eventName = 'sw-call-logged';
}

declare global {
  interface HTMLElementEventMap {
    'sw-call-logged': SwCallLoggedEvent;
  }
}
