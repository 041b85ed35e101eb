/**
 * The base of every event `<sw-dialer>` fires: a `CustomEvent` that bubbles and crosses shadow roots (so a host
 * page can listen on any ancestor), named by its class's static `eventName`. Each public event is a subclass in
 * a file of its own in this folder that also registers it in `HTMLElementEventMap` (docs/adr/0091), so
 * `el.addEventListener('sw-call-ended', (e) => e.detail.endReason)` is typed and `e instanceof SwCallEndedEvent`.
 */
export abstract class SwDialerEvent<Detail> extends CustomEvent<Detail> {
  /** The event's type, as `addEventListener` spells it. */
  declare static readonly eventName: string;
  /** Only `sw-before-dial` may be cancelled (its `preventDefault()` stops the call). */
  declare static readonly cancelable: boolean | undefined;

  constructor(detail: Detail) {
    // `new.target` is the subclass being built: its statics name the event, so each subclass is one line.
    const kind = new.target as unknown as { eventName: string; cancelable?: boolean };
    super(kind.eventName, { detail, bubbles: true, composed: true, cancelable: kind.cancelable === true });
  }
}
