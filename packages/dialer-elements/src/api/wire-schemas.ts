// The API's answers as the browser checks them, in `zod/mini`. shared-types defines the same contract in
// classic zod for the API; classic zod does not tree-shake and costs about 50 KB gzipped in the browser,
// mini about 7 (docs/adr/0021). The types are still shared-types' own: each schema below is checked at
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
import * as z from 'zod/mini';

const ERROR_CODES = ['VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED', 'UPSTREAM_UNAVAILABLE', 'INTERNAL'] as const;
const PRESENCE_STATUSES = ['available', 'busy', 'dnd', 'away', 'offline', 'unknown'] as const;
const PHONE_TYPES = ['mobile', 'work', 'home', 'main', 'other'] as const;

// The token's `dial` instructions (docs/adr/0065); the `policy` summary is not read: the API's refusal of
// the call-log create carries the policy's own message, at no cost in bytes here (docs/adr/0085).
// Optional so that an API from before address mode still answers a usable (direct) token. Flatter than
// shared-types' union (a union costs about 0.5 KB gzipped here): checked below to accept every
// `DialInstructions`, and the transport dials an address only when both its fields are there.
export const tokenResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  relayHost: z.optional(z.string()),
  dial: z.optional(z.object({ mode: z.enum(['direct', 'address']), address: z.optional(z.string()), ticket: z.optional(z.string()) }))
});

export const createCallResponseSchema = z.object({ id: z.uuid() });

export const callLogSchema = z.object({
  id: z.uuid(),
  direction: z.enum(CALL_DIRECTIONS),
  number: z.string(),
  contactId: z.nullable(z.string()),
  status: z.enum(CALL_STATUSES),
  startedAt: z.string(),
  answeredAt: z.nullable(z.string()),
  endedAt: z.nullable(z.string()),
  durationMs: z.nullable(z.int()),
  endReason: z.nullable(z.enum(END_REASONS)),
  errorCode: z.nullable(z.string()),
  errorMessage: z.nullable(z.string()),
  clientSessionId: z.uuid(),
  providerCallId: z.nullable(z.string()),
  metadata: z.nullable(z.record(z.string(), z.unknown())),
  createdAt: z.string(),
  updatedAt: z.string()
});

export const historyResponseSchema = z.object({
  items: z.array(
    z.extend(callLogSchema, {
      contact: z.nullable(z.object({ displayName: z.string(), company: z.nullable(z.string()) })),
      disposition: z.nullable(z.string()),
      hasNotes: z.boolean()
    })
  ),
  contactsDegraded: z.boolean(),
  nextCursor: z.nullable(z.string()),
  total: z.optional(z.int())
});

// The answer to a wrap-up PUT: only read to check the contract (the outbox needs no field of it).
export const wrapUpSchema = z.object({
  callId: z.uuid(),
  disposition: z.string(),
  notes: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  editableUntil: z.string()
});

export const contactSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  company: z.optional(z.string()),
  phoneNumbers: z.array(z.object({ e164: z.string(), type: z.enum(PHONE_TYPES) }))
});

export const contactsResponseSchema = z.object({
  items: z.array(contactSchema),
  nextCursor: z.nullable(z.string()),
  degraded: z.boolean()
});

export const presenceSchema = z.object({
  number: z.string(),
  available: z.boolean(),
  status: z.enum(PRESENCE_STATUSES),
  lastSeenAt: z.nullable(z.string()),
  degraded: z.boolean()
});

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.optional(z.unknown()),
    requestId: z.string()
  })
});

// Compile-time contract checks: `Same<A, B>` is `true` only when A and B are mutually assignable.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Checks = [
  Same<Omit<z.infer<typeof tokenResponseSchema>, 'dial'>, TokenResponse>,
  DialInstructions extends z.infer<typeof tokenResponseSchema>['dial'] ? true : false,
  Same<z.infer<typeof createCallResponseSchema>, CreateCallResponse>,
  Same<z.infer<typeof callLogSchema>, CallLog>,
  Same<z.infer<typeof historyResponseSchema>, HistoryResponse>,
  Same<z.infer<typeof wrapUpSchema>, WrapUp>,
  Same<z.infer<typeof contactSchema>, Contact>,
  Same<z.infer<typeof contactsResponseSchema>, ContactsResponse>,
  Same<z.infer<typeof presenceSchema>, Presence>,
  Same<z.infer<typeof errorBodySchema>, ErrorBody>,
  Same<(typeof ERROR_CODES)[number], ErrorCode>,
  Same<(typeof PRESENCE_STATUSES)[number], PresenceStatus>,
  Same<(typeof PHONE_TYPES)[number], Contact['phoneNumbers'][number]['type']>
];
export const WIRE_SCHEMAS_MATCH_SHARED_TYPES: Checks extends true[] ? true : never = true;
