// The API's answers as the browser checks them, in valibot. shared-types defines the same contract in
// classic zod for the API; classic zod does not tree-shake and costs about 50 KB gzipped in the browser,
// zod/mini about 6, valibot about 1 for these schemas (docs/adr/0021, 0123). The types are still
// shared-types' own: each schema below is checked at
// compile time to infer exactly the shared type, so a change on either side that the other lacks is a
// type error here, never a silent drift.
//
// Only `call-vocabulary` is imported at run time from shared-types: the build keeps its three enum
// schemas out (they are marked pure), whereas importing a constant from a schema module (`ERROR_CODES`
// from errors.ts) would pull that module's classic schemas in. Those few constants are restated here and
// checked against the shared types in both directions.
import {
  CALL_DIRECTIONS,
  CALL_STATUSES,
  END_REASONS,
  type CallLog,
  type Contact,
  type ContactsResponse,
  type CreateCallResponse,
  type DialInstructions,
  type ErrorBody,
  type ErrorCode,
  type HistoryResponse,
  type Presence,
  type PresenceStatus,
  type TokenResponse,
  type WrapUp
} from '@sw-dialer/shared-types';
import * as v from 'valibot';

const ERROR_CODES = ['VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'UPSTREAM_UNAVAILABLE', 'INTERNAL'] as const;
const PRESENCE_STATUSES = ['available', 'busy', 'dnd', 'away', 'offline', 'unknown'] as const;
const PHONE_TYPES = ['mobile', 'work', 'home', 'main', 'other'] as const;

// The token's `dial` instructions (docs/adr/0065); the `policy` summary is not read: the API's refusal of
// the call-log create carries the policy's own message, at no cost in bytes here (docs/adr/0085).
// Optional so that an API from before address mode still answers a usable (direct) token. Flatter than
// shared-types' union (a union costs about 0.5 KB gzipped here): checked below to accept every
// `DialInstructions`, and the transport dials an address only when both its fields are there.
export const tokenResponseSchema = v.object({
  token: v.string(),
  expiresAt: v.string(),
  relayHost: v.optional(v.string()),
  dial: v.optional(v.object({ mode: v.picklist(['direct', 'address']), address: v.optional(v.string()), ticket: v.optional(v.string()) }))
});

export const createCallResponseSchema = v.object({ id: v.pipe(v.string(), v.uuid()) });

export const callLogSchema = v.object({
  id: v.pipe(v.string(), v.uuid()),
  direction: v.picklist(CALL_DIRECTIONS),
  number: v.string(),
  contactId: v.nullable(v.string()),
  status: v.picklist(CALL_STATUSES),
  startedAt: v.string(),
  answeredAt: v.nullable(v.string()),
  endedAt: v.nullable(v.string()),
  durationMs: v.nullable(v.pipe(v.number(), v.integer())),
  endReason: v.nullable(v.picklist(END_REASONS)),
  errorCode: v.nullable(v.string()),
  errorMessage: v.nullable(v.string()),
  clientSessionId: v.pipe(v.string(), v.uuid()),
  providerCallId: v.nullable(v.string()),
  metadata: v.nullable(v.record(v.string(), v.unknown())),
  createdAt: v.string(),
  updatedAt: v.string()
});

export const historyResponseSchema = v.object({
  items: v.array(
    v.object({
      ...callLogSchema.entries,
      contact: v.nullable(v.object({ displayName: v.string(), company: v.nullable(v.string()) })),
      disposition: v.nullable(v.string()),
      hasNotes: v.boolean()
    })
  ),
  contactsDegraded: v.boolean(),
  nextCursor: v.nullable(v.string()),
  total: v.optional(v.pipe(v.number(), v.integer()))
});

// The answer to a wrap-up PUT: only read to check the contract (the outbox needs no field of it).
export const wrapUpSchema = v.object({
  callId: v.pipe(v.string(), v.uuid()),
  disposition: v.string(),
  notes: v.string(),
  createdAt: v.string(),
  updatedAt: v.string(),
  editableUntil: v.string()
});

export const contactSchema = v.object({
  id: v.string(),
  displayName: v.string(),
  company: v.optional(v.string()),
  phoneNumbers: v.array(v.object({ e164: v.string(), type: v.picklist(PHONE_TYPES) }))
});

export const contactsResponseSchema = v.object({
  items: v.array(contactSchema),
  nextCursor: v.nullable(v.string()),
  degraded: v.boolean()
});

export const presenceSchema = v.object({
  number: v.string(),
  available: v.boolean(),
  status: v.picklist(PRESENCE_STATUSES),
  lastSeenAt: v.nullable(v.string()),
  degraded: v.boolean()
});

export const errorBodySchema = v.object({
  error: v.object({
    code: v.picklist(ERROR_CODES),
    message: v.string(),
    details: v.optional(v.unknown()),
    requestId: v.string()
  })
});

// Compile-time contract checks: `Same<A, B>` is `true` only when A and B are mutually assignable.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Checks = [
  Same<Omit<v.InferOutput<typeof tokenResponseSchema>, 'dial'>, TokenResponse>,
  DialInstructions extends v.InferOutput<typeof tokenResponseSchema>['dial'] ? true : false,
  Same<v.InferOutput<typeof createCallResponseSchema>, CreateCallResponse>,
  Same<v.InferOutput<typeof callLogSchema>, CallLog>,
  Same<v.InferOutput<typeof historyResponseSchema>, HistoryResponse>,
  Same<v.InferOutput<typeof wrapUpSchema>, WrapUp>,
  Same<v.InferOutput<typeof contactSchema>, Contact>,
  Same<v.InferOutput<typeof contactsResponseSchema>, ContactsResponse>,
  Same<v.InferOutput<typeof presenceSchema>, Presence>,
  Same<v.InferOutput<typeof errorBodySchema>, ErrorBody>,
  Same<(typeof ERROR_CODES)[number], ErrorCode>,
  Same<(typeof PRESENCE_STATUSES)[number], PresenceStatus>,
  Same<(typeof PHONE_TYPES)[number], Contact['phoneNumbers'][number]['type']>
];
export const WIRE_SCHEMAS_MATCH_SHARED_TYPES: Checks extends true[] ? true : never = true;
