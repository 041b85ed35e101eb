import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import t from 'tap';
import { CallWrapUpsRepository } from '../src/repositories/call-wrap-ups.repository.js';
import { MetadataCipher, isSealed } from '../src/security/metadata-cipher.js';
import { buildTestApp } from './helpers/build-test-app.js';
import { isoAfter, newCallBody } from './helpers/call-bodies.js';

const KEY_A = randomBytes(32);
const KEY_B = randomBytes(32);
const WINDOW_S = 3600;

const { app, authHeader } = await buildTestApp(t, {
  metadataKeys: { current: KEY_A, previous: [] },
  wrapUp: { editWindowS: WINDOW_S, dispositions: ['interested', 'not interested', 'call back'] }
});

/** A finished outbound call of `userId` that ended `endedAgoMs` ago; returns its id. */
async function finishedCall(userId: string, endedAgoMs = 1000): Promise<string> {
  const endedAt = new Date(Date.now() - endedAgoMs).toISOString();
  const startedAt = isoAfter(endedAt, -60_000);
  const created = await app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers: authHeader(userId),
    payload: newCallBody({ status: 'ended', startedAt, answeredAt: isoAfter(startedAt, 5000), endedAt, endReason: 'local-hangup' })
  });
  t.equal(created.statusCode, 201);
  return created.json().id as string;
}

const put = (userId: string, id: string, payload: unknown) =>
  app.inject({ method: 'PUT', url: `/api/telephony/calls/${id}/wrap-up`, headers: authHeader(userId), payload: payload as object });

t.test('a wrap-up is stored, read back, replaced, and a replay changes nothing', async (t) => {
  const id = await finishedCall('agent-1');
  const first = await put('agent-1', id, { disposition: 'interested', notes: 'Wants a quote.\nCall on Monday.' });
  t.equal(first.statusCode, 201, 'created');
  t.match(first.json(), { callId: id, disposition: 'interested', notes: 'Wants a quote.\nCall on Monday.' });
  const replay = await put('agent-1', id, { disposition: 'interested', notes: 'Wants a quote.\nCall on Monday.' });
  t.equal(replay.statusCode, 200, 'the same wrap-up again is a 200');
  t.equal(replay.json().updatedAt, first.json().updatedAt, 'and changes nothing');
  const changed = await put('agent-1', id, { disposition: 'call back' });
  t.equal(changed.statusCode, 200);
  t.match(changed.json(), { disposition: 'call back', notes: '' });
  const read = await app.inject({ method: 'GET', url: `/api/telephony/calls/${id}/wrap-up`, headers: authHeader('agent-1') });
  t.equal(read.statusCode, 200);
  t.match(read.json(), { disposition: 'call back', notes: '' });
  const stored = await app.db.selectFrom('call_wrap_ups').selectAll().where('call_id', '=', id).executeTakeFirstOrThrow();
  t.equal(stored.notes, null, 'empty notes are stored as none');
  const call = await app.inject({ method: 'GET', url: `/api/telephony/calls/${id}`, headers: authHeader('agent-1') });
  t.equal(call.json().status, 'ended', "the call's own facts are untouched");
});

t.test("another user's call is a 404, as is a call that does not exist", async (t) => {
  const id = await finishedCall('owner');
  const other = await put('intruder', id, { disposition: 'interested' });
  t.equal(other.statusCode, 404);
  t.equal(other.json().error.code, 'NOT_FOUND');
  t.equal((await put('owner', randomUUID(), { disposition: 'interested' })).statusCode, 404);
  const read = await app.inject({ method: 'GET', url: `/api/telephony/calls/${id}/wrap-up`, headers: authHeader('intruder') });
  t.equal(read.statusCode, 404);
  t.equal(await app.db.selectFrom('call_wrap_ups').select('call_id').where('call_id', '=', id).executeTakeFirst(), undefined, 'nothing was written');
});

t.test('an open call is a 409', async (t) => {
  const created = await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: authHeader('agent-open'), payload: newCallBody() });
  const response = await put('agent-open', created.json().id, { disposition: 'interested' });
  t.equal(response.statusCode, 409);
  t.equal(response.json().error.code, 'CONFLICT');
  t.match(response.json().error.message, /still open/);
});

t.test('after the edit window a change is a 409, a replay of what is stored is not', async (t) => {
  const id = await finishedCall('agent-late', 1000);
  t.equal((await put('agent-late', id, { disposition: 'interested', notes: 'first' })).statusCode, 201);
  // The call ended longer ago than the window.
  await sql`update call_logs set ended_at = now() - interval '2 hours', started_at = now() - interval '3 hours' where id = ${id}`.execute(app.db);
  const late = await put('agent-late', id, { disposition: 'not interested' });
  t.equal(late.statusCode, 409);
  t.match(late.json().error.details, { callId: id, editableUntil: String });
  const replay = await put('agent-late', id, { disposition: 'interested', notes: 'first' });
  t.equal(replay.statusCode, 200, 'the outbox delivering a wrap-up that already landed is not refused');
  const fresh = await finishedCall('agent-late', 2 * 3600 * 1000);
  t.equal((await put('agent-late', fresh, { disposition: 'interested' })).statusCode, 409, 'a first wrap-up after the window too');
});

t.test('bad input is a 400 naming the field', async (t) => {
  const id = await finishedCall('agent-bad');
  const cases: Array<[unknown, string]> = [
    [{ disposition: 'interested', notes: 'x'.repeat(2001) }, 'body.notes'],
    [{ disposition: 'interested', notes: 'bell\u0007' }, 'body.notes'],
    [{ disposition: '<script>' }, 'body.disposition'],
    [{ disposition: 'x'.repeat(65) }, 'body.disposition'],
    [{ disposition: 'maybe later' }, 'body.disposition'],
    [{ notes: 'no disposition' }, 'body.disposition'],
    [{ disposition: 'interested', extra: 1 }, 'body']
  ];
  for (const [payload, field] of cases) {
    const response = await put('agent-bad', id, payload);
    t.equal(response.statusCode, 400, JSON.stringify(payload).slice(0, 60));
    t.ok(
      response
        .json()
        .error.details.issues.some(
          (issue: { field: string }) => issue.field === field || issue.field.startsWith(`${field}.`) || (field === 'body' && issue.field.startsWith('body'))
        ),
      `names ${field}`
    );
  }
  t.equal((await put('agent-bad', id, { disposition: 'interested', notes: 'x'.repeat(2000) })).statusCode, 201, '2,000 characters exactly is accepted');
});

t.test('notes are sealed at rest, and the reseal job moves them to a new key', async (t) => {
  const id = await finishedCall('agent-sealed');
  await put('agent-sealed', id, { disposition: 'interested', notes: 'customer asked for a callback' });
  const raw = (await app.db.selectFrom('call_wrap_ups').select('notes').where('call_id', '=', id).executeTakeFirstOrThrow()).notes;
  t.ok(isSealed(raw), 'sealed');
  t.notMatch(JSON.stringify(raw), /callback/, 'no plaintext at rest');
  // A sealed note copied onto another call does not open there.
  const other = await finishedCall('agent-sealed');
  await put('agent-sealed', other, { disposition: 'interested', notes: 'other' });
  await app.db
    .updateTable('call_wrap_ups')
    .set({ notes: JSON.stringify(raw) })
    .where('call_id', '=', other)
    .execute();
  await t.rejects(new CallWrapUpsRepository(app.db, new MetadataCipher(KEY_A)).findTarget('agent-sealed', other), /integrity check/);

  // The copied note cannot be opened: the reseal reports it and goes on with every other row.
  const rotated = new CallWrapUpsRepository(app.db, new MetadataCipher(KEY_B, [KEY_A]));
  const report = await rotated.resealNotes(2);
  t.ok(report.rewritten >= 1, 'rewritten');
  t.same(
    report.skipped.map((row) => row.id),
    [other],
    'the unreadable note is reported by call id'
  );
  t.match(report.skipped[0]?.reason, /integrity check/);
  t.same(
    (await app.db.selectFrom('call_wrap_ups').select('notes').where('call_id', '=', other).executeTakeFirstOrThrow()).notes,
    raw,
    'a skipped note is left as it is'
  );
  const after = (await app.db.selectFrom('call_wrap_ups').select('notes').where('call_id', '=', id).executeTakeFirstOrThrow()).notes;
  t.not((after as { kid: string }).kid, (raw as { kid: string }).kid, 'under the new key');
  t.same(await rotated.resealNotes(), { rewritten: 0, skipped: report.skipped }, 'a second run has nothing more to do');
  await app.db.deleteFrom('call_wrap_ups').where('call_id', '=', other).execute();
  const target = await new CallWrapUpsRepository(app.db, new MetadataCipher(KEY_B)).findTarget('agent-sealed', id);
  t.equal(target?.wrapUp?.notes, 'customer asked for a callback', 'the new key alone opens it');
});

t.test('without an operator list any well-formed disposition is accepted', async (t) => {
  const open = await buildTestApp(t);
  const userHeaders = open.authHeader('agent-free');
  const endedAt = new Date().toISOString();
  const created = await open.app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers: userHeaders,
    payload: newCallBody({ status: 'failed', startedAt: endedAt, endedAt, endReason: 'busy' })
  });
  const id = created.json().id as string;
  const response = await open.app.inject({
    method: 'PUT',
    url: `/api/telephony/calls/${id}/wrap-up`,
    headers: userHeaders,
    payload: { disposition: 'Rappel / Callback' }
  });
  t.equal(response.statusCode, 201, 'a failed call is finished too');
  const raw = (await open.app.db.selectFrom('call_wrap_ups').select('notes').where('call_id', '=', id).executeTakeFirstOrThrow()).notes;
  t.equal(raw, null);
});
