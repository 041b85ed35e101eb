import { randomUUID } from 'node:crypto';
import t from 'tap';
import { startSwitchFreeEmulator } from '../../emulators/src/switchfree/index.js';
import { buildTestApp } from './helpers/build-test-app.js';
import { openEventStream } from './helpers/read-sse.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const API_KEY = 'test-switchfree-key';

const emulator = await startSwitchFreeEmulator({ apiKey: API_KEY, port: 0, presenceChangeIntervalMs: 0 });
t.teardown(() => emulator.close());
const control = (path: string, body: unknown) =>
  fetch(`${emulator.url}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const switchfree = { baseUrl: emulator.url, apiKey: API_KEY, timeoutMs: 300 };

const { app, authHeader, logs } = await buildTestApp(t, { switchfree });
const headers = authHeader('agent');
const get = (url: string) => app.inject({ method: 'GET', url, headers });

t.beforeEach(async () => {
  await control('/__emulator/mode', { mode: 'normal', latencyMs: 0 });
});

t.test('caller ID: a number resolves to its contact', async (t) => {
  const response = await get(`/api/telephony/contacts?number=${encodeURIComponent('+12025550100')}`);
  t.equal(response.statusCode, 200);
  const body = response.json();
  t.equal(body.degraded, false);
  t.equal(body.items.length, 1);
  t.match(body.items[0], { displayName: 'Ada Answers', company: 'Northwind Traders', phoneNumbers: [{ e164: '+12025550100', type: 'mobile' }] });
  const unknown = (await get(`/api/telephony/contacts?number=${encodeURIComponent('+12025550999')}`)).json();
  t.same(unknown, { items: [], nextCursor: null, degraded: false }, 'nobody has this number, and we know it');
});

t.test('type-ahead pages through matches', async (t) => {
  const first = (await get('/api/telephony/contacts?query=a&limit=5')).json();
  t.equal(first.items.length, 5);
  t.type(first.nextCursor, 'string');
  const second = (await get(`/api/telephony/contacts?query=a&limit=5&cursor=${first.nextCursor}`)).json();
  t.equal(second.items.length, 5);
  t.notSame(
    second.items.map((c: { id: string }) => c.id),
    first.items.map((c: { id: string }) => c.id)
  );
  const ada = (await get('/api/telephony/contacts?query=Ada%20Ans')).json();
  t.ok(ada.items.some((contact: { displayName: string }) => contact.displayName === 'Ada Answers'));
});

t.test('bad lookups are 400s naming the parameter', async (t) => {
  const cases: Array<[string, string]> = [
    ['/api/telephony/contacts', 'query.query'],
    ['/api/telephony/contacts?query=', 'query.query'],
    [`/api/telephony/contacts?query=${'x'.repeat(101)}`, 'query.query'],
    ['/api/telephony/contacts?query=a%00b', 'query.query'],
    ['/api/telephony/contacts?number=abc', 'query.number'],
    [`/api/telephony/contacts?number=${encodeURIComponent('+12025550100')}&query=x`, 'query.query'],
    ['/api/telephony/contacts?query=a&limit=500', 'query.limit'],
    ['/api/telephony/presence', 'query.number'],
    ['/api/telephony/presence?number=2025550100', 'query.number'],
    ['/api/telephony/presence/stream?numbers=', 'query.numbers'],
    [`/api/telephony/presence/stream?numbers=${encodeURIComponent('+12025550100,oops')}`, 'query.numbers']
  ];
  for (const [url, field] of cases) {
    const response = await get(url);
    t.equal(response.statusCode, 400, url);
    t.equal(response.json().error.details.issues[0].field.split('.').slice(0, 2).join('.'), field, url);
  }
});

t.test('presence: one number', async (t) => {
  await control('/__emulator/presence/+12025550101', { status: 'busy' });
  const response = await get(`/api/telephony/presence?number=${encodeURIComponent('+12025550101')}`);
  t.equal(response.statusCode, 200);
  t.match(response.json(), { number: '+12025550101', available: false, status: 'busy', degraded: false });
});

t.test('SwitchFree down: lookups answer degraded within the timeout, never an error', async (t) => {
  await control('/__emulator/mode', { mode: 'down', latencyMs: 0 });
  const started = performance.now();
  const contacts = await get(`/api/telephony/contacts?number=${encodeURIComponent('+12025550177')}`);
  t.equal(contacts.statusCode, 200);
  t.same(contacts.json(), { items: [], nextCursor: null, degraded: true });
  const presence = await get(`/api/telephony/presence?number=${encodeURIComponent('+12025550177')}`);
  t.equal(presence.statusCode, 200);
  t.match(presence.json(), { status: 'unknown', available: false, degraded: true });
  t.ok(performance.now() - started < 1500, 'answered promptly');
  t.notMatch(logs.join(''), new RegExp(API_KEY), 'the SwitchFree key is never logged');
});

t.test('/metrics times SwitchFree requests and counts the failed ones', async (t) => {
  await control('/__emulator/mode', { mode: 'normal', latencyMs: 0 });
  t.equal((await get(`/api/telephony/contacts?number=${encodeURIComponent('+12025550166')}`)).json().degraded, false);
  const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
  t.match(text, /sw_dialer_upstream_request_duration_seconds_count\{upstream="switchfree",outcome="ok"\} [1-9]/, 'answered requests');
  t.match(text, /sw_dialer_upstream_request_duration_seconds_count\{upstream="switchfree",outcome="(5xx|error)"\} [1-9]/, 'the requests of the outage above');
  t.notMatch(text, /upstream="signalwire"/, 'no SignalWire series on an app without SignalWire');
});

t.test('SwitchFree slow: presence answers degraded near the timeout', async (t) => {
  await control('/__emulator/mode', { mode: 'slow', latencyMs: 3000 });
  const started = performance.now();
  const presence = await get(`/api/telephony/presence?number=${encodeURIComponent('+12025550188')}`);
  const elapsed = performance.now() - started;
  t.equal(presence.json().degraded, true);
  t.ok(elapsed < 1000, `within the 300 ms timeout plus slack (${Math.round(elapsed)} ms)`);
});

t.test('a presence change reaches a stream subscriber within one second, and is stored', async (t) => {
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const number = '+12025550102';
  await control(`/__emulator/presence/${number}`, { status: 'away' });
  const stream = await openEventStream(`${address}/api/telephony/presence/stream?numbers=${encodeURIComponent(`${number},+12025550100`)}`, headers);
  t.teardown(() => stream.close());
  t.equal(stream.response.status, 200);
  t.match(stream.response.headers.get('content-type'), /text\/event-stream/);
  // Never stored: a browser holds a second request for a URL whose response it is still caching (ADR 124).
  t.equal(stream.response.headers.get('cache-control'), 'no-store, no-transform');
  // The head is written by hand, yet it carries what the hooks set for every answer.
  t.equal(stream.response.headers.get('x-content-type-options'), 'nosniff', 'the security headers');
  t.equal(stream.response.headers.get('content-security-policy'), "default-src 'none';frame-ancestors 'none'");
  t.ok(stream.response.headers.get('x-request-id'), 'the request id');
  await stream.waitFor((data) => data.number === number && data.status === 'away');
  await stream.waitFor((data) => data.number === '+12025550100', 3000);
  // Let the upstream subscription settle before measuring a change.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const from = stream.events.length;
  const changedAt = performance.now();
  await control(`/__emulator/presence/${number}`, { status: 'dnd' });
  const event = await stream.waitFor((data) => data.number === number && data.status === 'dnd', 1000, from);
  t.ok(event.at - changedAt < 1000, `delivered in ${Math.round(event.at - changedAt)} ms`);
  t.match(event.data, { available: false, degraded: false });
  const row = await app.db.selectFrom('presence_status').selectAll().where('number', '=', number).executeTakeFirst();
  t.equal(row?.status, 'dnd', 'the snapshot table holds the latest presence');

  // With SwitchFree down, the snapshot is what a lookup answers, flagged degraded.
  await control('/__emulator/mode', { mode: 'down', latencyMs: 0 });
  await app.switchfree.cacheStore.clear();
  const fallback = (await get(`/api/telephony/presence?number=${encodeURIComponent(number)}`)).json();
  t.equal(fallback.status, 'dnd');
  t.equal(fallback.degraded, true);
});

t.test('with Redis, a change seen by one instance reaches a stream on another', async (t) => {
  // Instance B has no SwitchFree of its own: whatever its widget hears came over Redis from A.
  const a = await buildTestApp(t, { switchfree, redisUrl: REDIS_URL });
  const b = await buildTestApp(t, { redisUrl: REDIS_URL });
  const aAddress = await a.app.listen({ port: 0, host: '127.0.0.1' });
  const bAddress = await b.app.listen({ port: 0, host: '127.0.0.1' });
  const number = '+12025550104';
  const user = `agent-${randomUUID()}`;
  const onA = await openEventStream(`${aAddress}/api/telephony/presence/stream?numbers=${encodeURIComponent(number)}`, a.authHeader(user));
  const onB = await openEventStream(`${bAddress}/api/telephony/presence/stream?numbers=${encodeURIComponent(number)}`, b.authHeader(user));
  t.teardown(async () => {
    await onA.close();
    await onB.close();
  });
  await onA.waitFor((data) => data.number === number);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const changedAt = performance.now();
  await control(`/__emulator/presence/${number}`, { status: 'available' });
  const event = await onB.waitFor((data) => data.number === number && data.status === 'available', 1000);
  t.ok(event.at - changedAt < 1000, `crossed instances in ${Math.round(event.at - changedAt)} ms`);
  t.equal(onB.events.filter((e) => (e.data as { status: string }).status === 'available').length, 1, 'delivered once');
});

t.test('an idle stream sends heartbeats', async (t) => {
  const quiet = await buildTestApp(t, { switchfree }, { presenceHeartbeatMs: 50 });
  const address = await quiet.app.listen({ port: 0, host: '127.0.0.1' });
  const stream = await openEventStream(`${address}/api/telephony/presence/stream?numbers=${encodeURIComponent('+12025550105')}`, quiet.authHeader('hb'));
  t.teardown(() => stream.close());
  await new Promise((resolve) => setTimeout(resolve, 400));
  t.ok(stream.comments() >= 3, `heartbeat comments arrive (${stream.comments()})`);
});

t.test('a stream needs a token like every other route', async (t) => {
  const response = await app.inject({ method: 'GET', url: `/api/telephony/presence/stream?numbers=${encodeURIComponent('+12025550100')}` });
  t.equal(response.statusCode, 401);
});

t.test('lookups are rate limited per user', async (t) => {
  const limited = await buildTestApp(t, { switchfree, rateLimit: { max: 5, timeWindowMs: 60_000 } });
  const h = limited.authHeader('typist');
  const statuses: number[] = [];
  for (let i = 0; i < 7; i += 1)
    statuses.push((await limited.app.inject({ method: 'GET', url: `/api/telephony/contacts?query=ad${i}`, headers: h })).statusCode);
  t.same(statuses, [200, 200, 200, 200, 200, 429, 429]);
});

t.test('with Redis, two API apps share the contact cache', async (t) => {
  const a = await buildTestApp(t, { switchfree, redisUrl: REDIS_URL });
  const b = await buildTestApp(t, { switchfree, redisUrl: REDIS_URL });
  await a.app.switchfree.cacheStore.clear();
  const stats = async () => ((await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as { byPath: Record<string, number> }).byPath;
  const matches = async () =>
    Object.entries(await stats())
      .filter(([route]) => route.includes('/v1/contacts/match'))
      .reduce((sum, [, n]) => sum + n, 0);
  const url = `/api/telephony/contacts?number=${encodeURIComponent('+12025550105')}`;
  const before = await matches();
  const first = await a.app.inject({ method: 'GET', url, headers: a.authHeader('agent') });
  t.equal(first.json().items[0]?.displayName, 'Dexter Declines');
  t.equal((await matches()) - before, 1, 'instance A asked SwitchFree');
  const second = await b.app.inject({ method: 'GET', url, headers: b.authHeader('agent') });
  t.same(second.json(), first.json(), 'instance B answers the same');
  t.equal((await matches()) - before, 1, 'from the shared cache: no second upstream request');
});
