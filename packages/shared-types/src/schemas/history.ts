import { z } from 'zod';
import { callStatusSchema } from '../call-vocabulary.js';
import { parsePhone } from '../phone.js';
import type { CountryCode } from 'libphonenumber-js/min';
import { externalId, isoDateTime } from '../text.js';
import { callLogSchema } from './calls.js';
import { dispositionSchema } from './wrap-up.js';

export const HISTORY_MAX_LIMIT = 100;
export const HISTORY_DEFAULT_LIMIT = 20;

// Query strings arrive as text; numbers are parsed here so that "abc" or "1.5" is a 400 naming `limit`.
const intFromQuery = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'must be a whole number')
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be between ${min} and ${max}`);

/** `GET /api/telephony/history`: `cursor` (keyset) or `offset`, never both. */
export const historyQuerySchema = z
  .strictObject({
    limit: intFromQuery(1, HISTORY_MAX_LIMIT).optional(),
    offset: intFromQuery(0, 1_000_000).optional(),
    cursor: z
      .string()
      .max(200, 'must be at most 200 characters')
      .regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor returned by this API')
      .optional(),
    status: callStatusSchema.optional(),
    contactId: externalId().optional(),
    /** E.164, or a national number with `defaultCountry` (what the widget's input accepts); answered as E.164. */
    number: z.string().min(1, 'must not be empty').max(40, 'must be at most 40 characters').optional(),
    defaultCountry: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as US')
      .optional(),
    disposition: dispositionSchema.optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional()
  })
  .superRefine((query, ctx) => {
    if (query.cursor !== undefined && query.offset !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['offset'], message: 'cannot be combined with cursor' });
    }
    if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    }
    if (query.number !== undefined) {
      const parsed = parsePhone(query.number, query.defaultCountry as CountryCode | undefined);
      if (!parsed.ok) {
        // An unknown country code is the country's fault, not the number's.
        const field = parsed.code === 'INVALID_COUNTRY' && query.defaultCountry ? 'defaultCountry' : 'number';
        ctx.addIssue({ code: 'custom', path: [field], message: field === 'defaultCountry' ? 'is not a country this API knows' : parsed.message });
      }
    }
  })
  // Validated above: the filter compares canonical E.164.
  .transform((query) => {
    if (query.number === undefined) return query;
    const parsed = parsePhone(query.number, query.defaultCountry as CountryCode | undefined);
    return parsed.ok ? { ...query, number: parsed.e164 } : query;
  });
export type HistoryQuery = z.infer<typeof historyQuerySchema>;
export type HistoryQueryInput = z.input<typeof historyQuerySchema>;

/** The contact a history row names: resolved from the call's `contactId` through the cached lookup. */
export const historyContactSchema = z.object({ displayName: z.string(), company: z.string().nullable() });
export type HistoryContact = z.infer<typeof historyContactSchema>;

/**
 * A history row: the call log, plus what the row shows. `contact` is null when the call had no contact or
 * the lookup could not name it (show the number then); `disposition` and `hasNotes` come from the wrap-up
 * (the notes themselves only from `GET /calls/:id/wrap-up`).
 */
export const historyItemSchema = callLogSchema.extend({
  contact: historyContactSchema.nullable(),
  disposition: z.string().nullable(),
  hasNotes: z.boolean()
});
export type HistoryItem = z.infer<typeof historyItemSchema>;

export const historyResponseSchema = z.object({
  items: z.array(historyItemSchema),
  /** True when the contact lookup was down or slow: rows may lack a name they would otherwise have. */
  contactsDegraded: z.boolean(),
  nextCursor: z.string().nullable(),
  /** Only for offset paging (a keyset page does not count the whole set). */
  total: z.number().int().optional()
});
export type HistoryResponse = z.infer<typeof historyResponseSchema>;
