import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import t from 'tap';
import { buildTestApp } from '../helpers/build-test-app.js';

/**
 * Generated bodies and query strings against every route: whatever arrives, the API answers in the
 * error shape with a 4xx (400 for bad input), never a 5xx, and keeps running. Bounded: a fixed number of
 * runs per route, a fixed seed so a failure replays.
 */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

const { app, authHeader } = await buildTestApp(t, { rateLimit: { max: 1_000_000, timeWindowMs: 60_000 } });
const headers = authHeader('fuzzer');
const existingId: string = (
  await app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers,
    payload: { clientSessionId: randomUUID(), direction: 'outbound', number: '+12025550100', status: 'dialing', startedAt: new Date().toISOString() }
  })
).json().id;

// Values that look almost right are where parsers break: mix them with arbitrary JSON.
const nearMiss = fc.oneof(
  fc.constantFrom(
    '+12025550100',
    '12025550100',
    '+1202555010',
    '+1 202 555 0100',
    "'; DROP TABLE call_logs; --",
    '\u0000',
    '\r\nX: y',
    '%00',
    '../../etc/passwd'
  ),
  fc.constantFrom('dialing', 'ringing', 'connected', 'ended', 'failed', 'idle', 'busy', 'local-hangup'),
  fc.constantFrom(new Date().toISOString(), '2026-02-30T00:00:00Z', '9999-12-31T23:59:59Z', '0000-00-00', 'NaN'),
  fc.constantFrom(randomUUID(), existingId, 'not-a-uuid', ''),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(null, true, [], {})
);
const callKeys = [
  'clientSessionId',
  'direction',
  'number',
  'contactId',
  'status',
  'startedAt',
  'answeredAt',
  'endedAt',
  'durationMs',
  'endReason',
  'errorCode',
  'errorMessage',
  'providerCallId',
  'metadata',
  '__proto__',
  'constructor',
  'userId'
];
const callBody = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(fc.constantFrom(...callKeys), nearMiss, { maxKeys: 10 }) },
  { weight: 1, arbitrary: fc.jsonValue() }
);
const queryString = fc
  .dictionary(
    fc.constantFrom('limit', 'offset', 'cursor', 'status', 'contactId', 'number', 'from', 'to', 'query', 'numbers', 'x'),
    fc.oneof(nearMiss.map(String), fc.string()),
    { maxKeys: 5 }
  )
  .map((entries) => new URLSearchParams(entries as Record<string, string>).toString());

interface Probe {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  payload?: string;
}

const routes: Array<[string, fc.Arbitrary<Probe>]> = [
  ['POST /calls', callBody.map((body) => ({ method: 'POST', url: '/api/telephony/calls', payload: JSON.stringify(body) }))],
  [
    'PATCH /calls/:id',
    fc
      .tuple(fc.oneof(fc.constant(existingId), fc.string({ maxLength: 40 })), callBody)
      .map(([id, body]) => ({ method: 'PATCH', url: `/api/telephony/calls/${encodeURIComponent(id)}`, payload: JSON.stringify(body) }))
  ],
  [
    'GET /calls/:id',
    fc.oneof(fc.constant(existingId), fc.string({ maxLength: 60 })).map((id) => ({ method: 'GET', url: `/api/telephony/calls/${encodeURIComponent(id)}` }))
  ],
  ['GET /history', queryString.map((query) => ({ method: 'GET', url: `/api/telephony/history?${query}` }))],
  ['GET /contacts', queryString.map((query) => ({ method: 'GET', url: `/api/telephony/contacts?${query}` }))],
  ['GET /presence', queryString.map((query) => ({ method: 'GET', url: `/api/telephony/presence?${query}` }))],
  ['POST /signalwire/token', callBody.map((body) => ({ method: 'POST', url: '/api/telephony/signalwire/token', payload: JSON.stringify(body) }))],
  ['POST /calls/bridge', callBody.map((body) => ({ method: 'POST', url: '/api/telephony/calls/bridge', payload: JSON.stringify(body) }))],
  [
    'POST /calls/:id/hangup',
    fc
      .tuple(fc.oneof(fc.constant(existingId), fc.string({ maxLength: 40 })), fc.oneof(callBody, fc.constant({})))
      .map(([id, body]) => ({ method: 'POST', url: `/api/telephony/calls/${encodeURIComponent(id)}/hangup`, payload: JSON.stringify(body) }))
  ],
  ['raw bytes to POST /calls', fc.string({ maxLength: 200 }).map((text) => ({ method: 'POST', url: '/api/telephony/calls', payload: text }))]
];

for (const [name, probe] of routes) {
  t.test(`${name}: ${RUNS_PER_ROUTE} generated requests, no 5xx`, async (t) => {
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(probe, async (request) => {
        const response = await app.inject({ ...request, headers: { ...headers, 'content-type': 'application/json' } });
        if (response.statusCode >= 500 && response.json().error?.code !== 'UPSTREAM_UNAVAILABLE') return false;
        if (response.statusCode >= 400) {
          rejected += 1;
          const error = response.json().error;
          if (!error || typeof error.code !== 'string' || typeof error.message !== 'string' || typeof error.requestId !== 'string') return false;
          if (response.statusCode === 400 && error.code !== 'VALIDATION_FAILED') return false;
        }
        return true;
      }),
      { numRuns: RUNS_PER_ROUTE, seed: SEED }
    );
    t.ok(rejected > RUNS_PER_ROUTE / 2, `most generated requests are rejected (${rejected}), so the generator reaches validation`);
  });
}

t.test('the API still serves a normal request afterwards', async (t) => {
  const response = await app.inject({ method: 'GET', url: `/api/telephony/calls/${existingId}`, headers });
  t.equal(response.statusCode, 200);
});
