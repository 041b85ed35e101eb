import t from 'tap';
import { startSwitchFreeEmulator } from '../src/switchfree/index.js';

const API_KEY = 'sf-test-key-control';
const emulator = await startSwitchFreeEmulator({ apiKey: API_KEY, presenceChangeIntervalMs: 0 });
t.teardown(() => emulator.close());

const control = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(emulator.url + path, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  });
  return { status: response.status, body: response.status === 204 ? null : ((await response.json()) as any) };
};
const search = (headers: Record<string, string> = { 'x-api-key': API_KEY }) => fetch(`${emulator.url}/v1/contacts?query=ada`, { headers });

t.beforeEach(async () => {
  await control('POST', '/__emulator/reset');
});

t.test('the API key is required, by X-Api-Key or Bearer', async (t) => {
  t.equal((await search({})).status, 401, 'no key');
  t.equal((await search({ 'x-api-key': 'wrong' })).status, 401, 'wrong X-Api-Key');
  t.equal((await search({ authorization: 'Bearer wrong' })).status, 401, 'wrong Bearer');
  t.equal((await search({ 'x-api-key': `${API_KEY}x` })).status, 401, 'key with a suffix');
  const rejected = await search({});
  t.same(await rejected.json(), { error: { code: 'unauthorized', message: 'missing or invalid API key' } });
  t.equal((await search({ 'x-api-key': API_KEY })).status, 200);
  t.equal((await search({ authorization: `Bearer ${API_KEY}` })).status, 200);
});

t.test('stats count SwitchFree requests by route, not control requests, and reset', async (t) => {
  await search();
  await search();
  await search({});
  await fetch(`${emulator.url}/v1/contacts/sfc_0001`, { headers: { 'x-api-key': API_KEY } });
  await control('GET', '/__emulator/mode');
  const stats = await control('GET', '/__emulator/stats');
  t.equal(stats.body.requests, 4);
  t.same(stats.body.byPath, { 'GET /v1/contacts': 3, 'GET /v1/contacts/:id': 1 });
  t.equal((await control('DELETE', '/__emulator/stats')).status, 204);
  const after = await control('GET', '/__emulator/stats');
  t.equal(after.body.requests, 0);
  t.same(after.body.byPath, {});
});

t.test('down: every request answers 503, until normal again', async (t) => {
  t.same((await control('PUT', '/__emulator/mode', { mode: 'down' })).body, { mode: 'down', latencyMs: 0 });
  const down = await search();
  t.equal(down.status, 503);
  t.same(await down.json(), { error: { code: 'service_unavailable', message: 'SwitchFree is temporarily unavailable' } });
  t.equal((await search({})).status, 503, 'down before the key is even checked');
  await control('PUT', '/__emulator/mode', { mode: 'normal' });
  t.equal((await search()).status, 200);
});

t.test('slow: responses wait latencyMs', async (t) => {
  await control('PUT', '/__emulator/mode', { mode: 'slow', latencyMs: 300 });
  const started = performance.now();
  t.equal((await search()).status, 200);
  t.ok(performance.now() - started >= 290, 'waited the latency');
  const defaulted = await control('PUT', '/__emulator/mode', { mode: 'slow' });
  t.equal(defaulted.body.latencyMs, 3000, 'slow without latency defaults to 3 s');
});

t.test('flaky: every second request fails', async (t) => {
  await control('PUT', '/__emulator/mode', { mode: 'flaky' });
  const statuses = [];
  for (let index = 0; index < 6; index += 1) statuses.push((await search()).status);
  t.same(statuses, [200, 503, 200, 503, 200, 503]);
});

t.test('mode and presence control bodies are validated', async (t) => {
  t.equal((await control('PUT', '/__emulator/mode', { mode: 'sideways' })).status, 400);
  t.equal((await control('PUT', '/__emulator/mode', { mode: 'slow', latencyMs: -1 })).status, 400);
  t.equal((await control('PUT', '/__emulator/presence/+12025550100', { status: 'sleeping' })).status, 400);
  t.equal((await control('PUT', '/__emulator/presence/12025550100', { status: 'busy' })).status, 400);
});

t.test('a closing emulator does not wait out a slow response', async (t) => {
  const other = await startSwitchFreeEmulator({ apiKey: API_KEY, presenceChangeIntervalMs: 0 });
  await fetch(`${other.url}/__emulator/mode`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ mode: 'slow', latencyMs: 10_000 })
  });
  const pending = fetch(`${other.url}/v1/contacts`, { headers: { 'x-api-key': API_KEY } }).catch(() => 'aborted');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const started = performance.now();
  await other.close();
  t.ok(performance.now() - started < 2_000, 'closed promptly');
  await pending;
});
