import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import t from 'tap';
import { callMetadataSchema } from '@sw-dialer/shared-types';
import { AppError } from '../../src/errors/app-error.js';
import { decodeCursor } from '../../src/repositories/history-cursor.js';
import { buildTestApp } from '../helpers/build-test-app.js';
import { newCallBody } from '../helpers/call-bodies.js';

/**
 * Issue 14, item 5: history cursors and call metadata, the two decoders that take nested client input to the
 * database, fuzzed with generated inputs (seeded, so a failure replays). Each decoder gets RUNS inputs as a
 * pure function (a refusal is a 400 naming the field; an accepted value is one PostgreSQL can hold), and the
 * same generators drive the HTTP routes against the real database, where no input may reach a 5xx.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const HTTP_RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 5_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);

const b64 = (text: string) => Buffer.from(text).toString('base64url');

// Times near every edge: what toISOString writes for any Date (years -271821..275760), ISO-looking text
// with out-of-range fields, and plain junk the Date parser tolerates.
const timeText = fc.oneof(
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('0002-01-01T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc
    .tuple(fc.integer({ min: -1, max: 10_001 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }))
    .map(
      ([y, m, d, h]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`
    ),
  fc.constantFrom('1', '2026', 'x 1', 'NaN', '', '0', '-1', '+275760-09-13T00:00:00.000Z', '-271821-04-20T00:00:00.000Z', '0000-01-01T00:00:00.000Z'),
  fc.string({ maxLength: 30 })
);
const idText = fc.oneof(fc.uuid(), fc.constant(randomUUID()), fc.string({ maxLength: 40 }), fc.constant('00000000-0000-0000-0000-000000000000'));
const cursorText = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(timeText, idText).map((pair) => b64(JSON.stringify(pair))) },
  { weight: 1, arbitrary: fc.jsonValue().map((value) => b64(JSON.stringify(value))) },
  { weight: 1, arbitrary: fc.array(fc.oneof(timeText, idText, fc.integer(), fc.constant(null)), { maxLength: 3 }).map((value) => b64(JSON.stringify(value))) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), maxLength: 120 }) }
);

// Keys and strings from all of Unicode, with the characters jsonb refuses or JSON mangles mixed in.
const hazard = fc.constantFrom('\u0000', '\ud800', '\udfff', '\ud83d', '\u2028', '$', '$sealed', '\\u0000', '\uffff');
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.tuple(fc.string({ maxLength: 6 }), hazard, fc.string({ maxLength: 6 })).map((parts) => parts.join(''))
);
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    tie('array'),
    tie('object')
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(text, tie('value'), { maxKeys: 4 })
})).value;
const metadata = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.oneof(text, fc.constantFrom('$sealed', 'kid', 'iv', 'tag', 'data')), json, { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.record({ $sealed: fc.constantFrom('aes-256-gcm', 'x'), kid: text, iv: text, tag: text, data: text }) },
  { weight: 1, arbitrary: json }
);

const STORABLE = (value: string) => !/\u0000/.test(value) && !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
function storable(value: unknown): boolean {
  if (typeof value === 'string') return STORABLE(value);
  if (Array.isArray(value)) return value.every(storable);
  if (typeof value === 'object' && value !== null) return Object.entries(value).every(([key, item]) => STORABLE(key) && storable(item));
  return true;
}

t.test(`decodeCursor: ${RUNS} generated cursors, each refused naming query.cursor or a position PostgreSQL can hold`, async (t) => {
  let accepted = 0;
  fc.assert(
    fc.property(cursorText, (cursor) => {
      try {
        const position = decodeCursor(cursor);
        accepted += 1;
        const year = position.startedAt.getUTCFullYear();
        return /^\d{4}-/.test(position.startedAt.toISOString()) && year >= 1 && year <= 9999;
      } catch (error) {
        return error instanceof AppError && error.statusCode === 400 && error.message.startsWith('query.cursor:');
      }
    }),
    { numRuns: RUNS, seed: SEED }
  );
  t.ok(accepted > RUNS / 20, `the generator also reaches valid cursors (${accepted})`);
});

t.test(`callMetadataSchema: ${RUNS} generated values, each refused naming a field or storable as jsonb`, async (t) => {
  let accepted = 0;
  fc.assert(
    fc.property(metadata, (value) => {
      const result = callMetadataSchema.safeParse(value);
      if (!result.success) return result.error.issues.length > 0;
      accepted += 1;
      return storable(result.data) && !Object.keys(result.data).some((key) => key.startsWith('$'));
    }),
    { numRuns: RUNS, seed: SEED }
  );
  t.ok(accepted > RUNS / 20, `the generator also reaches valid metadata (${accepted})`);
});

const { app, authHeader } = await buildTestApp(t, { rateLimit: { max: 1_000_000, timeWindowMs: 60_000 } });
const headers = { ...authHeader('decoder-fuzzer'), 'content-type': 'application/json' };

function inShape(
  response: { statusCode: number; json: () => { error?: { code?: unknown; requestId?: unknown; details?: { issues?: Array<{ field?: unknown }> } } } },
  field: RegExp
): boolean {
  if (response.statusCode < 400) return true;
  if (response.statusCode !== 400) return false;
  const error = response.json().error;
  return error?.code === 'VALIDATION_FAILED' && typeof error.requestId === 'string' && field.test(String(error.details?.issues?.[0]?.field));
}

t.test(`GET /history: ${HTTP_RUNS} generated cursors against the database, no 5xx`, async () => {
  await fc.assert(
    fc.asyncProperty(cursorText, async (cursor) => {
      const response = await app.inject({ method: 'GET', url: `/api/telephony/history?limit=2&cursor=${encodeURIComponent(cursor)}`, headers });
      return inShape(response, /^query\.cursor$/);
    }),
    { numRuns: HTTP_RUNS, seed: SEED }
  );
});

t.test(`POST /calls: ${HTTP_RUNS} generated metadata against the database, no 5xx`, async (t) => {
  let created = 0;
  const startedAt = new Date(Date.now() - 60_000).toISOString();
  const endedAt = new Date(Date.now() - 50_000).toISOString();
  await fc.assert(
    fc.asyncProperty(metadata, async (value) => {
      const body = newCallBody({ status: 'failed', endReason: 'busy', startedAt, endedAt, metadata: value });
      const response = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: JSON.stringify(body) });
      if (response.statusCode === 201) created += 1;
      return inShape(response, /^body\.metadata/);
    }),
    { numRuns: HTTP_RUNS, seed: SEED }
  );
  t.ok(created > HTTP_RUNS / 20, `generated metadata was also stored (${created} rows)`);
});
