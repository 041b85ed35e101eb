import type { Contact } from '@sw-dialer/shared-types';
import { SwDialerEvent } from './sw-dialer-event.js';

/** The detail of `sw-incoming-call`: who is calling, with the contact once the number was looked up (null when unknown). */
export interface SwIncomingCallDetail {
  number: string;
  contact: Contact | null;
}

/** `sw-incoming-call`: a call rings in on an `online` widget (docs/adr/0100). */
export class SwIncomingCallEvent extends SwDialerEvent<SwIncomingCallDetail> {
  static override readonly eventName = 'sw-incoming-call';
}

declare global {
  interface HTMLElementEventMap {
    'sw-incoming-call': SwIncomingCallEvent;
  }
}
