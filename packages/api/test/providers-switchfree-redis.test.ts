import { createServer, type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import t from 'tap';
import { startSwitchFreeEmulator } from '../../emulators/src/switchfree/index.js';
import { createSwitchFree, type ProviderLogger, type SwitchFreeOptions } from '../src/providers/switchfree/index.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const API_KEY = 'sf-key-provider-redis';
// Distinct per file and per run: other test files and other runs share this Redis.
const PREFIX = `sw-dialer-test:providers-switchfree-redis:${process.pid}:`;

const emulator = await startSwitchFreeEmulator({ apiKey: API_KEY, presenceChangeIntervalMs: 0 });
const admin = new Redis(REDIS_URL);
t.teardown(async () => {
  await dropTestKeys();
  await admin.quit();
  await emulator.close();
});

const upstream = async () => (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as { requests: number; byPath: Record<string, number> };
const setMode = (mode: string) =>
  fetch(`${emulator.url}/__emulator/mode`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) });

function instance(options: Partial<SwitchFreeOptions> = {}) {
  const created = createSwitchFree({ baseUrl: emulator.url, apiKey: API_KEY, timeoutMs: 500, redis: REDIS_URL, cacheKeyPrefix: PREFIX, ...options });
  t.teardown(() => created.close());
  return created;
}

async function dropTestKeys() {
  const keys = await admin.keys(`${PREFIX}*`);
  if (keys.length > 0) await admin.del(...keys);
}

t.beforeEach(async () => {
  await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });
  await dropTestKeys();
});

t.test('two API instances share the cache through Redis', async (t) => {
  const first = instance();
  const second = instance();
  const fromFirst = await first.contacts.matchNumbers(['+12025550105', '+19995550177']);
  await first.presence.getPresence(['+12025550105']);
  await first.contacts.search('Dexter');
  t.equal((await upstream()).requests, 3);

  const fromSecond = await second.contacts.matchNumbers(['+12025550105', '+19995550177']);
  t.same(fromSecond, fromFirst, 'the same answer, match and miss');
  t.match(await second.presence.getPresence(['+12025550105']), [{ status: 'dnd', degraded: false }]);
  t.same(
    (await second.contacts.search('Dexter')).items.map((item) => item.displayName),
    ['Dexter Declines']
  );
  t.equal((await upstream()).requests, 3, 'the second instance made no upstream request');

  const ttl = await admin.pttl(`${PREFIX}num:+12025550105`);
  t.ok(ttl > 0 && ttl <= 5 * 60_000 + 60 * 60_000, 'entries carry a TTL (fresh + stale window)');
  const missTtl = await admin.pttl(`${PREFIX}num:+19995550177`);
  t.ok(missTtl > 0 && missTtl <= 60_000, 'misses carry their own, shorter TTL');
});

t.test('a stale entry written by one instance is served by another while SwitchFree is down', async (t) => {
  const first = instance({ ttl: { matchMs: 100 } });
  const second = instance({ ttl: { matchMs: 100 } });
  await first.contacts.matchNumbers(['+12025550106']);
  await new Promise((resolve) => setTimeout(resolve, 200));
  await setMode('down');
  const answer = await second.contacts.matchNumbers(['+12025550106']);
  t.same(
    answer.matches[0]?.contacts.map((contact) => contact.displayName),
    ['Shirin Shortcall']
  );
  t.equal(answer.degraded, true);
});

t.test('prefixes isolate caches, and clear() removes only its own keys', async (t) => {
  const otherPrefix = `${PREFIX}other:`;
  const isolated = instance({ cacheKeyPrefix: otherPrefix });
  const mine = instance();
  await mine.contacts.matchNumbers(['+12025550100']);
  await isolated.contacts.matchNumbers(['+12025550100']);
  t.equal((await upstream()).requests, 2, 'another prefix does not see these entries');
  await admin.set(`${PREFIX}unrelated`, 'keep');
  await isolated.cacheStore.clear();
  t.same(await admin.keys(`${otherPrefix}*`), []);
  t.equal(await admin.get(`${PREFIX}unrelated`), 'keep');
  t.ok((await admin.exists(`${PREFIX}num:+12025550100`)) === 1, 'the other cache is intact');
});

t.test('an unreachable Redis costs a lookup little and breaks nothing', async (t) => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const warnings: string[] = [];
  const logger: ProviderLogger = { debug() {}, info() {}, warn: (_object, message) => warnings.push(message ?? ''), error() {} };
  const broken = instance({ redis: `redis://127.0.0.1:${port}`, cacheTimeoutMs: 100, logger });
  const started = performance.now();
  const result = await broken.contacts.matchNumbers(['+12025550100']);
  t.ok(performance.now() - started < 1_000, 'bounded by the cache timeout');
  t.equal(result.degraded, false, 'SwitchFree answered; the cache is only an optimisation');
  t.equal(result.matches[0]?.contacts[0]?.displayName, 'Ada Answers');
  t.ok(warnings.some((line) => line.includes('cache read failed')));
});

t.test('a client passed in stays open after close()', async (t) => {
  const client = new Redis(REDIS_URL);
  const borrowed = createSwitchFree({ baseUrl: emulator.url, apiKey: API_KEY, redis: client, cacheKeyPrefix: PREFIX });
  await borrowed.contacts.matchNumbers(['+12025550101']);
  await borrowed.close();
  t.equal(await client.ping(), 'PONG');
  await client.quit();
});
