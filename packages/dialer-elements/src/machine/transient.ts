/**
 * True for failures worth one more try: the network did not answer, or the server said so (5xx, 408,
 * 429). Errors from the API client and transports carry `transient`; a fetch that never reached a
 * server rejects with a `TypeError`.
 */
export function isTransientError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const flagged = (error as { transient?: unknown }).transient;
  if (typeof flagged === 'boolean') return flagged;
  return error instanceof TypeError;
}
