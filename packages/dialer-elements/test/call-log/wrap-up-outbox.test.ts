// Wrap-ups go through the call log's outbox (docs/adr/0096): behind the call's own writes, delivered once
// when the API comes back, across a reload, and never before the call's log exists.
import t from 'tap';
import { createApiClient } from '../../src/api/index.js';
import { CallLogOutbox, createCallOwnership, memoryOutbox, type OutboxStorage } from '../../src/call-log/index.js';
import { createFakeApiServer, type FakeApiServer } from '../fakes/fake-api-server.js';

const T = (s: number) => new Date(Date.parse('2026-03-01T12:00:00Z') + s * 1000).toISOString();
let n = 0;
const sid = () => `20000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

function setup(server: FakeApiServer, storage: OutboxStorage = memoryOutbox()) {
  const api = createApiClient({ apiBase: 'http://api.test', fetch: server.fetch });
  const ownership = createCallOwnership({ channelName: `wrap-up-${Math.random()}`, waitMs: 50 });
  const dropped: unknown[] = [];
  const outbox = new CallLogOutbox({ api, storage, ownership, retryDelaysMs: [20], onDropped: (_e, err) => dropped.push(err) });
  t.teardown(() => {
    outbox.stop();
    ownership.close();
  });
  return { outbox, storage, dropped };
}

const startCall = (clientSessionId: string) => ({
  clientSessionId,
  direction: 'outbound' as const,
  number: '+12025550100',
  status: 'dialing' as const,
  startedAt: T(0)
});
const endCall = { status: 'ended' as const, answeredAt: T(2), endedAt: T(9), durationMs: 7_000, endReason: 'local-hangup' as const };
const wrapUpPuts = (server: FakeApiServer) => server.requests.filter((r) => r.method === 'PUT');
/** The API is reachable again; what is counted from now on is what reached it. */
const comeBack = (server: FakeApiServer) => {
  server.down = false;
  server.requests.length = 0;
};

t.test('online: a wrap-up of a logged call is one PUT to its id; nothing is left behind', async (t) => {
  const server = createFakeApiServer();
  const { outbox, storage } = setup(server);
  const s = sid();
  const callId = await outbox.create(startCall(s));
  outbox.patch(s, endCall);
  await outbox.flush();
  t.same(storage.read().ids, {}, 'the closed call is forgotten');

  outbox.wrapUp(s, callId, { disposition: 'Interested', notes: 'Send the price list' });
  await outbox.flush();
  t.equal(wrapUpPuts(server).length, 1);
  t.equal(wrapUpPuts(server)[0]!.path, `/api/telephony/calls/${callId}/wrap-up`);
  t.same(server.wrapUps.get(callId), { disposition: 'Interested', notes: 'Send the price list', puts: 1 });
  t.same(storage.read(), { version: 1, entries: [], ids: {} });
});

t.test('API down for the whole call and its wrap-up: once back, the call then its wrap-up land exactly once', async (t) => {
  const server = createFakeApiServer();
  server.down = true;
  const { outbox, storage } = setup(server);
  const s = sid();
  void outbox.create(startCall(s));
  outbox.patch(s, endCall);
  // The widget never learnt the call's id: the wrap-up names the session.
  outbox.wrapUp(s, null, { disposition: 'Call back later', notes: '' });
  await outbox.flush();
  t.equal(outbox.pending(), 3, 'all three writes wait');
  t.equal(server.calls.length, 0);

  comeBack(server);
  // Every way a flush starts (the retry timer, `online`, the next write) at once: still one of each.
  await Promise.all([outbox.flush(), outbox.flush(), new Promise((resolve) => setTimeout(resolve, 60))]);
  await outbox.flush();
  t.equal(server.calls.length, 1, 'one call');
  t.equal(wrapUpPuts(server).length, 1, 'one wrap-up write');
  const callId = server.calls[0]!.id;
  t.equal(wrapUpPuts(server)[0]!.path, `/api/telephony/calls/${callId}/wrap-up`, 'to the id the create was acknowledged with');
  t.same(server.wrapUps.get(callId), { disposition: 'Call back later', notes: '', puts: 1 });
  t.same(storage.read(), { version: 1, entries: [], ids: {} }, 'the id was kept only while the wrap-up needed it');
});

t.test('a wrap-up queued on one page is delivered by the next page load', async (t) => {
  const server = createFakeApiServer();
  const storage = memoryOutbox();
  const first = setup(server, storage);
  const s = sid();
  const callId = await first.outbox.create(startCall(s));
  first.outbox.patch(s, endCall);
  await first.outbox.flush();
  server.down = true;
  first.outbox.wrapUp(s, callId, { disposition: 'Not interested' });
  await first.outbox.flush();
  t.equal(first.outbox.pending(), 1);
  first.outbox.stop();

  comeBack(server);
  const second = setup(server, storage);
  second.outbox.start();
  await second.outbox.flush();
  t.equal(wrapUpPuts(server).length, 1);
  t.same(server.wrapUps.get(callId), { disposition: 'Not interested', notes: '', puts: 1 });
  t.equal(second.outbox.pending(), 0);
});

t.test('a wrap-up the API refuses for good is dropped and reported; later writes go on', async (t) => {
  const server = createFakeApiServer();
  const { outbox, dropped } = setup(server);
  const s = sid();
  const callId = await outbox.create(startCall(s));
  outbox.patch(s, endCall);
  // Another user's call, or one that does not exist: 404.
  outbox.wrapUp(sid(), '00000000-0000-4000-8000-0000000fffff', { disposition: 'Interested' });
  outbox.wrapUp(s, callId, { disposition: 'Interested' });
  await outbox.flush();
  t.equal(dropped.length, 1);
  t.match(dropped[0], { status: 404 });
  t.same(server.wrapUps.get(callId), { disposition: 'Interested', notes: '', puts: 1 });
  t.equal(outbox.pending(), 0);
});

t.test('a wrap-up of a call whose create was refused has nothing to attach to: dropped', async (t) => {
  const server = createFakeApiServer();
  server.refusedNumbers.add('+12025550100');
  const { outbox, dropped } = setup(server);
  const s = sid();
  await t.rejects(outbox.create(startCall(s)));
  outbox.wrapUp(s, null, { disposition: 'Wrong number' });
  await outbox.flush();
  t.equal(wrapUpPuts(server).length, 0);
  t.equal(dropped.length, 2, 'the create, then the wrap-up');
  t.equal(outbox.pending(), 0);
});
