import { z } from 'zod';

/** Header carrying the operator's shared secret on `POST /api/telephony/signalwire/dial-policy`. */
export const DIAL_POLICY_SECRET_HEADER = 'x-dial-policy-secret';

/**
 * `POST /api/telephony/signalwire/dial-policy`: asked by the SWML script inside SignalWire, never by a
 * browser. Every field comes from the caller's user variables, so each is checked like untrusted input:
 * an empty or malformed value is a refusal (200, `decision: 'refuse'`), not an error, because the script
 * can only branch on an answer; a wrong secret is a 401.
 */
export const dialPolicyRequestSchema = z.object({
  to: z.string().max(64),
  ticket: z.string().max(2048),
  clientSessionId: z.string().max(64).optional(),
  callId: z.string().max(128).optional()
});
export type DialPolicyRequest = z.infer<typeof dialPolicyRequestSchema>;

/** Strings, not booleans: SWML's `switch` compares text, and a string has one spelling. */
export const dialPolicyResponseSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('allow'), to: z.string(), from: z.string() }),
  z.object({ decision: z.literal('refuse'), rule: z.string(), message: z.string() })
]);
export type DialPolicyResponse = z.infer<typeof dialPolicyResponseSchema>;
