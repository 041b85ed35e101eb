import t from 'tap';
import { parseSse } from '../src/providers/switchfree/sse-parser.js';
import { CircuitBreaker, CircuitOpenError, MemoryCacheStore, SwitchFreeHttpClient, UpstreamError } from '../src/providers/switchfree/index.js';

t.test('circuit breaker: closed → open → half-open → closed, on a fake clock', async (t) => {
  let now = 1_000;
  const transitions: string[] = [];
  const breaker = new CircuitBreaker({
    failureThreshold: 2,
    resetTimeoutMs: 500,
    now: () => now,
    onStateChange: (from, to) => transitions.push(`${from}>${to}`)
  });
  const fail = () => breaker.run(async () => Promise.reject(new Error('boom')));
  const succeed = () => breaker.run(async () => 'ok');

  await t.rejects(fail(), /boom/);
  t.equal(breaker.state, 'closed', 'one failure is not enough');
  await succeed();
  await t.rejects(fail(), /boom/);
  t.equal(breaker.state, 'closed', 'a success resets the count: failures must be consecutive');
  await t.rejects(fail(), /boom/);
  t.equal(breaker.state, 'open');
  let called = false;
  await t.rejects(
    breaker.run(async () => (called = true)),
    CircuitOpenError
  );
  t.equal(called, false, 'an open circuit does not call through');

  now += 499;
  t.equal(breaker.state, 'open');
  now += 1;
  t.equal(breaker.state, 'half-open');
  // Only one probe at a time while half-open.
  let release: () => void = () => {};
  const probe = breaker.run(() => new Promise<string>((resolve) => (release = () => resolve('probed'))));
  t.equal(breaker.allowsRequest(), false);
  await t.rejects(succeed(), CircuitOpenError);
  release();
  t.equal(await probe, 'probed');
  t.equal(breaker.state, 'closed');
  t.same(transitions, ['closed>open', 'open>half-open', 'half-open>closed']);
});

t.test('circuit breaker: a failed probe re-opens for a full period; ignored errors do not count', async (t) => {
  let now = 0;
  const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 100, now: () => now, isFailure: (error) => !(error instanceof RangeError) });
  await t.rejects(
    breaker.run(async () => Promise.reject(new RangeError('ours'))),
    RangeError
  );
  t.equal(breaker.state, 'closed', 'an error that says nothing about upstream health');
  await t.rejects(breaker.run(async () => Promise.reject(new Error('down'))));
  t.equal(breaker.state, 'open');
  now = 100;
  await t.rejects(breaker.run(async () => Promise.reject(new Error('still down'))));
  t.equal(breaker.state, 'open');
  now = 199;
  t.equal(breaker.state, 'open', 'the period restarts at the failed probe');
  now = 200;
  t.equal(breaker.state, 'half-open');
});

t.test('memory cache store: expiry and bounded size', async (t) => {
  let now = 0;
  const store = new MemoryCacheStore({ maxEntries: 2, now: () => now });
  await store.setMany([
    { key: 'a', value: '1', ttlMs: 100 },
    { key: 'b', value: '2', ttlMs: 300 },
    { key: 'z', value: 'never', ttlMs: 0 }
  ]);
  t.same(await store.getMany(['a', 'b', 'z']), ['1', '2', undefined]);
  now = 100;
  t.same(await store.getMany(['a', 'b']), [undefined, '2'], 'a expired at exactly its TTL');
  await store.setMany([{ key: 'c', value: '3', ttlMs: 1_000 }]);
  await store.setMany([{ key: 'd', value: '4', ttlMs: 1_000 }]);
  t.equal(store.size, 2);
  t.same(await store.getMany(['b', 'c', 'd']), [undefined, '3', '4'], 'the oldest entry was evicted');
});

t.test('SSE parser: events, multi-line data, comments, CRLF and split chunks', async (t) => {
  const text = ': hello\r\nevent: presence\r\nid: 7\r\ndata: {"a":\r\ndata: 1}\r\n\r\ndata: plain\n\nevent: empty\n\n';
  const bytes = new TextEncoder().encode(text);
  // Split at every byte to catch any assumption about chunk boundaries.
  const chunks = (async function* () {
    for (const byte of bytes) yield new Uint8Array([byte]);
  })();
  const messages = [];
  for await (const message of parseSse(chunks)) messages.push(message);
  t.same(messages, [
    { type: 'comment', text: 'hello' },
    { type: 'event', event: 'presence', data: '{"a":\n1}', id: '7' },
    { type: 'event', event: 'message', data: 'plain', id: '7' }
  ]);
});

/** The adapter on a canned response, for shapes the emulator never sends. */
function clientAnswering(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetchStub = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { client: new SwitchFreeHttpClient({ baseUrl: 'https://switchfree.example/', apiKey: 'k-123', timeoutMs: 1_000, fetch: fetchStub }), calls };
}

t.test('adapter: sends the documented request, with the key in a header only', async (t) => {
  const { client, calls } = clientAnswering(200, { results: [] });
  await client.matchNumbers(['+12025550100']);
  t.equal(calls[0]?.url, 'https://switchfree.example/v1/contacts/match');
  t.equal(calls[0]?.init.method, 'POST');
  t.match(calls[0]?.init.headers, { 'x-api-key': 'k-123', 'content-type': 'application/json' });
  t.equal(calls[0]?.init.body, '{"numbers":["+12025550100"]}');
  t.notOk(calls[0]?.url.includes('k-123'));
});

t.test('adapter: splits batches over 100 numbers', async (t) => {
  const { client, calls } = clientAnswering(200, { results: [] });
  const numbers = Array.from({ length: 250 }, (_, index) => `+1312555${String(1000 + index)}`);
  const answer = await client.matchNumbers(numbers);
  t.equal(calls.length, 3);
  t.same(
    calls.map((call) => (JSON.parse(String(call.init.body)) as { numbers: string[] }).numbers.length),
    [100, 100, 50]
  );
  t.equal(answer.size, 250, 'every number answered, empty when nobody has it');
});

t.test('adapter: normalizes what a real directory may hold', async (t) => {
  const { client } = clientAnswering(200, {
    contacts: [
      {
        id: 'x1',
        first_name: 'Lin',
        last_name: 'Ma',
        company: '',
        phones: [
          { number: '+1 (202) 555-0100', label: 'pager' },
          { number: 'n/a', label: 'work' }
        ]
      },
      { id: 'x2', company: 'Only A Company', phones: [] }
    ],
    next_cursor: null
  });
  const page = await client.searchContacts('x', 10, null);
  t.same(page.items, [
    { id: 'x1', displayName: 'Lin Ma', phoneNumbers: [{ e164: '+12025550100', type: 'other' }] },
    { id: 'x2', displayName: 'Only A Company', company: 'Only A Company', phoneNumbers: [] }
  ]);
});

t.test('adapter: an unknown presence state is "unknown", not a failure', async (t) => {
  const { client } = clientAnswering(200, { presence: [{ number: '+12025550100', state: 'in_meeting', last_activity_at: 'garbage' }] });
  const answer = await client.queryPresence(['+12025550100']);
  t.same(answer.get('+12025550100'), { number: '+12025550100', status: 'unknown', available: false, lastSeenAt: null });
});

t.test('adapter: responses that break the contract and error statuses are classified', async (t) => {
  const broken = clientAnswering(200, { contacts: 'nope' }).client;
  await t.rejects(broken.searchContacts('x', 10, null), { name: 'UpstreamError', message: /does not match the contract \(at contacts\)/ });
  const kindOf = (promise: Promise<unknown>) =>
    promise.then(
      () => 'resolved',
      (error: UpstreamError) => `${error.kind} ${error.status ?? ''} ${error.message}`
    );
  t.match(await kindOf(clientAnswering(429, {}).client.getContact('a')), /^unavailable 429 /);
  t.match(await kindOf(clientAnswering(403, {}).client.getContact('a')), /^unauthorized 403 /);
  t.match(
    await kindOf(clientAnswering(400, { error: { code: 'invalid_request' } }).client.getContact('a')),
    /^rejected 400 .*answered 400 \(invalid_request\)$/
  );
  t.equal(await clientAnswering(404, {}).client.getContact('a'), null, 'a 404 on a contact is "no such contact"');
  t.ok(new UpstreamError('timeout', 'x') instanceof Error);
});
