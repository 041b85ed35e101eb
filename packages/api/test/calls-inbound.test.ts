import t from 'tap';
import { buildTestApp } from './helpers/build-test-app.js';
import { isoAfter, newCallBody } from './helpers/call-bodies.js';

// Inbound calls in the call vocabulary (issue 20): they arrive ringing, end missed, declined, or answered
// then hung up by either side; /metrics counts them apart.
const { app, authHeader } = await buildTestApp(t);
let users = 0;
const nextUser = () => authHeader(`inbound-${++users}`);

const create = (headers: Record<string, string>, payload: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload });
const patch = (headers: Record<string, string>, id: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers, payload });
const metric = async (line: RegExp) => {
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  const match = text.split('\n').find((row) => line.test(row));
  return match ? Number(match.split(' ').pop()) : 0;
};

t.test('an inbound call rings, is answered, and ends; it never dials', async (t) => {
  const headers = nextUser();
  const before = await metric(/^sw_dialer_calls_by_direction_total\{direction="inbound"\}/);
  const dialing = await create(headers, newCallBody({ direction: 'inbound' }));
  t.equal(dialing.statusCode, 400, 'an inbound call does not start at dialing');
  const created = await create(headers, newCallBody({ direction: 'inbound', status: 'ringing' }));
  t.equal(created.statusCode, 201);
  const id = created.json().id as string;
  const back = await patch(headers, id, { status: 'dialing' });
  t.equal(back.statusCode, 409, 'and never moves to dialing');
  t.equal((await patch(headers, id, { status: 'connected' })).statusCode, 200);
  const busy = await patch(headers, id, { status: 'failed', endReason: 'busy' });
  t.equal(busy.statusCode, 400, 'busy describes a call we placed');
  t.equal(busy.json().error.details.issues[0].field, 'body.endReason');
  const missedAfterAnswer = await patch(headers, id, { status: 'ended', endReason: 'missed' });
  t.equal(missedAfterAnswer.statusCode, 400, 'an answered call was not missed');
  const ended = await patch(headers, id, { status: 'ended', endReason: 'remote-hangup' });
  t.equal(ended.statusCode, 200);
  t.match(ended.json(), { direction: 'inbound', status: 'ended', endReason: 'remote-hangup', durationMs: Number });
  t.equal(await metric(/^sw_dialer_calls_by_direction_total\{direction="inbound"\}/), before + 1, 'counted as inbound');
});

t.test('a caller who gives up while it rings is a missed call, counted as such', async (t) => {
  const headers = nextUser();
  const missedBefore = await metric(/^sw_dialer_missed_calls_total /);
  const created = await create(headers, newCallBody({ direction: 'inbound', status: 'ringing' }));
  const ended = await patch(headers, created.json().id, { status: 'ended', endReason: 'missed' });
  t.equal(ended.statusCode, 200);
  t.match(ended.json(), { status: 'ended', endReason: 'missed', answeredAt: null, durationMs: 0 });
  t.equal(await metric(/^sw_dialer_missed_calls_total /), missedBefore + 1);
  const history = (await app.inject({ method: 'GET', url: '/api/telephony/history?status=ended', headers })).json();
  t.match(history.items[0], { direction: 'inbound', endReason: 'missed' }, 'and shows in history as missed');
});

t.test('an inbound call the agent declined, logged at once by the outbox', async (t) => {
  const headers = nextUser();
  const startedAt = new Date(Date.now() - 10_000).toISOString();
  const created = await create(
    headers,
    newCallBody({ direction: 'inbound', status: 'ended', startedAt, endedAt: isoAfter(startedAt, 4000), endReason: 'declined-by-agent' })
  );
  t.equal(created.statusCode, 201);
  const farEndWord = await create(
    nextUser(),
    newCallBody({ direction: 'inbound', status: 'ended', startedAt, endedAt: isoAfter(startedAt, 4000), endReason: 'declined' })
  );
  t.equal(farEndWord.statusCode, 400, 'declined is the far end refusing a call we placed');
  t.match(farEndWord.json().error.details.issues[0], { field: 'body.endReason', message: /declined-by-agent/ });
  const outbound = await create(nextUser(), newCallBody({ status: 'ended', startedAt, endedAt: isoAfter(startedAt, 4000), endReason: 'declined-by-agent' }));
  t.equal(outbound.statusCode, 400, 'and declined-by-agent is for inbound calls');
});

t.test('missed is for inbound calls only, and never for an answered one', async (t) => {
  const headers = nextUser();
  const startedAt = new Date(Date.now() - 10_000).toISOString();
  const outbound = await create(headers, newCallBody({ status: 'ended', startedAt, endedAt: isoAfter(startedAt, 4000), endReason: 'missed' }));
  t.equal(outbound.statusCode, 400);
  t.equal(outbound.json().error.details.issues[0].field, 'body.endReason');
  const answered = await create(
    headers,
    newCallBody({
      direction: 'inbound',
      status: 'ended',
      startedAt,
      answeredAt: isoAfter(startedAt, 1000),
      endedAt: isoAfter(startedAt, 4000),
      endReason: 'missed'
    })
  );
  t.equal(answered.statusCode, 400);
  const created = await create(headers, newCallBody());
  const patched = await patch(headers, created.json().id, { status: 'failed', endReason: 'missed' });
  t.equal(patched.statusCode, 400, 'nor by PATCH on an outbound call');
});

t.test('outbound calls are counted by direction too', async (t) => {
  const headers = nextUser();
  const before = await metric(/^sw_dialer_calls_by_direction_total\{direction="outbound"\}/);
  const created = await create(headers, newCallBody());
  await patch(headers, created.json().id, { status: 'failed', endReason: 'no-answer' });
  t.equal(await metric(/^sw_dialer_calls_by_direction_total\{direction="outbound"\}/), before + 1);
});
