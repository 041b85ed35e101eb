import type { EndReason } from '@sw-dialer/shared-types';
import type { Messages } from '../i18n/en.js';
import type { CallError } from '../machine/types.js';
import type { Refusal } from './dialer-controller.js';

/** An error in the catalogue's words, by its code; codes the catalogue does not know go through `OTHER`. */
export function errorText(m: Messages, error: CallError): string {
  const text = m.errors[error.code] ?? m.errors.OTHER!;
  return typeof text === 'function' ? text(error.message) : text;
}

/** The status line's words for why a call ended: the error's words for `error`, else by end reason and error code. */
export function reasonText(m: Messages, endReason: EndReason | null, error: CallError | null): string {
  if (!endReason) return '';
  if (error && endReason === 'error') return errorText(m, error);
  // A network failure whose cause the general words would get wrong: the service, or the SDK's connection.
  return (endReason === 'network' && error && m.reasons[error.code]) || m.reasons[endReason] || endReason;
}

/** A phone parser's refusal in words: the catalogue's, else the parser's own (English). */
export const phoneText = (m: Messages, problem: { code: string; message: string }): string => m.phone[problem.code] ?? problem.message;

/** Why a dial was refused, in words (`DialerController.refusal`). */
export function refusalText(m: Messages, refusal: Refusal | null): string {
  if (!refusal) return '';
  const { code, message, phone } = refusal;
  if (phone) return code === 'INVALID_AGENT_NUMBER' ? m.yourNumberProblem(phoneText(m, phone)) : phoneText(m, phone);
  return errorText(m, { code: code === 'NETWORK' ? 'LOAD_FAILED' : code, message });
}
