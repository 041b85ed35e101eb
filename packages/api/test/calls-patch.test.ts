import { randomUUID } from 'node:crypto';
import t from 'tap';
import { buildTestApp } from './helpers/build-test-app.js';
import { isoAfter, newCallBody } from './helpers/call-bodies.js';

const { app, authHeader } = await buildTestApp(t);

/** A fresh user with one call in `dialing`, started `startedAt`. */
async function openCall(startedAt = new Date(Date.now() - 60_000).toISOString()) {
  const headers = authHeader(`user-${randomUUID()}`);
  const response = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: newCallBody({ startedAt }) });
  const id: string = response.json().id;
  const patch = (payload: Record<string, unknown>) => app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers, payload });
  return { id, headers, startedAt, patch };
}

t.test('a call moves dialing → ringing → connected → ended, with the duration derived', async (t) => {
  const call = await openCall();
  t.equal((await call.patch({ status: 'ringing' })).json().status, 'ringing');
  const answeredAt = isoAfter(call.startedAt, 3000);
  const connected = await call.patch({ status: 'connected', answeredAt });
  t.equal(connected.statusCode, 200);
  t.equal(connected.json().answeredAt, answeredAt);
  const endedAt = isoAfter(call.startedAt, 45_500);
  const ended = await call.patch({ status: 'ended', endedAt, endReason: 'remote-hangup' });
  t.equal(ended.statusCode, 200);
  t.match(ended.json(), { status: 'ended', endedAt, endReason: 'remote-hangup', durationMs: 42_500 });
});

t.test('a reported duration is checked against the timestamps (1 s tolerance)', async (t) => {
  const call = await openCall();
  await call.patch({ status: 'ringing' });
  const answeredAt = isoAfter(call.startedAt, 1000);
  await call.patch({ status: 'connected', answeredAt });
  const endedAt = isoAfter(call.startedAt, 11_000);
  const wrong = await call.patch({ status: 'ended', endedAt, endReason: 'local-hangup', durationMs: 12_500 });
  t.equal(wrong.statusCode, 400);
  t.equal(wrong.json().error.details.issues[0].field, 'body.durationMs');
  t.match(wrong.json().error.message, /10000 ms/);
  const close = await call.patch({ status: 'ended', endedAt, endReason: 'local-hangup', durationMs: 10_400 });
  t.equal(close.statusCode, 200);
  t.equal(close.json().durationMs, 10_400, 'the client figure is kept when within tolerance');
});

t.test('a call never answered has duration 0, and nothing else', async (t) => {
  const call = await openCall();
  const endedAt = isoAfter(call.startedAt, 5000);
  const wrong = await call.patch({ status: 'failed', endedAt, endReason: 'busy', durationMs: 300 });
  t.equal(wrong.statusCode, 400);
  const right = await call.patch({ status: 'failed', endedAt, endReason: 'busy' });
  t.equal(right.statusCode, 200);
  t.equal(right.json().durationMs, 0);
});

t.test('connected straight from dialing is refused (409); so is going backwards', async (t) => {
  const call = await openCall();
  const skip = await call.patch({ status: 'connected', answeredAt: new Date().toISOString() });
  t.equal(skip.statusCode, 409);
  t.equal(skip.json().error.code, 'CONFLICT');
  t.match(skip.json().error.message, /cannot move from dialing to connected/);
  await call.patch({ status: 'ringing' });
  const back = await call.patch({ status: 'dialing' });
  t.equal(back.statusCode, 409);
  const stored = await app.inject({ method: 'GET', url: `/api/telephony/calls/${call.id}`, headers: call.headers });
  t.equal(stored.json().status, 'ringing', 'a refused patch changes nothing');
});

t.test('a finished call is immutable; replaying the write that finished it is harmless', async (t) => {
  const call = await openCall();
  const endedAt = isoAfter(call.startedAt, 4000);
  const finish = { status: 'ended', endedAt, endReason: 'canceled' };
  t.equal((await call.patch(finish)).statusCode, 200);
  const replay = await call.patch(finish);
  t.equal(replay.statusCode, 200, 'the same patch again is a no-op');
  t.equal(replay.json().endReason, 'canceled');
  for (const change of [{ status: 'connected' }, { endReason: 'busy' }, { status: 'failed', endReason: 'error' }, { errorMessage: 'late' }]) {
    const response = await call.patch(change);
    t.equal(response.statusCode, 409, JSON.stringify(change));
    t.equal(response.json().error.details.status, 'ended');
  }
});

t.test('an ending needs a reason; a live call has none', async (t) => {
  const call = await openCall();
  const noReason = await call.patch({ status: 'ended' });
  t.equal(noReason.statusCode, 400);
  t.equal(noReason.json().error.details.issues[0].field, 'body.endReason');
  const early = await call.patch({ endReason: 'busy' });
  t.equal(early.statusCode, 400);
  const premature = await call.patch({ durationMs: 10 });
  t.equal(premature.statusCode, 400);
  t.equal(premature.json().error.details.issues[0].field, 'body.durationMs');
});

t.test('timestamps out of order are refused', async (t) => {
  const call = await openCall();
  await call.patch({ status: 'ringing' });
  const beforeStart = await call.patch({ status: 'connected', answeredAt: isoAfter(call.startedAt, -1000) });
  t.equal(beforeStart.statusCode, 400);
  t.equal(beforeStart.json().error.details.issues[0].field, 'body.answeredAt');
  await call.patch({ status: 'connected', answeredAt: isoAfter(call.startedAt, 1000) });
  const endBeforeAnswer = await call.patch({ status: 'ended', endReason: 'local-hangup', endedAt: isoAfter(call.startedAt, 500) });
  t.equal(endBeforeAnswer.statusCode, 400);
  t.equal(endBeforeAnswer.json().error.details.issues[0].field, 'body.endedAt');
});

t.test('metadata merges key by key', async (t) => {
  const call = await openCall();
  await call.patch({ metadata: { jitterMs: 4, host: 'crm' } });
  const merged = await call.patch({ metadata: { jitterMs: 9, mos: 4.1 } });
  t.same(merged.json().metadata, { jitterMs: 9, host: 'crm', mos: 4.1 });
});

t.test('concurrent patches cannot both finish a call differently', async (t) => {
  const call = await openCall();
  const endedAt = isoAfter(call.startedAt, 2000);
  const [a, b] = await Promise.all([
    call.patch({ status: 'ended', endedAt, endReason: 'canceled' }),
    call.patch({ status: 'failed', endedAt, endReason: 'network' })
  ]);
  t.same([a?.statusCode, b?.statusCode].sort(), [200, 409]);
});

t.test('a patch for an unknown id is a 404', async (t) => {
  const response = await app.inject({
    method: 'PATCH',
    url: `/api/telephony/calls/${randomUUID()}`,
    headers: authHeader('someone'),
    payload: { status: 'ringing' }
  });
  t.equal(response.statusCode, 404);
});

t.test('a contact found after the create comes with a later PATCH, once: the same again is a no-op, another one 409 (ADR 139)', async (t) => {
  const call = await openCall();
  const late = await call.patch({ status: 'ringing', contactId: 'c-late' });
  t.equal(late.statusCode, 200);
  t.equal(late.json().contactId, 'c-late', 'stored with the ringing write');
  const history = await app.inject({ method: 'GET', url: '/api/telephony/history?contactId=c-late', headers: call.headers });
  t.same(
    history.json().items.map((item: { id: string }) => item.id),
    [call.id],
    'and found by the history filter'
  );
  const again = await call.patch({ contactId: 'c-late' });
  t.equal(again.statusCode, 200, 'the same contact again (a replay) changes nothing');
  const other = await call.patch({ contactId: 'c-other' });
  t.equal(other.statusCode, 409);
  t.match(other.json().error, { code: 'CONFLICT', details: { field: 'body.contactId' } });
  t.match(other.json().error.message, /already has a contact/);
  const ended = await call.patch({ status: 'ended', endedAt: new Date().toISOString(), endReason: 'local-hangup', contactId: 'c-late' });
  t.equal(ended.statusCode, 200, 'repeated in the closing write');
});

t.test('a contact PATCHed onto a call that never had one: with a bad id, 400 naming the field', async (t) => {
  const call = await openCall();
  const bad = await call.patch({ contactId: 'not an id!' });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().error.details.issues[0].field, 'body.contactId');
  t.equal((await call.patch({ status: 'ringing' })).json().contactId, null, 'and nothing stored');
});
