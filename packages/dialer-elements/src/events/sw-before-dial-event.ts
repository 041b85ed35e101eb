import type { WidgetEventMap } from '@sw-dialer/shared-types';
import { SwDialerEvent } from './sw-dialer-event.js';

/** The detail of `sw-before-dial`: the number about to be dialled, before anything is sent; cancelable: `preventDefault()` stops the call. */
export type SwBeforeDialDetail = WidgetEventMap['sw-before-dial'];

/** `sw-before-dial`: the number about to be dialled, before anything is sent; cancelable: `preventDefault()` stops the call. */
export class SwBeforeDialEvent extends SwDialerEvent<SwBeforeDialDetail> {
  static override readonly eventName = 'sw-before-dial';
  static override readonly cancelable = true;
}

declare global {
  interface HTMLElementEventMap {
    'sw-before-dial': SwBeforeDialEvent;
  }
}
