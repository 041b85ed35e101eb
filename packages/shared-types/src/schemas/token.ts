import { z } from 'zod';

/** `POST /api/telephony/signalwire/token`. */
export const tokenRequestSchema = z.strictObject({ deviceType: z.literal('browser') });
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

export const tokenResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  /** Only when the API talks to an emulator, whose tokens carry no relay host. */
  relayHost: z.string().optional()
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;
