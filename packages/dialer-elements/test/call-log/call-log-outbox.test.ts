import t from 'tap';
import { createApiClient } from '../../src/api/index.js';
import { CallLiveElsewhereError, CallLogOutbox, createCallOwnership, memoryOutbox, type OutboxStorage } from '../../src/call-log/index.js';
import { createFakeApiServer, type FakeApiServer } from '../fakes/fake-api-server.js';

const T = (s: number) => new Date(Date.parse('2026-03-01T12:00:00Z') + s * 1000).toISOString();
let n = 0;
const sid = () => `10000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

function setup(server: FakeApiServer, storage: OutboxStorage = memoryOutbox(), channelName = `test-${Math.random()}`) {
  const api = createApiClient({ apiBase: 'http://api.test', fetch: server.fetch });
  const ownership = createCallOwnership({ channelName, waitMs: 100 });
  const dropped: unknown[] = [];
  const outbox = new CallLogOutbox({ api, storage, ownership, retryDelaysMs: [20], onDropped: (_e, err) => dropped.push(err) });
  t.teardown(() => {
    outbox.stop();
    ownership.close();
  });
  return { outbox, ownership, storage, dropped };
}

const startCall = (clientSessionId: string, number = '+12025550100') => ({
  clientSessionId,
  direction: 'outbound' as const,
  number,
  status: 'dialing' as const,
  startedAt: T(0)
});

t.test('online: create then each patch, in order; the create resolves with the server id', async (t) => {
  const server = createFakeApiServer();
  const { outbox, storage } = setup(server);
  const s = sid();
  // Writes arrive as the call moves, each one after the API answered the last.
  const callId = await outbox.create(startCall(s));
  for (const body of [
    { status: 'ringing' as const },
    { status: 'connected' as const, answeredAt: T(2) },
    { status: 'ended' as const, endedAt: T(12), durationMs: 10_000, endReason: 'local-hangup' as const }
  ]) {
    outbox.patch(s, body);
    await outbox.flush();
  }
  t.equal(server.calls.length, 1);
  t.equal(server.calls[0]!.id, callId);
  t.match(server.calls[0], { status: 'ended', durationMs: 10_000, endReason: 'local-hangup', answeredAt: T(2) });
  t.same(
    server.requests.map((r) => `${r.method} ${(r.body as { status?: string }).status}`),
    ['POST dialing', 'PATCH ringing', 'PATCH connected', 'PATCH ended']
  );
  t.equal(outbox.pending(), 0);
  t.same(storage.read(), { version: 1, entries: [], ids: {} }, 'nothing left behind');
});

t.test('offline: writes persist, survive a reload and replay as one finished call when the API is back', async (t) => {
  const server = createFakeApiServer();
  server.down = true;
  const storage = memoryOutbox();
  const first = setup(server, storage);
  const s = sid();
  void first.outbox.create(startCall(s));
  first.outbox.patch(s, { status: 'ringing' });
  first.outbox.patch(s, { status: 'connected', answeredAt: T(2) });
  first.outbox.patch(s, { status: 'ended', endedAt: T(7), durationMs: 5_000, endReason: 'remote-hangup' });
  await first.outbox.flush();
  t.equal(first.outbox.pending(), 4, 'all four writes wait');
  t.match(storage.text(), s, 'persisted');
  first.outbox.stop();

  // The page is reloaded; the API comes back.
  server.down = false;
  const second = setup(server, storage);
  second.outbox.start();
  await second.outbox.flush();
  t.equal(server.calls.length, 1, 'the call is in the history');
  t.match(server.calls[0], { clientSessionId: s, status: 'ended', answeredAt: T(2), endedAt: T(7), durationMs: 5_000, endReason: 'remote-hangup' });
  const sent = server.requests.filter((r) => !server.down && r.method !== 'GET');
  t.equal(sent.at(-1)!.method, 'POST', 'one create of the finished call');
  t.equal(second.outbox.pending(), 0);
});

t.test('the outbox retries on its own after the API comes back', async (t) => {
  const server = createFakeApiServer();
  server.down = true;
  const { outbox } = setup(server);
  const s = sid();
  const created = outbox.create(startCall(s));
  await outbox.flush();
  server.down = false;
  t.equal(await created, server.calls[0]!.id, 'the retry timer replays it');
});

t.test('a create whose answer was lost is replayed idempotently and the end still lands', async (t) => {
  const server = createFakeApiServer();
  const { outbox } = setup(server);
  const s = sid();
  server.loseNextCreateAnswer = true;
  const created = outbox.create(startCall(s));
  await outbox.flush();
  t.equal(server.calls.length, 1, 'the server kept the row');
  t.equal(server.calls[0]!.status, 'dialing');
  outbox.patch(s, { status: 'failed', endedAt: T(3), durationMs: 0, endReason: 'busy' });
  t.equal(await created, server.calls[0]!.id, 'the replay answers with the same id');
  await outbox.flush();
  t.equal(server.calls.length, 1, 'no duplicate row');
  t.match(server.calls[0], { status: 'failed', endReason: 'busy' });
});

t.test('two calls made offline replay in order and both appear', async (t) => {
  const server = createFakeApiServer();
  server.down = true;
  const { outbox } = setup(server);
  const a = sid();
  const b = sid();
  void outbox.create(startCall(a, '+12025550101'));
  outbox.patch(a, { status: 'failed', endedAt: T(1), durationMs: 0, endReason: 'busy' });
  void outbox.create({ ...startCall(b, '+12025550106'), startedAt: T(5) });
  outbox.patch(b, { status: 'ringing' });
  outbox.patch(b, { status: 'connected', answeredAt: T(6) });
  outbox.patch(b, { status: 'ended', endedAt: T(9), durationMs: 3_000, endReason: 'remote-hangup' });
  await outbox.flush();
  server.down = false;
  await outbox.flush();
  t.same(
    server.calls.map((c) => [c.number, c.status, c.endReason]),
    [
      ['+12025550101', 'failed', 'busy'],
      ['+12025550106', 'ended', 'remote-hangup']
    ]
  );
});

t.test('a 409 naming a call no tab owns closes it as abandoned, then the new call goes on', async (t) => {
  const server = createFakeApiServer();
  const stale = server.seed({ number: '+12025550100', status: 'connected', startedAt: T(-100), answeredAt: T(-90) });
  const { outbox } = setup(server);
  const s = sid();
  const id = await outbox.create(startCall(s));
  t.match(
    server.calls.find((c) => c.id === stale.id),
    { status: 'failed', endReason: 'abandoned' }
  );
  t.match(
    server.calls.find((c) => c.id === id),
    { status: 'dialing', clientSessionId: s }
  );
});

t.test('a 409 naming a call live in another tab is reported, never closed', async (t) => {
  const server = createFakeApiServer();
  const live = server.seed({ number: '+12025550100', status: 'connected', startedAt: T(-100), answeredAt: T(-90) });
  const channelName = `tabs-${Math.random()}`;
  // "Another tab": its own ownership object on the same channel, carrying the live call.
  const otherTab = createCallOwnership({ channelName });
  otherTab.claim(live.id);
  t.teardown(() => otherTab.close());
  const { outbox } = setup(server, memoryOutbox(), channelName);
  const s = sid();
  await t.rejects(outbox.create(startCall(s)), CallLiveElsewhereError);
  t.equal(server.calls.find((c) => c.id === live.id)!.status, 'connected', 'the live call is untouched');
  // The widget fails its call; the closing write lets the finished call into the history.
  outbox.patch(s, { status: 'failed', endedAt: T(1), durationMs: 0, endReason: 'error', errorCode: 'CALL_IN_OTHER_TAB', errorMessage: 'live elsewhere' });
  await outbox.flush();
  t.match(
    server.calls.find((c) => c.clientSessionId === s),
    { status: 'failed', errorCode: 'CALL_IN_OTHER_TAB' }
  );
  t.equal(outbox.pending(), 0);
});

t.test('a write the API refuses for good is dropped and reported; the queue goes on', async (t) => {
  const server = createFakeApiServer();
  const { outbox, dropped } = setup(server);
  const bad = sid();
  void outbox.create({ ...startCall(bad), number: 'not-a-number' });
  outbox.patch(bad, { status: 'ended', endedAt: T(1), durationMs: 0, endReason: 'canceled' });
  const good = sid();
  const id = outbox.create(startCall(good));
  t.ok(await id);
  await outbox.flush();
  t.equal(dropped.length, 0, 'the fake server takes any number; a 404 route is the refusal below');
  const other = setup(createFakeApiServer());
  const api404 = new CallLogOutbox({
    api: {
      createCall: async () => Promise.reject(Object.assign(new Error('bad'), { transient: false })),
      patchCall: async () => ({}) as never,
      putWrapUp: async () => ({}) as never
    },
    storage: memoryOutbox(),
    ownership: other.ownership,
    onDropped: (_e, err) => dropped.push(err)
  });
  const s = sid();
  const refused = api404.create(startCall(s));
  api404.patch(s, { status: 'ringing' });
  await api404.flush();
  await t.rejects(refused, { message: 'bad' }, 'the one waiting for the create learns why it was refused');
  t.equal(dropped.length, 2, 'the create and its orphan patch are both reported');
  t.equal(api404.pending(), 0);
});
