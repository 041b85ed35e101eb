import { z } from 'zod';
import { e164Schema } from '../phone.js';
import { safeText } from '../text.js';

/** The claims the API reads from the host application's JWT. */
export const userClaimsSchema = z.object({
  sub: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._:@|-]+$/, 'must be a plain identifier'),
  name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  /**
   * The caller ID this user presents (E.164), when the host application assigns one (ADR 0065). A claim of
   * another shape is dropped, never a 401: it is checked as E.164 where it is used.
   */
  caller_id: z.string().max(16).optional().catch(undefined),
  /** The user's own phone (E.164): the only agent phone the click-to-call bridge rings for them. */
  phone_number: z.string().max(16).optional().catch(undefined)
});
export type UserClaims = z.infer<typeof userClaimsSchema>;

/** `POST /api/auth/dev-login` (demo only). */
export const devLoginBodySchema = z.strictObject({
  userId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._:@|-]+$/, 'may contain only letters, digits and . _ : @ | -'),
  name: safeText(200).optional(),
  email: z.email('must be an email address').max(320).optional(),
  /** Demo stand-ins for the host application's `phone_number` and `caller_id` claims (ADR 0065). */
  phoneNumber: e164Schema.optional(),
  callerId: e164Schema.optional()
});
export type DevLoginBody = z.infer<typeof devLoginBodySchema>;

export const devLoginResponseSchema = z.object({ token: z.string(), expiresAt: z.string() });
export type DevLoginResponse = z.infer<typeof devLoginResponseSchema>;
