// What a call transport and the machine's `callSession` actor exchange. They live with the transport (the
// machine imports them, never the other way round): the machine drives a transport, and a transport knows
// nothing of the machine.
import type { TokenResponse } from '@sw-dialer/shared-types';
import type { CallQuality } from '../quality/call-quality.js';

/**
 * What the token endpoint answered; `expiresAt` is an ISO date-time. `dial` says how to place calls
 * (docs/adr/0065): unset or `direct`, the number is the SDK's `to`; `address`, the SDK dials the address.
 */
export type CallToken = TokenResponse & { dial?: { mode: 'direct' | 'address'; address?: string; ticket?: string } | undefined };

/** Events a call transport sends back to the machine while a call is live. */
export type TransportEvent =
  | { type: 'TRANSPORT.RINGING' }
  | { type: 'TRANSPORT.CONNECTED'; providerCallId?: string }
  /**
   * The provider ended the call; `cause`/`causeCode` are the hangup's (`USER_BUSY`, 17, ...). Neither: no
   * hangup came, the SDK dropped the call itself, with its own reason in `sdkReason` when it gave one
   * (`RECONNECTION_ATTEMPT_TIMEOUT`).
   */
  | { type: 'TRANSPORT.ENDED'; cause?: string; causeCode?: number; sdkReason?: string }
  /**
   * The call could not be placed. `retryable` is true only when nothing reached the provider yet (so a
   * second attempt cannot ring the far end twice) and the cause looks transient.
   */
  | { type: 'TRANSPORT.FAILED'; code: string; message: string; retryable: boolean }
  /** A hold/mute request was refused; the machine rolls its optimistic state back. */
  | { type: 'TRANSPORT.COMMAND_FAILED'; command: 'mute' | 'unmute' | 'hold' | 'resume'; message: string }
  /**
   * The connected call lost its link to the provider (the relay socket, or the media) and the SDK is
   * getting it back; RECONNECTED once it has (docs/adr/0110). A call that cannot come back ends with
   * TRANSPORT.ENDED as any dropped call does.
   */
  | { type: 'TRANSPORT.RECONNECTING' }
  | { type: 'TRANSPORT.RECONNECTED' }
  /** A reading of the media's quality (every few seconds while media flows). */
  | { type: 'TRANSPORT.QUALITY'; quality: CallQuality };

/** Commands the machine forwards to the live call session. */
export type SessionCommand =
  | { type: 'MUTE' }
  | { type: 'UNMUTE' }
  | { type: 'HOLD' }
  | { type: 'RESUME' }
  | { type: 'SEND_DIGITS'; digits: string }
  | { type: 'UPDATE_TOKEN'; token: CallToken };

/** What the `callSession` actor is started with. */
export interface CallSessionInput {
  number: string;
  token: CallToken;
  /** The call's log entry: the session dials only once the log has accepted it (docs/adr/0053). */
  clientSessionId: string;
}
