import { SwDialerEvent } from './sw-dialer-event.js';

/** The detail of `sw-online-change`: whether this widget's line is now online for incoming calls. */
export interface SwOnlineChangeDetail {
  online: boolean;
}

/** `sw-online-change`: this widget's line went online with SignalWire, or offline again (docs/adr/0101). */
export class SwOnlineChangeEvent extends SwDialerEvent<SwOnlineChangeDetail> {
  static override readonly eventName = 'sw-online-change';
}

declare global {
  interface HTMLElementEventMap {
    'sw-online-change': SwOnlineChangeEvent;
  }
}
