import type { CallDirection, CallLog, EndReason, WidgetState } from '@sw-dialer/shared-types';
import type { CallQuality, WorstQuality } from '../quality/call-quality.js';
import type { CallToken, TransportEvent } from '../transport/transport-events.js';

export type { CallSessionInput, CallToken, SessionCommand, TransportEvent } from '../transport/transport-events.js';

/** A problem shown to the user and dispatched as `sw-call-error`. */
export interface CallError {
  code: string;
  message: string;
}

/** Events the host (the controller) sends. */
export type DialerCommand =
  | { type: 'DIAL'; number: string; contactId?: string }
  /**
   * The REST fallback: the API has SignalWire ring the agent's own phone (`agentNumber`) and connect it to
   * `number`; the API writes that call's log, the widget follows it (docs/adr/0024).
   */
  | { type: 'DIAL_BRIDGE'; number: string; agentNumber: string; contactId?: string }
  /**
   * The agent answered a call ringing in (src/inbound/): it is logged inbound from when it began to ring, and
   * the session answers the offer (keyed by `clientSessionId`) instead of dialling (docs/adr/0100).
   */
  | { type: 'ANSWER'; number: string; contactId?: string; clientSessionId: string; startedAt: number }
  | { type: 'HANGUP' }
  | { type: 'MUTE' }
  | { type: 'UNMUTE' }
  | { type: 'HOLD' }
  | { type: 'RESUME' }
  | { type: 'SEND_DIGITS'; digits: string }
  | { type: 'RESET' }
  /** The person is about to call (focus, typing, or idle time after load): fetch a token now if none is held. */
  | { type: 'PREPARE' }
  /**
   * The contact of the number being called, found after the call was placed (the dial does not wait for the
   * lookup: docs/adr/0139); it goes into the call log with the next write.
   */
  | { type: 'CONTACT_FOUND'; number: string; contactId: string };

/** Events the call-log actions send back to the machine. */
export type CallLogEvent =
  | { type: 'LOG.CREATED'; clientSessionId: string; callId: string }
  /** The API already has an open call that is live in another tab: this one must not go on. */
  | { type: 'LOG.CONFLICT_LIVE'; clientSessionId: string; openCallId: string }
  /** The API refused to log the call (the destination policy): it must not be dialled. */
  | { type: 'LOG.REFUSED'; clientSessionId: string; error: CallError };

/** What following a bridge call reports: the call log row as the API last read it from SignalWire. */
export type BridgeEvent = { type: 'BRIDGE.STATUS'; call: CallLog };

export type DialerEvent = DialerCommand | TransportEvent | CallLogEvent | BridgeEvent | { type: 'TOKEN.SET' } | { type: 'TOKEN.PREFETCH_FAILED' };

/** How the current call reaches the phone network: this browser (WebRTC) or the agent's phone (bridge). */
export type CallVia = 'browser' | 'phone';

export interface DialerInput {
  /** Milliseconds since the epoch; swapped in tests so timestamps and durations are exact. */
  now?: () => number;
  /** UUID source for `clientSessionId`; swapped in tests. */
  randomUUID?: () => string;
  /** How many times a transient failure before anything was sent is retried. */
  maxRetries?: number;
}

export interface DialerContext {
  now: () => number;
  randomUUID: () => string;
  maxRetries: number;
  number: string | null;
  contactId: string | null;
  /** The contact was found after the create went out: the log's later writes carry it. */
  lateContact: boolean;
  direction: CallDirection;
  via: CallVia;
  /** The agent's own phone, for a bridge call. */
  agentNumber: string | null;
  clientSessionId: string | null;
  callId: string | null;
  providerCallId: string | null;
  startedAt: number | null;
  answeredAt: number | null;
  endedAt: number | null;
  endReason: EndReason | null;
  error: CallError | null;
  token: CallToken | null;
  attempts: number;
  /** The latest quality reading of this call, and the worst values so far (written with the close). */
  quality: CallQuality | null;
  worstQuality: WorstQuality | null;
  /** How many times the connected call lost its link and reconnected or tried to (docs/adr/0110). */
  reconnects: number;
}

/** The slice of machine state the elements render; see `viewOf`. */
export interface DialerView {
  state: WidgetState;
  number: string | null;
  callId: string | null;
  via: CallVia;
  muted: boolean;
  held: boolean;
  /** Connected, but the link to the provider is being re-established ("Reconnecting…"); the timer runs on. */
  reconnecting: boolean;
  /** True while a request is in flight and Call/End must not be pressed twice. */
  busy: boolean;
  /** True while End of a call through the agent's phone must wait: the call is being placed, or the API is asked to end it. */
  ending: boolean;
  answeredAt: number | null;
  endedAt: number | null;
  durationMs: number | null;
  endReason: EndReason | null;
  error: CallError | null;
  /** The latest quality reading while connected through the browser; null otherwise. */
  quality: CallQuality | null;
}
