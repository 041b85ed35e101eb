import { randomUUID } from 'node:crypto';
import t, { type Test } from 'tap';
import { BODY_LIMIT_BYTES } from '../src/app.js';
import { buildTestApp } from './helpers/build-test-app.js';
import { newCallBody } from './helpers/call-bodies.js';

const { app, authHeader } = await buildTestApp(t);
const headers = authHeader('validator');

/** Asserts a 400 in the error shape whose first issue names `field`. */
function expect400(t: Test, response: Awaited<ReturnType<typeof app.inject>>, field: string, label: string) {
  t.equal(response.statusCode, 400, `${label}: status`);
  const body = response.json();
  t.equal(body.error?.code, 'VALIDATION_FAILED', `${label}: code`);
  t.type(body.error?.requestId, 'string', `${label}: requestId`);
  const fields = (body.error?.details?.issues ?? []).map((issue: { field: string }) => issue.field);
  t.ok(
    fields.some((name: string) => name.startsWith(field)),
    `${label}: names ${field} (got ${fields.join(', ')})`
  );
  t.match(body.error?.message, field, `${label}: message names the field`);
}

t.test('create: each kind of bad field is a 400 naming it', async (t) => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['unknown field', { ...newCallBody(), userId: 'someone-else' }, 'body.userId'],
    ['wrong type', { ...newCallBody(), number: 12025550100 }, 'body.number'],
    ['wrong type, nested', { ...newCallBody(), metadata: 'flat' }, 'body.metadata'],
    ['bad uuid', { ...newCallBody(), clientSessionId: 'not-a-uuid' }, 'body.clientSessionId'],
    ['bad date', { ...newCallBody(), startedAt: '2026-02-30T25:00:00Z' }, 'body.startedAt'],
    ['date without zone', { ...newCallBody(), startedAt: '2026-02-03T10:00:00' }, 'body.startedAt'],
    ['national number', { ...newCallBody(), number: '(202) 555-0100' }, 'body.number'],
    ['number with extension', { ...newCallBody(), number: '+12025550100;ext=1' }, 'body.number'],
    ['sql fragment', { ...newCallBody(), number: "+1202'; DROP TABLE call_logs; --" }, 'body.number'],
    ['sql in contact id', { ...newCallBody(), contactId: '1 OR 1=1; --' }, 'body.contactId'],
    [
      'control characters',
      { ...newCallBody(), status: 'failed', endReason: 'error', endedAt: new Date().toISOString(), errorMessage: 'bad\u0000byte' },
      'body.errorMessage'
    ],
    [
      'CRLF injection',
      { ...newCallBody(), status: 'failed', endReason: 'error', endedAt: new Date().toISOString(), errorCode: 'E1\r\nX-Injected: 1' },
      'body.errorCode'
    ],
    [
      'oversize field',
      { ...newCallBody(), status: 'failed', endReason: 'error', endedAt: new Date().toISOString(), errorMessage: 'x'.repeat(501) },
      'body.errorMessage'
    ],
    ['missing field', { direction: 'outbound', number: '+12025550100', status: 'dialing', startedAt: new Date().toISOString() }, 'body.clientSessionId'],
    ['unknown status', { ...newCallBody(), status: 'on-hold' }, 'body.status'],
    ['negative duration', { ...newCallBody(), durationMs: -5 }, 'body.durationMs'],
    ['huge metadata', { ...newCallBody(), metadata: { blob: 'x'.repeat(5000) } }, 'body.metadata']
  ];
  for (const [label, payload, field] of cases) {
    expect400(t, await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload }), field, label);
  }
  const rows = await app.db.selectFrom('call_logs').select('id').where('user_id', '=', 'validator').execute();
  t.equal(rows.length, 0, 'nothing was written');
});

t.test('bodies that are not JSON objects are 400s naming the body', async (t) => {
  const raw = (payload: string, contentType = 'application/json') =>
    app.inject({ method: 'POST', url: '/api/telephony/calls', headers: { ...headers, 'content-type': contentType }, payload });
  expect400(t, await raw('{"number": '), 'body', 'malformed JSON');
  expect400(t, await raw('[]'), 'body', 'array');
  expect400(t, await raw('null'), 'body', 'null');
  expect400(t, await raw('number=+12025550100', 'application/x-www-form-urlencoded'), 'body', 'form body');
  expect400(t, await raw(JSON.stringify({ ...newCallBody(), padding: 'x'.repeat(BODY_LIMIT_BYTES) })), 'body', 'oversize body');
  expect400(t, await raw('{"__proto__": {"admin": true}}'), 'body', 'prototype pollution');
});

t.test('path parameters: a bad uuid is a 400, never a 500', async (t) => {
  for (const id of ['123', 'x'.repeat(40), "1' or '1'='1", '%00', '00000000-0000-0000-0000-00000000000g']) {
    expect400(t, await app.inject({ method: 'GET', url: `/api/telephony/calls/${encodeURIComponent(id)}`, headers }), 'params.id', `GET ${id}`);
    expect400(
      t,
      await app.inject({ method: 'PATCH', url: `/api/telephony/calls/${encodeURIComponent(id)}`, headers, payload: { status: 'ringing' } }),
      'params.id',
      `PATCH ${id}`
    );
  }
});

t.test('patch: unknown, mistyped and empty bodies are 400s naming the field', async (t) => {
  const id = (await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: authHeader('patcher'), payload: newCallBody() })).json().id;
  const patch = (payload: unknown) =>
    app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers: authHeader('patcher'), payload: payload as object });
  expect400(t, await patch({ userId: 'x' }), 'body.userId', 'unknown field');
  expect400(t, await patch({ status: 7 }), 'body.status', 'wrong type');
  expect400(t, await patch({ endedAt: 'soon' }), 'body.endedAt', 'bad date');
  expect400(t, await patch({}), 'body', 'empty');
  expect400(t, await patch({ durationMs: '100' }), 'body.durationMs', 'number as string');
});

t.test('no route, no method: 404 in the error shape', async (t) => {
  const response = await app.inject({ method: 'DELETE', url: `/api/telephony/calls/${randomUUID()}`, headers });
  t.equal(response.statusCode, 404);
  t.equal(response.json().error.code, 'NOT_FOUND');
});
