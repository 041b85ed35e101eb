import type { WidgetEventMap } from '@sw-dialer/shared-types';
import { SwDialerEvent } from './sw-dialer-event.js';

/** The detail of `sw-call-state-change`: the call's state, the one before it, and whether it is muted or held, on every change. */
export type SwCallStateChangeDetail = WidgetEventMap['sw-call-state-change'];

/** `sw-call-state-change`: the call's state, the one before it, and whether it is muted or held, on every change. */
export class SwCallStateChangeEvent extends SwDialerEvent<SwCallStateChangeDetail> {
  static override readonly eventName = 'sw-call-state-change';
}

declare global {
  interface HTMLElementEventMap {
    'sw-call-state-change': SwCallStateChangeEvent;
  }
}
