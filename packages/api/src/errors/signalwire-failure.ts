import type { UpstreamError, UpstreamErrorKind } from '../providers/upstream-error.js';

/**
 * SignalWire failed while the server acted for a request (placing, ending a call, minting a token). Thrown by
 * services and routes; the error plugin answers it (503 UPSTREAM_UNAVAILABLE with `upstream` and `reason`) and
 * logs the cause once, as it does for an unreachable database. `message` is shown to the agent as it is.
 */
export class SignalWireFailure extends Error {
  readonly kind: UpstreamErrorKind;

  constructor(
    /** What the server was doing, for the log line (`calls.bridge`, `calls.hangup`, `token.issue`). */
    readonly action: string,
    readonly upstream: UpstreamError,
    message: string,
    /** Extra fields for the error body's `details`, e.g. the call log's id. */
    readonly details: Record<string, unknown> = {}
  ) {
    super(message, { cause: upstream });
    this.name = 'SignalWireFailure';
    this.kind = upstream.kind;
  }
}
