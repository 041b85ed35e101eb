import type { WidgetEventMap } from '@sw-dialer/shared-types';
import { SwDialerEvent } from './sw-dialer-event.js';

/** The detail of `sw-contact-resolved`: a number was looked up; `contact` is null when nobody has it. */
export type SwContactResolvedDetail = WidgetEventMap['sw-contact-resolved'];

/** `sw-contact-resolved`: a number was looked up; `contact` is null when nobody has it. */
export class SwContactResolvedEvent extends SwDialerEvent<SwContactResolvedDetail> {
  static override readonly eventName = 'sw-contact-resolved';
}

declare global {
  interface HTMLElementEventMap {
    'sw-contact-resolved': SwContactResolvedEvent;
  }
}
