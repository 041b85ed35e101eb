import t from 'tap';
import { ApiError, ContractError, createApiClient, NetworkError } from '../../src/api/index.js';

function respond(status: number, body: unknown) {
  const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    seen.push({ url: String(url), init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, seen };
}

t.test('sends auth headers from getAuthHeaders on every request and posts the token body', async (t) => {
  const { fetch, seen } = respond(200, { token: 'tok', expiresAt: '2026-03-01T13:00:00Z', relayHost: 'ws://127.0.0.1:7450' });
  let n = 0;
  const api = createApiClient({
    apiBase: 'https://api.example/',
    tokenEndpoint: '/custom/token',
    fetch,
    getAuthHeaders: () => ({ authorization: `Bearer ${++n}` })
  });
  t.same(await api.fetchToken(), { token: 'tok', expiresAt: '2026-03-01T13:00:00Z', relayHost: 'ws://127.0.0.1:7450' });
  await api.fetchToken();
  t.equal(seen[0]!.url, 'https://api.example/custom/token');
  t.equal(seen[0]!.init!.method, 'POST');
  t.equal(seen[0]!.init!.body, JSON.stringify({ deviceType: 'browser' }));
  t.equal((seen[0]!.init!.headers as Record<string, string>).authorization, 'Bearer 1');
  t.equal((seen[1]!.init!.headers as Record<string, string>).authorization, 'Bearer 2', 'asked again: a renewed session is used');
});

t.test('an absolute token endpoint is used as given', async (t) => {
  const { fetch, seen } = respond(200, { token: 'tok', expiresAt: '2026-03-01T13:00:00Z' });
  await createApiClient({ apiBase: 'https://api.example', tokenEndpoint: 'https://auth.example/t', fetch }).fetchToken();
  t.equal(seen[0]!.url, 'https://auth.example/t');
});

t.test('createCall tells a new row (201) from a replay (200)', async (t) => {
  const id = '11111111-1111-4111-8111-111111111111';
  t.same(await createApiClient({ fetch: respond(201, { id }).fetch }).createCall({} as never), { id, created: true });
  t.same(await createApiClient({ fetch: respond(200, { id }).fetch }).createCall({} as never), { id, created: false });
});

t.test('error bodies become ApiError with code and details; transient for 5xx (but a missing setting), 429, 401', async (t) => {
  const body = (code: string) => ({ error: { code, message: 'no', details: { openCallId: 'x' }, requestId: 'r' } });
  const conflict = await createApiClient({ fetch: respond(409, body('CONFLICT')).fetch })
    .createCall({} as never)
    .catch((e) => e);
  t.type(conflict, ApiError);
  t.match(conflict, { status: 409, code: 'CONFLICT', details: { openCallId: 'x' }, transient: false });
  for (const [status, transient] of [
    [500, true],
    [503, true],
    [429, true],
    [401, true],
    [400, false],
    [404, false]
  ] as const) {
    const error = await createApiClient({ fetch: respond(status, body('X')).fetch })
      .getCall('id')
      .catch((e) => e);
    t.equal(error.transient, transient, `${status}`);
  }
  const html = await createApiClient({ fetch: respond(502, '<html>bad gateway</html>').fetch })
    .getCall('id')
    .catch((e) => e);
  t.match(html, { status: 502, code: 'HTTP_502', transient: true });
  const unavailable = (reason: string) => ({
    error: { code: 'UPSTREAM_UNAVAILABLE', message: 'no', details: { upstream: 'signalwire', reason }, requestId: 'r' }
  });
  const down = await createApiClient({ fetch: respond(503, unavailable('network')).fetch })
    .fetchToken()
    .catch((e) => e);
  t.equal(down.transient, true, 'SignalWire unreachable: worth a retry');
  const unset = await createApiClient({ fetch: respond(503, unavailable('not-configured')).fetch })
    .fetchToken()
    .catch((e) => e);
  t.match(unset, { status: 503, code: 'UPSTREAM_UNAVAILABLE', transient: false }, 'no SignalWire settings: no retry helps');
});

t.test('a fetch that rejects is a NetworkError; a body off-contract is a ContractError', async (t) => {
  const offline = (async () => {
    throw new TypeError('Failed to fetch');
  }) as unknown as typeof fetch;
  const error = await createApiClient({ fetch: offline })
    .fetchToken()
    .catch((e) => e);
  t.type(error, NetworkError);
  t.equal(error.transient, true);
  const bad = await createApiClient({ fetch: respond(200, { token: 42 }).fetch })
    .fetchToken()
    .catch((e) => e);
  t.type(bad, ContractError);
  t.equal(bad.transient, false);
  t.match(bad.message, /token/);
});

t.test('history passes only the filters that are set', async (t) => {
  const { fetch, seen } = respond(200, { items: [], nextCursor: null, total: 0, contactsDegraded: false });
  await createApiClient({ apiBase: 'http://a', fetch }).history({ limit: '10', offset: '20', status: 'failed', from: undefined, number: '+12025550100' });
  t.equal(seen[0]!.url, 'http://a/api/telephony/history?limit=10&offset=20&status=failed&number=%2B12025550100');
});

t.test('bridgeCall posts the fallback request and tells a new call (201) from a replay (200)', async (t) => {
  const id = '33333333-3333-4333-8333-333333333333';
  const body = { number: '+12025550100', agentNumber: '+12025550199', clientSessionId: '44444444-4444-4444-8444-444444444444' };
  const created = respond(201, { id });
  t.same(await createApiClient({ apiBase: 'http://a', fetch: created.fetch }).bridgeCall(body), { id, created: true });
  t.equal(created.seen[0]!.url, 'http://a/api/telephony/calls/bridge');
  t.equal(created.seen[0]!.init!.method, 'POST');
  t.same(JSON.parse(String(created.seen[0]!.init!.body)), body);
  t.same(await createApiClient({ fetch: respond(200, { id }).fetch }).bridgeCall(body), { id, created: false });
  const bad = await createApiClient({ fetch: respond(201, { id: 'not-a-uuid' }).fetch })
    .bridgeCall(body)
    .catch((e) => e);
  t.type(bad, ContractError, 'the answer is checked (valibot) like every other');
});

t.test('call logs are checked field by field against the contract', async (t) => {
  const row = {
    id: '33333333-3333-4333-8333-333333333333',
    direction: 'outbound',
    number: '+12025550100',
    contactId: null,
    status: 'connected',
    startedAt: '2026-03-01T12:00:00.000Z',
    answeredAt: '2026-03-01T12:00:02.000Z',
    endedAt: null,
    durationMs: null,
    endReason: null,
    errorCode: null,
    errorMessage: null,
    clientSessionId: '44444444-4444-4444-8444-444444444444',
    providerCallId: 'CA1',
    metadata: { transport: 'bridge' },
    createdAt: '2026-03-01T12:00:00.000Z',
    updatedAt: '2026-03-01T12:00:02.000Z'
  };
  t.same(await createApiClient({ fetch: respond(200, row).fetch }).getCall(row.id), row);
  for (const [field, value] of [
    ['status', 'on-hold'],
    ['durationMs', 1.5],
    ['endReason', 'bored'],
    ['metadata', 'text']
  ] as const) {
    const error = await createApiClient({ fetch: respond(200, { ...row, [field]: value }).fetch })
      .getCall(row.id)
      .catch((e) => e);
    t.type(error, ContractError, `${field}: ${JSON.stringify(value)}`);
    t.match(error.message, new RegExp(field));
  }
});

t.test('the presence stream bypasses the HTTP cache (Firefox holds a second request for a URL it is still caching)', async (t) => {
  const seen: RequestInit[] = [];
  const fetch = (async (_url: string, init?: RequestInit) => {
    seen.push(init ?? {});
    return new Response('event: presence\ndata: {}\n\n', { status: 200, headers: { 'content-type': 'text/event-stream' } });
  }) as unknown as typeof globalThis.fetch;
  await createApiClient({ fetch }).presenceStream(['+12025550100'], new AbortController().signal);
  t.equal(seen[0]?.cache, 'no-store');
});

t.test('warmCreate: one HEAD to the create URL with its headers per page, for an API on another origin only (ADR 139)', async (t) => {
  const calls: Array<{ url: string; method: string | undefined; headers: Record<string, string> }> = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url, method: init?.method, headers: init?.headers as Record<string, string> });
    return new Response(null, { status: 204 });
  }) as typeof globalThis.fetch;
  const getAuthHeaders = async () => ({ authorization: 'Bearer host-jwt' });
  const crossOrigin = createApiClient({ apiBase: 'https://api.warm.example', getAuthHeaders, fetch });
  await crossOrigin.warmCreate();
  await crossOrigin.warmCreate();
  t.same(calls, [
    {
      url: 'https://api.warm.example/api/telephony/calls',
      method: 'HEAD',
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: 'Bearer host-jwt' }
    }
  ]);
  // The page's own origin: no preflight to pay, no request.
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'location');
  Object.defineProperty(globalThis, 'location', { value: new URL('https://crm.example/dialer'), configurable: true });
  t.teardown(() => (saved ? Object.defineProperty(globalThis, 'location', saved) : delete (globalThis as { location?: unknown }).location));
  await createApiClient({ apiBase: '', getAuthHeaders, fetch }).warmCreate();
  await createApiClient({ apiBase: 'https://crm.example', getAuthHeaders, fetch }).warmCreate();
  t.equal(calls.length, 1, 'same origin: nothing sent');
  const failing = createApiClient({
    apiBase: 'https://down.example',
    getAuthHeaders,
    fetch: (async () => Promise.reject(new TypeError('offline'))) as typeof globalThis.fetch
  });
  await t.resolves(failing.warmCreate(), 'a failure is swallowed: the create pays the preflight');
});
