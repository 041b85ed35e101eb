import { createServer, type AddressInfo } from 'node:net';
import t from 'tap';
import { startSwitchFreeEmulator } from '../../emulators/src/switchfree/index.js';
import { createSwitchFree, type ProviderLogger, type SwitchFreeOptions } from '../src/providers/switchfree/index.js';

// Shaped like a real key so that a leak would be recognisable in any output.
const API_KEY = 'sfk_live_9f2c1e7a4b3d4e8f_resilience';
const emulator = await startSwitchFreeEmulator({ apiKey: API_KEY, presenceChangeIntervalMs: 0 });
t.teardown(() => emulator.close());

function capturingLogger() {
  const lines: string[] = [];
  const record = (level: string) => (object: object, message?: string) => lines.push(`${level} ${message ?? ''} ${JSON.stringify(object)}`);
  const logger: ProviderLogger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  return { logger, lines };
}

const control = (path: string, body: unknown) =>
  fetch(`${emulator.url}/__emulator/${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const setMode = (mode: string, latencyMs?: number) => control('mode', { mode, ...(latencyMs === undefined ? {} : { latencyMs }) });
const upstreamRequests = async () => ((await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as { requests: number }).requests;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function provider(options: Partial<SwitchFreeOptions> = {}) {
  const created = createSwitchFree({ baseUrl: emulator.url, apiKey: API_KEY, timeoutMs: 300, ...options });
  t.teardown(() => created.close());
  return created;
}

t.beforeEach(async () => {
  await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });
});

t.test('a rejected key degrades lookups, is logged as such, and the key appears nowhere', async (t) => {
  const { logger, lines } = capturingLogger();
  const wrong = createSwitchFree({ baseUrl: emulator.url, apiKey: 'sfk_wrong_key_0000', timeoutMs: 300, logger });
  t.teardown(() => wrong.close());
  t.same(await wrong.contacts.matchNumbers(['+12025550100']), { matches: [{ number: '+12025550100', contacts: [], degraded: true }], degraded: true });
  t.same(await wrong.contacts.search('ada'), { items: [], nextCursor: null, degraded: true });
  t.same(await wrong.presence.getPresence(['+12025550100']), [
    { number: '+12025550100', available: false, status: 'unknown', lastSeenAt: null, degraded: true }
  ]);
  t.ok(
    lines.some((line) => line.startsWith('error') && line.includes('rejected the API key') && line.includes('401')),
    'an operator is told'
  );
  t.notOk(lines.join('\n').includes('sfk_wrong_key_0000'), 'the key is not logged');
  // A wrong key says nothing about SwitchFree's health: the breaker stays closed.
  for (let index = 0; index < 8; index += 1) await wrong.contacts.matchNumbers([`+1312555${1000 + index}`]);
  t.equal(wrong.breakerState(), 'closed');
});

t.test('the key is in no error message, even with the failures the adapter raises', async (t) => {
  const { SwitchFreeHttpClient } = await import('../src/providers/switchfree/index.js');
  const client = new SwitchFreeHttpClient({ baseUrl: emulator.url, apiKey: API_KEY, timeoutMs: 200 });
  const messages: string[] = [];
  await setMode('slow', 1_000);
  await client.matchNumbers(['+12025550100']).catch((error: Error) => messages.push(`${error.message} ${String(error.stack)}`));
  await setMode('down');
  await client.searchContacts('ada', 5, null).catch((error: Error) => messages.push(`${error.message} ${String(error.stack)}`));
  // A port that was free a moment ago: nothing listens there now (port 1 would be refused by fetch itself).
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const unreachable = new SwitchFreeHttpClient({ baseUrl: `http://127.0.0.1:${closedPort}`, apiKey: API_KEY, timeoutMs: 200 });
  await unreachable.getContact('sfc_0001').catch((error: Error) => messages.push(`${error.message} ${String(error.stack)}`));
  t.equal(messages.length, 3);
  t.match(messages[0], /timed out after 200 ms/);
  t.match(messages[1], /answered 503 \(service_unavailable\)/);
  t.match(messages[2], /failed \(ECONNREFUSED\)/);
  t.notOk(messages.join('\n').includes(API_KEY));
});

t.test('a slow SwitchFree: lookups answer degraded within the timeout, not the upstream latency', async (t) => {
  const switchFree = provider({ timeoutMs: 250 });
  await setMode('slow', 3_000);
  const started = performance.now();
  const [match, presence, page] = await Promise.all([
    switchFree.contacts.matchNumbers(['+12025550100']),
    switchFree.presence.getPresence(['+12025550100']),
    switchFree.contacts.search('ada')
  ]);
  const elapsed = performance.now() - started;
  t.ok(elapsed < 1_500, `answered in ${Math.round(elapsed)} ms, far below the 3 s upstream latency`);
  t.ok(elapsed >= 240, 'it did wait for the timeout');
  t.equal(match.degraded, true);
  t.same(match.matches[0]?.contacts, []);
  t.equal(presence[0]?.status, 'unknown');
  t.equal(presence[0]?.degraded, true);
  t.equal(page.degraded, true);
});

t.test('the breaker opens after consecutive failures, stops calling upstream, and recovers through half-open', async (t) => {
  const { logger, lines } = capturingLogger();
  const switchFree = provider({ breaker: { failureThreshold: 3, resetTimeoutMs: 400 }, logger });
  await setMode('down');
  for (let index = 0; index < 3; index += 1) {
    t.equal((await switchFree.contacts.matchNumbers([`+1312555${1000 + index}`])).degraded, true);
  }
  t.equal(switchFree.breakerState(), 'open');
  t.ok(
    lines.some((line) => line.includes('circuit opened')),
    'the opening is logged'
  );
  const before = await upstreamRequests();
  const started = performance.now();
  for (let index = 0; index < 20; index += 1) {
    t.equal((await switchFree.contacts.matchNumbers([`+1312555${1100 + index}`])).degraded, true);
  }
  t.ok(performance.now() - started < 300, 'an open circuit answers at once');
  t.equal(await upstreamRequests(), before, 'no upstream request while open');

  // Half-open with SwitchFree still down: one probe, and the circuit opens again.
  await sleep(450);
  t.equal(switchFree.breakerState(), 'half-open');
  await switchFree.contacts.matchNumbers(['+13125551200']);
  t.equal(await upstreamRequests(), before + 1, 'exactly one probe');
  t.equal(switchFree.breakerState(), 'open');

  // SwitchFree back: the next probe closes the circuit and answers are real again.
  await setMode('normal');
  await sleep(450);
  const recovered = await switchFree.contacts.matchNumbers(['+12025550100']);
  t.equal(recovered.degraded, false);
  t.equal(recovered.matches[0]?.contacts[0]?.displayName, 'Ada Answers');
  t.equal(switchFree.breakerState(), 'closed');
  t.ok(lines.some((line) => line.includes('circuit closed')));
});

t.test('timeouts count against the breaker too', async (t) => {
  const switchFree = provider({ timeoutMs: 100, breaker: { failureThreshold: 2, resetTimeoutMs: 60_000 } });
  await setMode('slow', 1_000);
  await switchFree.contacts.search('one');
  await switchFree.contacts.search('two');
  t.equal(switchFree.breakerState(), 'open');
});

t.test('a flaky SwitchFree: failed lookups are degraded, successful ones are not, and the breaker tolerates it', async (t) => {
  const switchFree = provider({ breaker: { failureThreshold: 3 } });
  await setMode('flaky');
  const results = [];
  for (let index = 0; index < 6; index += 1) results.push((await switchFree.contacts.matchNumbers([`+1415555${1100 + index}`])).degraded);
  t.same(results, [false, true, false, true, false, true]);
  t.equal(switchFree.breakerState(), 'closed', 'alternating failures never reach three in a row');
});

t.test('health reports reachability and latency without tripping the breaker', async (t) => {
  const switchFree = provider({ breaker: { failureThreshold: 1 } });
  const healthy = await switchFree.checkHealth();
  t.equal(healthy.ok, true);
  t.type(healthy.latencyMs, 'number');
  await setMode('down');
  t.match(await switchFree.checkHealth(), { ok: false, breaker: 'closed' });
});

t.test('options are validated without echoing the key', async (t) => {
  t.throws(() => createSwitchFree({ baseUrl: 'ftp://example.com', apiKey: API_KEY }), /baseUrl/);
  t.throws(() => createSwitchFree({ baseUrl: emulator.url, apiKey: '' }), /apiKey: is required/);
  try {
    createSwitchFree({ baseUrl: 'not a url', apiKey: API_KEY });
  } catch (error) {
    t.notOk(String((error as Error).message).includes(API_KEY));
  }
});
