import { z } from 'zod';
import { callStatusSchema } from '../call-vocabulary.js';
import { e164Schema } from '../phone.js';
import { externalId, isoDateTime } from '../text.js';
import { callLogSchema } from './calls.js';

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
    cursor: z.string().max(200, 'must be at most 200 characters').regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor returned by this API').optional(),
    status: callStatusSchema.optional(),
    contactId: externalId().optional(),
    number: e164Schema.optional(),
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
  });
export type HistoryQuery = z.infer<typeof historyQuerySchema>;
export type HistoryQueryInput = z.input<typeof historyQuerySchema>;

export const historyResponseSchema = z.object({
  items: z.array(callLogSchema),
  nextCursor: z.string().nullable(),
  /** Only for offset paging (a keyset page does not count the whole set). */
  total: z.number().int().optional()
});
export type HistoryResponse = z.infer<typeof historyResponseSchema>;
