import { z } from 'zod';
import { e164Schema } from '../phone.js';

export const PRESENCE_STATUSES = ['available', 'busy', 'dnd', 'away', 'offline', 'unknown'] as const;
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];
export const presenceStatusSchema = z.enum(PRESENCE_STATUSES);

export const presenceSchema = z.object({
  number: z.string(),
  available: z.boolean(),
  status: presenceStatusSchema,
  lastSeenAt: z.string().nullable(),
  degraded: z.boolean()
});
export type Presence = z.infer<typeof presenceSchema>;

export const presenceQuerySchema = z.strictObject({ number: e164Schema });

export const PRESENCE_STREAM_MAX_NUMBERS = 50;

/** `GET /api/telephony/presence/stream?numbers=+1...,+1...` */
export const presenceStreamQuerySchema = z.strictObject({
  numbers: z
    .string()
    .max(PRESENCE_STREAM_MAX_NUMBERS * 17, 'is too long')
    .transform((value) => value.split(','))
    .pipe(z.array(e164Schema).min(1, 'must list at least one number').max(PRESENCE_STREAM_MAX_NUMBERS))
});
