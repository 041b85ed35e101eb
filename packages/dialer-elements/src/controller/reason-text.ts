import { endReasonText, type EndReason } from '@sw-dialer/shared-types';
import type { CallError } from '../machine/types.js';

/** The status line's words for why a call ended: the error's own message for `error`, else by end reason and error code. */
export function reasonText(endReason: EndReason | null, error: CallError | null): string {
  if (!endReason) return '';
  if (error && endReason === 'error') return error.message;
  return endReasonText(endReason, error?.code);
}
