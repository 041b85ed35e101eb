import { z } from 'zod';
import { WIRE_PRESENCE_STATES } from './wire-types.js';

// The emulator checks only the E.164 shape: it stands in for a remote service, which would not share
// our phone-number library, and a shape check is what such services document.
export const wireE164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +12025550100');

/** Batch requests are capped, as any real directory caps them; the adapter chunks to this size. */
export const MAX_BATCH_NUMBERS = 100;

export const searchQuerySchema = z.object({
  query: z.string().max(200).default(''),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional()
});

export const numbersBodySchema = z.strictObject({
  numbers: z.array(wireE164).min(1).max(MAX_BATCH_NUMBERS)
});

export const contactIdParamsSchema = z.object({ id: z.string().min(1).max(128) });

/** `POST /v1/contacts/batch`: contacts by id, as many as a page of call history names, in one request. */
export const MAX_BATCH_IDS = 100;
export const idsBodySchema = z.strictObject({
  ids: z.array(z.string().min(1).max(128)).min(1).max(MAX_BATCH_IDS)
});

export const streamQuerySchema = z.object({
  numbers: z
    .string()
    .min(1)
    .transform((value) => value.split(','))
    .pipe(z.array(wireE164).min(1).max(MAX_BATCH_NUMBERS))
});

// The control API takes our own vocabulary (what tests and the DESIGN speak) as well as SwitchFree's.
const NORMALIZED_TO_WIRE = { available: 'online', busy: 'busy', dnd: 'dnd', away: 'away', offline: 'offline' } as const;

export const presenceControlBodySchema = z
  .strictObject({
    status: z.union([z.enum(WIRE_PRESENCE_STATES), z.enum(['available', 'busy', 'dnd', 'away', 'offline'])])
  })
  .transform(({ status }) => ({
    state: status in NORMALIZED_TO_WIRE ? NORMALIZED_TO_WIRE[status as keyof typeof NORMALIZED_TO_WIRE] : (status as (typeof WIRE_PRESENCE_STATES)[number])
  }));

export const presenceControlParamsSchema = z.object({ e164: wireE164 });
