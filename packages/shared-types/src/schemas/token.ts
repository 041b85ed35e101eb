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

/**
 * How the widget places calls (ADR 0065). `direct`: the number is the SDK's `to`, from a subscriber token.
 * `address`: the SDK dials `address` (a Fabric resource address whose SWML script connects the call) with
 * the user variables `{to, clientSessionId, ticket}`; the token reaches only that address. `ticket` is the
 * API's signed statement of who dials; the script hands it back to the API's dial-policy endpoint.
 */
export const dialInstructionsSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('direct') }),
  z.object({ mode: z.literal('address'), address: z.string(), ticket: z.string() })
]);
export type DialInstructions = z.infer<typeof dialInstructionsSchema>;

/** The destination policy as the widget should check it before dialing (the API checks it again). */
export const dialPolicySummarySchema = z.object({
  allowedCountries: z.array(z.string()),
  refusedTypes: z.array(z.string())
});
export type DialPolicySummary = z.infer<typeof dialPolicySummarySchema>;

/**
 * The token answer with the dialing contract. A superset of `tokenResponseSchema`: a widget that knows
 * only `{token, expiresAt, relayHost}` keeps working in direct mode (its parser drops unknown keys).
 */
export const dialTokenResponseSchema = tokenResponseSchema.extend({
  dial: dialInstructionsSchema,
  policy: dialPolicySummarySchema
});
export type DialTokenResponse = z.infer<typeof dialTokenResponseSchema>;
