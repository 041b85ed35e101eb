import { z } from 'zod';
import { callDirectionSchema, callStatusSchema, endReasonProblem, endReasonSchema, FIRST_STATUS, isTerminalStatus } from '../call-vocabulary.js';
import { e164Schema } from '../phone.js';
import { externalId, isoDateTime, safeText, uuid } from '../text.js';

// Text PostgreSQL's jsonb cannot hold (NUL, U+0000) or JSON cannot carry faithfully (a lone UTF-16 surrogate):
// stored, either would fail in the database as a 500; refused here, it is a 400 naming the field.
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorableText = (text: string): string | undefined =>
  NUL.test(text) ? 'must not contain NUL characters' : LONE_SURROGATE.test(text) ? 'must be well-formed Unicode' : undefined;

/**
 * Top-level metadata keys starting with `$` belong to the server: a sealed (encrypted) value is stored in the
 * same column as `{"$sealed": ...}`, and client metadata must never be mistaken for one (docs/adr/0047).
 */
export const RESERVED_METADATA_KEY_PREFIX = '$';

/** The first unstorable key or string in a JSON value, as a path below it and the reason. */
function findUnstorable(value: unknown, path: Array<string | number>): { path: Array<string | number>; message: string } | undefined {
  if (typeof value === 'string') {
    const message = unstorableText(value);
    return message ? { path, message } : undefined;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorable(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      // A bad key is reported at its parent: the key itself is not fit to name a field.
      const keyProblem = unstorableText(key);
      if (keyProblem) return { path, message: `keys ${keyProblem}` };
      const found = findUnstorable(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Free-form call metadata (quality figures, host context): small, flat-ish JSON. */
export const callMetadataSchema = z
  .record(z.string().max(64, 'keys must be at most 64 characters'), z.json())
  .superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (key.startsWith(RESERVED_METADATA_KEY_PREFIX)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `is reserved: top-level keys starting with "${RESERVED_METADATA_KEY_PREFIX}" belong to the server`
        });
        return;
      }
    }
    const unstorable = findUnstorable(value, []);
    if (unstorable) ctx.addIssue({ code: 'custom', path: unstorable.path, message: unstorable.message });
  })
  .refine((value) => JSON.stringify(value).length <= 4096, 'must serialize to at most 4096 characters');

const errorCode = safeText(64);
const errorMessage = safeText(500);
const durationMs = z.number().int('must be a whole number of milliseconds').min(0, 'must not be negative').max(2_147_483_647);

/** The fields a call gains as it progresses: all optional, shared by create and PATCH. */
const progressFields = {
  answeredAt: isoDateTime.optional(),
  endedAt: isoDateTime.optional(),
  durationMs: durationMs.optional(),
  endReason: endReasonSchema.optional(),
  errorCode: errorCode.optional(),
  errorMessage: errorMessage.optional(),
  providerCallId: externalId().optional(),
  metadata: callMetadataSchema.optional()
};

/** `POST /api/telephony/calls`. A call may be logged already finished (an outbox replay, a failure before ringing). */
export const createCallBodySchema = z
  .strictObject({
    clientSessionId: uuid,
    direction: callDirectionSchema,
    number: e164Schema,
    contactId: externalId().optional(),
    status: callStatusSchema,
    startedAt: isoDateTime,
    ...progressFields
  })
  .superRefine((body, ctx) => {
    const terminal = isTerminalStatus(body.status);
    // A live call enters the log where it begins: an outbound call at dialing, an inbound one at ringing.
    // Only a call already over may be logged at its end (an outbox replay, a failure before it rang).
    const firstStatus = FIRST_STATUS[body.direction];
    if (!terminal && body.status !== firstStatus) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: `an ${body.direction} call starts as ${firstStatus} (or is logged once ended or failed)` });
    }
    if (terminal && !body.endedAt) ctx.addIssue({ code: 'custom', path: ['endedAt'], message: `is required when status is ${body.status}` });
    if (terminal && !body.endReason) ctx.addIssue({ code: 'custom', path: ['endReason'], message: `is required when status is ${body.status}` });
    if (!terminal && body.endedAt) ctx.addIssue({ code: 'custom', path: ['endedAt'], message: `must not be set while status is ${body.status}` });
    if (!terminal && body.endReason) ctx.addIssue({ code: 'custom', path: ['endReason'], message: `must not be set while status is ${body.status}` });
    if (!terminal && body.answeredAt) ctx.addIssue({ code: 'custom', path: ['answeredAt'], message: `must not be set while status is ${body.status}` });
    const problem = body.endReason ? endReasonProblem(body.direction, body.endReason, Boolean(body.answeredAt)) : undefined;
    if (problem) ctx.addIssue({ code: 'custom', path: ['endReason'], message: problem });
  });
export type CreateCallBody = z.infer<typeof createCallBodySchema>;

export const createCallResponseSchema = z.object({ id: uuid });
export type CreateCallResponse = z.infer<typeof createCallResponseSchema>;

/**
 * `PATCH /api/telephony/calls/:id`: any subset, at least one field. `contactId` too: a widget dialling a number
 * whose contact lookup has not answered yet does not wait for it (docs/adr/0139); the contact is set once.
 */
export const patchCallBodySchema = z
  .strictObject({ status: callStatusSchema.optional(), contactId: externalId().optional(), ...progressFields })
  .refine((body) => Object.keys(body).length > 0, { message: 'must contain at least one field', path: [] });
export type PatchCallBody = z.infer<typeof patchCallBodySchema>;

export const callIdParamsSchema = z.strictObject({ id: uuid });

/** A call log as the API returns it. */
export const callLogSchema = z.object({
  id: uuid,
  direction: callDirectionSchema,
  number: z.string(),
  contactId: z.string().nullable(),
  status: callStatusSchema,
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  endReason: endReasonSchema.nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  clientSessionId: uuid,
  providerCallId: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  updatedAt: z.string()
});
export type CallLog = z.infer<typeof callLogSchema>;

/** `POST /api/telephony/calls/bridge`: ring the agent's own phone, then connect it to `number`. */
export const bridgeCallBodySchema = z.strictObject({
  number: e164Schema,
  agentNumber: e164Schema,
  contactId: externalId().optional(),
  clientSessionId: uuid
});
export type BridgeCallBody = z.infer<typeof bridgeCallBodySchema>;

/** `POST /api/telephony/calls/:id/hangup`: ends a call placed through the agent's phone. No fields. */
export const hangupCallBodySchema = z.strictObject({}).optional();
