import type { WidgetEventMap } from '@sw-dialer/shared-types';
import { SwDialerEvent } from './sw-dialer-event.js';

/** The detail of `sw-call-error`: something went wrong (invalid number, microphone, network): a stable code and a sentence. */
export type SwCallErrorDetail = WidgetEventMap['sw-call-error'];

/** `sw-call-error`: something went wrong (invalid number, microphone, network): a stable code and a sentence. */
export class SwCallErrorEvent extends SwDialerEvent<SwCallErrorDetail> {
  static override readonly eventName = 'sw-call-error';
}

declare global {
  interface HTMLElementEventMap {
    'sw-call-error': SwCallErrorEvent;
  }
}
