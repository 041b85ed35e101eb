import { z } from 'zod';
import { e164Schema } from '../phone.js';
import { safeText } from '../text.js';

export const PHONE_TYPES = ['mobile', 'work', 'home', 'main', 'other'] as const;

export const contactSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  company: z.string().optional(),
  phoneNumbers: z.array(z.object({ e164: z.string(), type: z.enum(PHONE_TYPES) }))
});
export type Contact = z.infer<typeof contactSchema>;

const limit = z
  .string()
  .regex(/^\d{1,3}$/, 'must be a whole number')
  .transform(Number)
  .refine((value) => value >= 1 && value <= 50, 'must be between 1 and 50');

/** `GET /api/telephony/contacts?query=` (type-ahead) or `?number=` (caller-ID match): exactly one of the two. */
export const contactsQuerySchema = z
  .strictObject({
    query: safeText(100).optional(),
    number: e164Schema.optional(),
    limit: limit.optional(),
    cursor: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9_=-]+$/, 'is not a cursor returned by this API')
      .optional()
  })
  .superRefine((query, ctx) => {
    if ((query.query === undefined) === (query.number === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['query'], message: 'give exactly one of query or number' });
    }
  });
export type ContactsQuery = z.infer<typeof contactsQuerySchema>;

export const contactsResponseSchema = z.object({
  items: z.array(contactSchema),
  nextCursor: z.string().nullable(),
  degraded: z.boolean()
});
export type ContactsResponse = z.infer<typeof contactsResponseSchema>;
