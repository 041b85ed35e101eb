import type { CallStatus, EndReason, TerminalStatus, WidgetState } from './call-vocabulary.js';
import type { Contact } from './schemas/contacts.js';

/** Payloads of the events `<sw-dialer>` dispatches (bubbling, composed). */
export interface WidgetEventMap {
  'sw-before-dial': { number: string };
  'sw-call-state-change': {
    state: WidgetState;
    previousState: WidgetState;
    callId: string | null;
    number: string | null;
    muted: boolean;
    held: boolean;
    /** Connected, and the SDK is re-establishing its link to SignalWire (the state stays `connected`). */
    reconnecting: boolean;
  };
  'sw-call-ended': { callId: string | null; number: string; status: TerminalStatus; endReason: EndReason; durationMs: number };
  'sw-call-error': { code: string; message: string };
  'sw-contact-resolved': { number: string; contact: Contact | null };
  /**
   * The agent saved a wrap-up (issue 20): what `PUT /api/telephony/calls/:id/wrap-up` stores. `callId` is the
   * call log's id (the outbox delivers the wrap-up once that row exists); `notes` is '' when there are none.
   */
  'sw-call-wrapped-up': { callId: string | null; number: string; disposition: string; notes: string };
  /** A call is ringing in (the widget is online): who calls, as the caller-ID lookup named them. */
  'sw-incoming-call': { number: string; contact: Contact | null };
}

export type WidgetEventName = keyof WidgetEventMap;
export type { CallStatus };
