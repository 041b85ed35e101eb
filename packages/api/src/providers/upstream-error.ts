/**
 * Why a request to a provider (SignalWire, SwitchFree) failed. Messages name the method, path and status only: never a credential,
 * never a query string (it can hold phone numbers), never a response body.
 */
export type UpstreamErrorKind =
  | 'timeout'
  | 'network'
  | 'unavailable' // 5xx or 429
  | 'unauthorized' // 401/403: the key is wrong or revoked
  | 'rejected' // another 4xx: our request was wrong
  | 'invalid-response'; // 2xx whose body did not match the contract

export class UpstreamError extends Error {
  constructor(
    readonly kind: UpstreamErrorKind,
    message: string,
    readonly status?: number
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** Failures that say the provider is unhealthy, as opposed to us asking wrongly: these trip the breaker. */
export function isUpstreamHealthFailure(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return true;
  return error.kind === 'timeout' || error.kind === 'network' || error.kind === 'unavailable' || error.kind === 'invalid-response';
}
