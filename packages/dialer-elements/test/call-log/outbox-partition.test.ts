// The outbox kept per user (docs/adr/0026): whose a write is comes from the credentials in use when the
// call began; a user's writes go out with that user's credentials only, and wait while someone else is
// signed in on the same browser; writes from before the split are adopted only where that is safe.
import t, { type Test } from 'tap';
import { createApiClient } from '../../src/api/index.js';
import { adoptLegacyOutbox, createCallOwnership, memoryOutbox, partitionOf, PartitionedOutbox, type OutboxStorage } from '../../src/call-log/index.js';
import { createFakeApiServer, fakeJwt, type FakeApiServer } from '../fakes/fake-api-server.js';

const T = (s: number) => new Date(Date.parse('2026-03-01T12:00:00Z') + s * 1000).toISOString();
let n = 0;
const sid = () => `30000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const startCall = (clientSessionId: string, number = '+12025550100') => ({
  clientSessionId,
  direction: 'outbound' as const,
  number,
  status: 'dialing' as const,
  startedAt: T(0)
});
const ended = { status: 'ended' as const, endedAt: T(5), durationMs: 0, endReason: 'canceled' as const };

const alice = fakeJwt('alice', { iat: 1 });
const bob = fakeJwt('bob');

t.test('partitionOf: the JWT sub, else user-id, else a hash of the credentials that never holds them', async (t) => {
  t.equal(partitionOf({ authorization: `Bearer ${alice}` }), 'user:alice');
  t.equal(partitionOf({ Authorization: `bearer ${fakeJwt('alice', { iat: 2 })}` }), 'user:alice', 'a renewed token is the same user');
  t.equal(partitionOf({ authorization: `Bearer ${bob}` }), 'user:bob');
  t.equal(partitionOf({ authorization: `Bearer ${fakeJwt('bob')}` }, 'agent-7'), 'user:agent-7', 'user-id wins');
  t.equal(partitionOf({}, 'agent-7'), 'user:agent-7');
  const utf8 = Buffer.from(JSON.stringify({ sub: 'José' })).toString('base64url');
  t.equal(partitionOf({ authorization: `Bearer e30.${utf8}.c2ln` }), 'user:José', 'the payload is UTF-8');

  const opaque = partitionOf({ authorization: 'Bearer opaque-session-token-1' });
  t.match(opaque, /^key:[0-9a-z]+$/);
  t.equal(partitionOf({ authorization: 'Bearer opaque-session-token-1' }), opaque, 'stable');
  t.not(partitionOf({ authorization: 'Bearer opaque-session-token-2' }), opaque, 'another token, another outbox');
  t.notMatch(opaque, 'opaque', 'the token itself is not in the key');
  t.not(partitionOf({ 'x-api-key': 'k1' }), partitionOf({ 'x-api-key': 'k2' }), 'other headers name an outbox too');
  t.equal(partitionOf({}), partitionOf({}), 'no credentials: one outbox');
  t.not(partitionOf({}), opaque);
  t.not(partitionOf({ authorization: `Bearer ${fakeJwt('')}` }), 'user:', 'an empty sub is no user id');
});

/** One browser: shared storage, the credentials in use changed by the test, as a host's sign-in does. */
function browser(t: Test, server: FakeApiServer) {
  const stores = new Map<string, OutboxStorage>();
  const storage = (key: string) => {
    if (!stores.has(key)) stores.set(key, memoryOutbox());
    return stores.get(key)!;
  };
  const session = { token: alice as string | null };
  const ownership = createCallOwnership({ channelName: `partition-${Math.random()}`, waitMs: 50 });
  const open = () =>
    new PartitionedOutbox({
      identity: async () => {
        if (session.token === null) throw new Error('signed out');
        const headers = { authorization: `Bearer ${session.token}` };
        return { headers, partition: partitionOf(headers) };
      },
      key: 'sw-dialer:call-log-outbox:http://api.test',
      storage,
      api: (getAuthHeaders) => createApiClient({ apiBase: 'http://api.test', getAuthHeaders, fetch: server.fetch }),
      ownership,
      retryDelaysMs: [20]
    });
  t.teardown(() => ownership.close());
  return { stores, storage, session, open };
}

const sentBy = (server: FakeApiServer, token: string) => server.requests.filter((r) => r.method !== 'GET' && r.auth === `Bearer ${token}`);

t.test("alice's writes queued offline are never sent with bob's credentials; they go out when alice is back", async (t) => {
  const server = createFakeApiServer();
  const b = browser(t, server);
  server.down = true;
  const page = b.open();
  t.teardown(() => page.stop());
  const aliceCall = sid();
  void page.create(startCall(aliceCall, '+12025550101'));
  page.patch(aliceCall, ended);
  await page.flush();
  t.equal(page.pending(), 2, "alice's call waits");

  // Alice signs out; Bob signs in on the same page; the network comes back.
  b.session.token = bob;
  server.down = false;
  await page.flush();
  t.equal(page.pending(), 0, "bob's outbox is empty");
  const bobCall = sid();
  const bobId = await page.create(startCall(bobCall, '+12025550106'));
  page.patch(bobCall, ended);
  await page.flush();
  // Alice's outbox had a retry timer running from the outage: it fires while Bob is signed in.
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.same(
    server.calls.map((c) => [c.number, server.owners.get(c.id)]),
    [['+12025550106', 'bob']],
    "only bob's call, as bob's"
  );
  t.equal(server.calls[0]!.id, bobId);
  t.ok(sentBy(server, bob).every((r) => (r.body as { clientSessionId?: string }).clientSessionId !== aliceCall));
  t.match(
    b.stores.get('sw-dialer:call-log-outbox:http://api.test#user:alice')!.read().entries,
    [{ clientSessionId: aliceCall }, { clientSessionId: aliceCall }],
    "alice's writes still wait"
  );

  // Alice signs in again (a page load: a fresh outbox on the same storage).
  b.session.token = alice;
  const later = b.open();
  t.teardown(() => later.stop());
  await later.flush();
  t.same(
    server.calls.map((c) => [c.number, c.status, server.owners.get(c.id)]),
    [
      ['+12025550106', 'ended', 'bob'],
      ['+12025550101', 'ended', 'alice']
    ],
    "alice's call is logged as hers"
  );
  t.equal(later.pending(), 0);
  t.equal(b.stores.get('sw-dialer:call-log-outbox:http://api.test#user:alice')!.read().entries.length, 0);
});

t.test("a call's writes stay with the user who began it, even when the credentials change during the call", async (t) => {
  const server = createFakeApiServer();
  const b = browser(t, server);
  const page = b.open();
  t.teardown(() => page.stop());
  const s = sid();
  const id = await page.create(startCall(s));
  // The host switches users while the call is up (say, another tab signed in).
  b.session.token = bob;
  page.patch(s, ended);
  await page.flush();
  t.equal(server.calls[0]!.status, 'dialing', 'not closed with bob’s credentials');
  t.equal(sentBy(server, bob).length, 0, 'nothing at all went out as bob');
  b.session.token = alice;
  await page.flush();
  t.match(
    server.calls.find((c) => c.id === id),
    { status: 'ended', endReason: 'canceled' }
  );
  t.equal(server.owners.get(id), 'alice');
});

t.test('a session that cannot be renewed keeps the write (it waits and is retried), never drops it', async (t) => {
  const server = createFakeApiServer();
  const b = browser(t, server);
  const page = b.open();
  t.teardown(() => page.stop());
  await page.flush(); // alice seen
  b.session.token = null;
  const s = sid();
  const created = page.create(startCall(s));
  await page.flush();
  t.equal(server.calls.length, 0);
  t.equal(page.pending(), 1, 'queued for the last user seen');
  b.session.token = alice;
  t.ok(await created, 'sent by the retry once the session is back');
  t.equal(server.owners.get(server.calls[0]!.id), 'alice');
});

t.test('writes from before the split: PATCHes of acknowledged calls are adopted, creates are dropped', async (t) => {
  const server = createFakeApiServer();
  const b = browser(t, server);
  const aliceRow = server.seed({ number: '+12025550100', status: 'connected', startedAt: T(0), answeredAt: T(1) });
  server.owners.set(aliceRow.id, 'alice');
  const legacy = b.storage('sw-dialer:call-log-outbox:http://api.test');
  const acknowledged = sid();
  const unacknowledged = sid();
  legacy.write({
    version: 1,
    ids: { [acknowledged]: aliceRow.id },
    entries: [
      { id: 'a', kind: 'patch', clientSessionId: acknowledged, body: { status: 'ended', endedAt: T(9), durationMs: 8_000, endReason: 'remote-hangup' } },
      { id: 'b', kind: 'create', clientSessionId: unacknowledged, body: startCall(unacknowledged, '+12025550199') },
      { id: 'c', kind: 'patch', clientSessionId: unacknowledged, body: ended }
    ]
  });

  // Bob is the first to sign in: the PATCH goes out as his, and the API refuses him another user's call.
  b.session.token = bob;
  const page = b.open();
  t.teardown(() => page.stop());
  await page.flush();
  t.same(legacy.read(), { version: 1, entries: [], ids: {} }, 'the old queue is emptied');
  t.equal(server.calls.length, 1, 'the create with no owner was not replayed under bob');
  t.equal(server.calls[0]!.status, 'connected', "alice's call is not bob's to close");
  t.same(
    sentBy(server, bob).map((r) => `${r.method} ${r.path}`),
    [`PATCH /api/telephony/calls/${aliceRow.id}`],
    'the one write that names its call, answered 404'
  );
  t.equal(page.pending(), 0);

  // The same queue found by its owner: her call is closed.
  const own = memoryOutbox();
  const again = memoryOutbox();
  again.write({
    version: 1,
    ids: { [acknowledged]: aliceRow.id },
    entries: [
      { id: 'a', kind: 'patch', clientSessionId: acknowledged, body: { status: 'ended', endedAt: T(9), durationMs: 8_000, endReason: 'remote-hangup' } }
    ]
  });
  adoptLegacyOutbox(again, own);
  t.same(own.read().ids, { [acknowledged]: aliceRow.id });
  t.equal(own.read().entries.length, 1);
  t.same(again.read(), { version: 1, entries: [], ids: {} });
  adoptLegacyOutbox(again, own);
  t.equal(own.read().entries.length, 1, 'adopting twice changes nothing');
});
