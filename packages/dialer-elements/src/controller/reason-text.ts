import { END_REASON_TEXT, type EndReason } from '@sw-dialer/shared-types';
import type { CallError } from '../machine/types.js';

/**
 * Network failures whose cause the end reason's words ("The network failed; try again") would get wrong:
 * the calling service could not issue a token (the API reached it not, or it refused), or the SDK lost
 * its connection and dropped the call. The call log keeps `network` for both; only the words differ.
 */
const NETWORK_CAUSE_TEXT: Record<string, string> = {
  UPSTREAM_UNAVAILABLE: 'Calling service unavailable; try again shortly',
  CONNECTION_LOST: 'Lost the connection to the calling service; try again'
};

/** The status line's words for why a call ended: the error's own message for `error`, else by end reason. */
export function reasonText(endReason: EndReason | null, error: CallError | null): string {
  if (!endReason) return '';
  if (error && endReason === 'error') return error.message;
  if (error && endReason === 'network') return NETWORK_CAUSE_TEXT[error.code] ?? END_REASON_TEXT.network;
  return END_REASON_TEXT[endReason];
}
