import { randomUUID } from 'node:crypto';
import t from 'tap';
import { buildTestApp } from './helpers/build-test-app.js';
import { isoAfter, newCallBody } from './helpers/call-bodies.js';

// One app and one database for this file; each test works as users of its own.
const { app, authHeader } = await buildTestApp(t);
const newUser = () => `user-${randomUUID()}`;
const countRows = async (userId: string) =>
  Number(
    (
      await app.db
        .selectFrom('call_logs')
        .where('user_id', '=', userId)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n
  );

t.test('create answers 201 with an id, and the row reads back', async (t) => {
  const alice = newUser();
  const body = newCallBody({ contactId: 'contact-17' });
  const created = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: authHeader(alice), payload: body });
  t.equal(created.statusCode, 201);
  const { id } = created.json();
  t.match(id, /^[0-9a-f-]{36}$/);
  const read = await app.inject({ method: 'GET', url: `/api/telephony/calls/${id}`, headers: authHeader(alice) });
  t.equal(read.statusCode, 200);
  t.match(read.json(), {
    id,
    number: '+12025550100',
    contactId: 'contact-17',
    status: 'dialing',
    direction: 'outbound',
    startedAt: body.startedAt,
    answeredAt: null,
    endedAt: null,
    durationMs: null,
    clientSessionId: body.clientSessionId
  });
});

t.test('the same request twice yields one row and the same id', async (t) => {
  const alice = newUser();
  const body = newCallBody();
  const first = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: authHeader(alice), payload: body });
  const second = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: authHeader(alice), payload: body });
  t.equal(first.statusCode, 201);
  t.equal(second.statusCode, 200, 'a replay is not a new resource');
  t.equal(second.json().id, first.json().id);
  t.equal(await countRows(alice), 1);
});

t.test('50 identical requests at once yield one row and one id', async (t) => {
  const alice = newUser();
  const body = newCallBody();
  const headers = authHeader(alice);
  const responses = await Promise.all(Array.from({ length: 50 }, () => app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: body })));
  const statuses = responses.map((response) => response.statusCode);
  t.equal(statuses.filter((status) => status === 201).length, 1, 'exactly one created');
  t.equal(statuses.filter((status) => status === 200).length, 49, 'the rest replayed');
  t.equal(new Set(responses.map((response) => response.json().id)).size, 1);
  t.equal(await countRows(alice), 1);
});

t.test('a second open call is refused with a 409 naming the open one', async (t) => {
  const alice = newUser();
  const first = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: authHeader(alice), payload: newCallBody() });
  const second = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: authHeader(alice), payload: newCallBody() });
  t.equal(second.statusCode, 409);
  const error = second.json().error;
  t.equal(error.code, 'CONFLICT');
  t.equal(error.details.openCallId, first.json().id);
  t.match(error.message, first.json().id);
  const other = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: authHeader(newUser()), payload: newCallBody() });
  t.equal(other.statusCode, 201, 'another user is not affected');
});

t.test('50 different open calls at once: exactly one wins, the rest name it', async (t) => {
  const alice = newUser();
  const headers = authHeader(alice);
  const responses = await Promise.all(
    Array.from({ length: 50 }, () => app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: newCallBody() }))
  );
  const winners = responses.filter((response) => response.statusCode === 201);
  t.equal(winners.length, 1);
  const winnerId = winners[0]?.json().id;
  for (const response of responses.filter((r) => r.statusCode !== 201)) {
    t.equal(response.statusCode, 409);
    t.equal(response.json().error.details.openCallId, winnerId);
  }
});

t.test('after the open call ends, a new one can start', async (t) => {
  const alice = newUser();
  const headers = authHeader(alice);
  const first = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: newCallBody() });
  const id = first.json().id;
  const ended = await app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers, payload: { status: 'ended', endReason: 'canceled' } });
  t.equal(ended.statusCode, 200);
  const next = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: newCallBody() });
  t.equal(next.statusCode, 201);
});

t.test('a finished call may be logged in one request, with a consistent duration', async (t) => {
  const alice = newUser();
  const headers = authHeader(alice);
  const startedAt = '2026-11-23T10:00:00.000Z';
  const answeredAt = isoAfter(startedAt, 2000);
  const endedAt = isoAfter(startedAt, 12_000);
  const finished = newCallBody({ status: 'ended', startedAt, answeredAt, endedAt, endReason: 'local-hangup', durationMs: 10_000 });
  const response = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: finished });
  t.equal(response.statusCode, 201);
  const row = (await app.inject({ method: 'GET', url: `/api/telephony/calls/${response.json().id}`, headers })).json();
  t.equal(row.durationMs, 10_000);
  t.equal(row.status, 'ended');

  const derived = await app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers,
    payload: newCallBody({ status: 'failed', startedAt, endedAt, endReason: 'busy' })
  });
  t.equal(derived.statusCode, 201);
  const derivedRow = (await app.inject({ method: 'GET', url: `/api/telephony/calls/${derived.json().id}`, headers })).json();
  t.equal(derivedRow.durationMs, 0, 'never answered: 0');

  const wrong = await app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers,
    payload: newCallBody({ status: 'ended', startedAt, answeredAt, endedAt, endReason: 'local-hangup', durationMs: 2000 })
  });
  t.equal(wrong.statusCode, 400);
  t.equal(wrong.json().error.details.issues[0].field, 'body.durationMs');
  const backwards = await app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers,
    payload: newCallBody({ status: 'ended', startedAt, answeredAt: endedAt, endedAt: answeredAt, endReason: 'local-hangup' })
  });
  t.equal(backwards.statusCode, 400);
  t.equal(backwards.json().error.details.issues[0].field, 'body.endedAt');
});

t.test('a call cannot be logged connected before it was dialing', async (t) => {
  const alice = newUser();
  const response = await app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers: authHeader(alice),
    payload: newCallBody({ status: 'connected', answeredAt: new Date().toISOString() })
  });
  t.equal(response.statusCode, 400);
  t.equal(response.json().error.details.issues[0].field, 'body.status');
});

t.test('an unknown call id is a 404 in the error shape', async (t) => {
  const alice = newUser();
  const response = await app.inject({ method: 'GET', url: `/api/telephony/calls/${randomUUID()}`, headers: authHeader(alice) });
  t.equal(response.statusCode, 404);
  t.equal(response.json().error.code, 'NOT_FOUND');
  t.type(response.json().error.requestId, 'string');
});
