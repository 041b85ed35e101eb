// The call machine's rules as pure functions of its context and events: when the token is renewed, how a
// provider's hangup reads, what each call-log write says. No xstate here: each is unit-tested on its own
// (test/machine/call-rules.test.ts), and the machine's regions only name them.
import { endReasonFromCause, type CallLog, type CreateCallBody, type EndReason, type PatchCallBody } from '@sw-dialer/shared-types';
import { qualityMetadata } from '../quality/call-quality.js';
import type { TransportEvent } from '../transport/transport-events.js';
import type { CallError, DialerContext } from './types.js';

/** Parameters of the `logCreate` action: the body of `POST /api/telephony/calls`. */
export type LogCreateParams = CreateCallBody;
/**
 * Parameters of the `logPatch` action: which call (by its session id) and the PATCH body; null when there
 * is nothing for the widget to write (a bridge call, whose log the API writes).
 */
export interface LogPatchParams {
  clientSessionId: string;
  body: PatchCallBody;
}

/** Refresh this long before the token expires (a token with under five minutes left: at 80% of them). */
export const TOKEN_REFRESH_MARGIN_MS = 60_000;

/** The SDK dropped the call (no hangup from either side): the status line and the log say so. */
export const CONNECTION_LOST = 'CONNECTION_LOST';

export const iso = (ms: number) => new Date(ms).toISOString();

/** How long until the token should be renewed; 0 when there is none or it has run out. */
export function tokenRefreshDelay(context: DialerContext): number {
  if (!context.token) return 0;
  const left = Date.parse(context.token.expiresAt) - context.now();
  if (!Number.isFinite(left) || left <= 0) return 0;
  // A minute ahead for ordinary lifetimes; a short-lived token is renewed at 80% of what is left.
  return left > 5 * TOKEN_REFRESH_MARGIN_MS ? left - TOKEN_REFRESH_MARGIN_MS : left * 0.8;
}

export function hasFreshToken(context: DialerContext): boolean {
  // A token about to expire would be refreshed mid-dial; fetch a new one instead.
  return !!context.token && Date.parse(context.token.expiresAt) - context.now() > TOKEN_REFRESH_MARGIN_MS;
}

/** A rejection (API client, transport, anything thrown) as the error shown and logged. */
export function errorOf(error: unknown, fallbackCode: string): CallError {
  if (error && typeof error === 'object') {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'string' ? code : fallbackCode,
      message: typeof message === 'string' && message ? message : 'Something went wrong'
    };
  }
  return { code: fallbackCode, message: String(error) };
}

/** How a provider's hangup ends the call: status, end reason, and an error when the SDK dropped it. */
export function endingFromTransport(event: Extract<TransportEvent, { type: 'TRANSPORT.ENDED' }>) {
  // A cause from the provider always comes from the far end or the network: our own hangup leaves
  // the `live` state before any such event can arrive.
  const ending = endReasonFromCause(event.cause, event.causeCode, false);
  const dropped = event.cause === undefined && event.causeCode === undefined;
  const error: CallError | null = dropped
    ? { code: CONNECTION_LOST, message: `The connection to the calling service was lost${event.sdkReason ? ` (${event.sdkReason})` : ''}` }
    : null;
  return { ...ending, error };
}

/** The opening write of a browser call: its create, at dialing (an answered inbound call: at ringing). */
export function createParams(context: DialerContext): LogCreateParams {
  const body: CreateCallBody = {
    clientSessionId: context.clientSessionId!,
    direction: context.direction,
    number: context.number!,
    status: context.direction === 'inbound' ? 'ringing' : 'dialing',
    startedAt: iso(context.startedAt!)
  };
  if (context.contactId) body.contactId = context.contactId;
  return body;
}

/** A forward move of a browser call's log (`ringing`, or `connected` with when and the provider's id). */
export function progressParams(context: DialerContext, status: 'ringing' | 'connected'): LogPatchParams {
  const body: PatchCallBody = { status };
  if (status === 'connected') {
    body.answeredAt = iso(context.answeredAt!);
    if (context.providerCallId && /^[A-Za-z0-9._:@-]{1,128}$/.test(context.providerCallId)) body.providerCallId = context.providerCallId;
  }
  return { clientSessionId: context.clientSessionId!, body: withLateContact(context, body) };
}

/** A contact found after the create rides on each later write until the call is over (the API sets it once). */
function withLateContact(context: DialerContext, body: PatchCallBody): PatchCallBody {
  return context.lateContact && context.contactId ? { ...body, contactId: context.contactId } : body;
}

/**
 * Closing PATCH: connected time only, 0 for a call never answered (DESIGN.md "Call vocabulary"), and the
 * worst quality readings as `metadata`. None for a bridge call: the API closed its log itself.
 */
export function closeParams(context: DialerContext, status: 'ended' | 'failed'): LogPatchParams | null {
  if (context.via === 'phone') return null;
  const endedAt = context.endedAt ?? context.now();
  const body: PatchCallBody = {
    status,
    endedAt: iso(endedAt),
    durationMs: context.answeredAt === null ? 0 : Math.max(0, endedAt - context.answeredAt),
    endReason: context.endReason ?? 'error'
  };
  if (context.error) {
    body.errorCode = context.error.code.slice(0, 64);
    body.errorMessage = context.error.message.slice(0, 500);
  }
  if (context.worstQuality) body.metadata = qualityMetadata(context.worstQuality);
  // Only a call that lost its link says so (docs/adr/0110).
  if (context.reconnects) body.metadata = { ...body.metadata, reconnects: context.reconnects };
  return { clientSessionId: context.clientSessionId!, body: withLateContact(context, body) };
}

/** The end of a bridge call as the API recorded it; its duration is the API's, measured from SignalWire. */
export function bridgeEnding(context: DialerContext, call: CallLog): { endReason: EndReason; error: CallError | null; endedAt: number } {
  const answeredAt = context.answeredAt;
  return {
    endReason: call.endReason ?? 'error',
    error: call.errorCode ? { code: call.errorCode, message: call.errorMessage ?? 'The call failed' } : null,
    endedAt: answeredAt !== null && call.durationMs !== null ? answeredAt + call.durationMs : context.now()
  };
}
