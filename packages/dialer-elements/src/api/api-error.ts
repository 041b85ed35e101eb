import { safeParse } from 'valibot';
import { errorBodySchema } from './wire-schemas.js';

/**
 * An HTTP answer other than 2xx, with the API's error body when it sent one. `transient` says whether
 * the same request may succeed later unchanged (the server or the network was the problem).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly transient: boolean;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown
  ) {
    super(message);
    // 401 is the host's session lapsing: the host can renew it, and the write must not be lost meanwhile.
    // A server without SignalWire settings stays so until an operator acts: not worth a retry.
    this.transient =
      (status >= 500 || status === 408 || status === 429 || status === 401) && (details as { reason?: unknown } | undefined)?.reason !== 'not-configured';
  }

  static async from(response: Response): Promise<ApiError> {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const parsed = safeParse(errorBodySchema, body);
    if (parsed.success) {
      return new ApiError(response.status, parsed.output.error.code, parsed.output.error.message, parsed.output.error.details);
    }
    return new ApiError(response.status, `HTTP_${response.status}`, `The server answered ${response.status}`);
  }
}

/** The request never got an answer (offline, DNS, CORS, connection reset). Always worth retrying. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly code = 'NETWORK';
  readonly transient = true;
  constructor(message = 'The server could not be reached', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The server answered 2xx with a body that breaks the contract. */
export class ContractError extends Error {
  override readonly name = 'ContractError';
  readonly code = 'BAD_RESPONSE';
  readonly transient = false;
}
