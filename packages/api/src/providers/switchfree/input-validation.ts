import { externalId } from '@sw-dialer/shared-types';
import { z } from 'zod';

/**
 * The provider's own inputs are checked even though the routes validate first: these strings become
 * cache keys shared by every instance and upstream URLs, so the provider must not trust its callers.
 * Only the E.164 shape is checked here; whether a number is valid is the routes' job.
 */
const e164Shape = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number');

/** Largest batch a caller may ask for in one call (the adapter splits upstream batches itself). */
export const MAX_NUMBERS_PER_CALL = 500;
/** One upstream presence stream per subscription, and SwitchFree streams take at most 100 numbers. */
export const MAX_NUMBERS_PER_SUBSCRIPTION = 100;

export function distinctNumbers(numbers: readonly string[], max: number, what: string): string[] {
  const parsed = z.array(e164Shape).max(max).safeParse(numbers);
  if (!parsed.success) throw new TypeError(`${what}: numbers must be at most ${max} E.164 numbers`);
  return [...new Set(parsed.data)];
}

export const searchInput = z.object({
  query: z.string().trim().min(1).max(200),
  limit: z.number().int().min(1).max(100),
  cursor: z.string().max(500).nullable()
});

export const contactIdInput = externalId(128);
