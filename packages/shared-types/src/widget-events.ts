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
  };
  'sw-call-ended': { callId: string | null; number: string; status: TerminalStatus; endReason: EndReason; durationMs: number };
  'sw-call-error': { code: string; message: string };
  'sw-contact-resolved': { number: string; contact: Contact | null };
}

export type WidgetEventName = keyof WidgetEventMap;
export type { CallStatus };
