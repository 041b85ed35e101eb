import type { WidgetEventMap } from '@sw-dialer/shared-types';

/**
 * `sw-call-wrapped-up`: the agent saved a call's wrap-up (docs/adr/0095). Fired by `<sw-dialer>` when Save
 * is pressed (bubbling, composed); the outbox delivers it to the API, at once or when the API is back.
 * `callId` is the call log's id, null when the API has not acknowledged the call yet; `notes` is '' when
 * there are none. Kept in a file of its own so that it can become an exported event class.
 */
export type CallWrappedUpDetail = WidgetEventMap['sw-call-wrapped-up'];
