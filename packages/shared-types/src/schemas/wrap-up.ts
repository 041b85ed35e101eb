import { z } from 'zod';
import { isoDateTime, uuid } from '../text.js';

/** Notes are plain text for people: at most this many characters (newlines and tabs allowed). */
export const WRAP_UP_NOTES_MAX = 2000;
/** A disposition is a short label from the host's list, e.g. `interested` or `Call back later`. */
export const WRAP_UP_DISPOSITION_MAX = 64;

// Plain text: control characters other than tab and newline (and CR, which a textarea may send) are refused,
// as are the Unicode line separators, so notes cannot forge log lines or smuggle terminal escapes.
const NOTES_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
/**
 * No comma, so an operator's list (WRAP_UP_DISPOSITIONS) can be comma-separated.
 * Letters (any script), digits, spaces and a few separators, starting with a letter or digit: enough for
 * any host's list (`Not interested`, `follow-up`, `Rappel/Callback`), never markup or a control character.
 * The host's own list lives in the widget; the API bounds shape and, if the operator set
 * WRAP_UP_DISPOSITIONS, membership (docs/adr/0070).
 */
const DISPOSITION_SHAPE = /^[\p{L}\p{N}][\p{L}\p{N} _.'&()/+-]*$/u;

export const dispositionSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(WRAP_UP_DISPOSITION_MAX, `must be at most ${WRAP_UP_DISPOSITION_MAX} characters`)
  .regex(DISPOSITION_SHAPE, "must start with a letter or digit and contain only letters, digits, spaces and _ . ' & ( ) / + -")
  .refine((value) => value === value.trim(), 'must not start or end with spaces');

export const wrapUpNotesSchema = z
  .string()
  .max(WRAP_UP_NOTES_MAX, `must be at most ${WRAP_UP_NOTES_MAX} characters`)
  .refine((value) => !NOTES_FORBIDDEN.test(value), 'must be plain text (no control characters other than newlines and tabs)');

/** `PUT /api/telephony/calls/:id/wrap-up`: the whole wrap-up, replaced (idempotent). Empty notes store none. */
export const putWrapUpBodySchema = z.strictObject({
  disposition: dispositionSchema,
  notes: wrapUpNotesSchema.optional()
});
export type PutWrapUpBody = z.infer<typeof putWrapUpBodySchema>;

/** A call's wrap-up as the API returns it. `editableUntil`: after it, the wrap-up is final (409). */
export const wrapUpSchema = z.object({
  callId: uuid,
  disposition: z.string(),
  notes: z.string(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  editableUntil: isoDateTime
});
export type WrapUp = z.infer<typeof wrapUpSchema>;
