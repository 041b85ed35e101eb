import t from 'tap';
import { startSwitchFreeEmulator } from '../../emulators/src/switchfree/index.js';
import { createSwitchFree, type CacheTtls } from '../src/providers/switchfree/index.js';

const API_KEY = 'sf-key-provider-cache';
const emulator = await startSwitchFreeEmulator({ apiKey: API_KEY, presenceChangeIntervalMs: 0 });
t.teardown(() => emulator.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const upstream = async () => ((await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as { requests: number }).requests;
const setMode = (mode: string) =>
  fetch(`${emulator.url}/__emulator/mode`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode }) });
const setPresence = (number: string, status: string) =>
  fetch(`${emulator.url}/__emulator/presence/${number}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status }) });

function provider(ttl: Partial<CacheTtls> = {}) {
  const created = createSwitchFree({ baseUrl: emulator.url, apiKey: API_KEY, timeoutMs: 500, ttl });
  t.teardown(() => created.close());
  return created;
}

const KNOWN = '+12025550100';
const UNKNOWN = '+19995550142';

t.beforeEach(async () => {
  await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });
});

t.test('a second lookup is a cache hit; a cold one is a miss', async (t) => {
  const switchFree = provider();
  const first = await switchFree.contacts.matchNumbers([KNOWN, UNKNOWN]);
  t.equal(await upstream(), 1, 'cold: one upstream request');
  const second = await switchFree.contacts.matchNumbers([UNKNOWN, KNOWN]);
  t.equal(await upstream(), 1, 'warm: none');
  t.same(
    second.matches.map((match) => match.number),
    [UNKNOWN, KNOWN],
    'cache answers keep request order'
  );
  t.same(second.matches[1], first.matches[0]);
  t.equal(second.degraded, false);
  await switchFree.contacts.matchNumbers([KNOWN, '+19995550143']);
  t.equal(await upstream(), 2, 'a batch with one new number goes upstream once');
});

t.test('misses expire on their own, shorter TTL while matches stay cached', async (t) => {
  const switchFree = provider({ matchMs: 10_000, missMs: 150 });
  await switchFree.contacts.matchNumbers([KNOWN, UNKNOWN]);
  await sleep(250);
  await switchFree.contacts.matchNumbers([KNOWN]);
  t.equal(await upstream(), 1, 'the match is still cached');
  await switchFree.contacts.matchNumbers([UNKNOWN]);
  t.equal(await upstream(), 2, 'the miss expired and was asked again');
});

t.test('matches expire on their own TTL while misses stay cached', async (t) => {
  const switchFree = provider({ matchMs: 150, missMs: 10_000 });
  await switchFree.contacts.matchNumbers([KNOWN, UNKNOWN]);
  await sleep(250);
  await switchFree.contacts.matchNumbers([UNKNOWN]);
  t.equal(await upstream(), 1, 'the miss is still cached');
  const again = await switchFree.contacts.matchNumbers([KNOWN]);
  t.equal(await upstream(), 2, 'the match expired and was asked again');
  t.equal(again.matches[0]?.contacts[0]?.displayName, 'Ada Answers');
});

t.test('when SwitchFree is down an expired match is served from cache, flagged degraded; an expired miss is not kept', async (t) => {
  const switchFree = provider({ matchMs: 100, staleMatchMs: 60_000, missMs: 100 });
  await switchFree.contacts.matchNumbers([KNOWN, UNKNOWN]);
  await sleep(200);
  await setMode('down');
  const result = await switchFree.contacts.matchNumbers([KNOWN, UNKNOWN]);
  t.equal(result.degraded, true);
  t.same(
    result.matches.map((match) => [match.number, match.contacts.map((contact) => contact.displayName), match.degraded]),
    [
      [KNOWN, ['Ada Answers'], true],
      [UNKNOWN, [], true]
    ]
  );
});

t.test('a match past its stale window is gone: down means unknown', async (t) => {
  const switchFree = provider({ matchMs: 100, staleMatchMs: 100 });
  await switchFree.contacts.matchNumbers([KNOWN]);
  await sleep(300);
  await setMode('down');
  t.same((await switchFree.contacts.matchNumbers([KNOWN])).matches[0], { number: KNOWN, contacts: [], degraded: true });
});

t.test('a number match also caches the contact by id', async (t) => {
  const switchFree = provider();
  await switchFree.contacts.matchNumbers([KNOWN]);
  const byId = await switchFree.contacts.getById('sfc_0001');
  t.equal(byId.contact?.displayName, 'Ada Answers');
  t.equal(await upstream(), 1, 'no request for the id');
  t.same(await switchFree.contacts.getById('sfc_9999'), { contact: null, degraded: false });
  t.same(await switchFree.contacts.getById('sfc_9999'), { contact: null, degraded: false });
  t.equal(await upstream(), 2, 'a missing id is cached as a miss');
});

t.test('search pages are cached briefly and served stale when SwitchFree is down', async (t) => {
  // Fresh windows are long enough for a loaded machine to make the second call inside them.
  const switchFree = provider({ searchMs: 500, staleSearchMs: 60_000 });
  const page = await switchFree.contacts.search('Nadia');
  await switchFree.contacts.search('Nadia');
  t.equal(await upstream(), 1);
  await sleep(600);
  await setMode('down');
  const stale = await switchFree.contacts.search('Nadia');
  t.same(stale, { ...page, degraded: true });
  t.same(await switchFree.contacts.search('Bruno'), { items: [], nextCursor: null, degraded: true }, 'never seen: empty');
});

t.test('presence is cached for a few seconds only', async (t) => {
  const switchFree = provider({ presenceMs: 800 });
  t.match(await switchFree.presence.getPresence([KNOWN, UNKNOWN]), [
    { number: KNOWN, status: 'available', available: true, degraded: false },
    { number: UNKNOWN, status: 'unknown', available: false, lastSeenAt: null, degraded: false }
  ]);
  await setPresence(KNOWN, 'busy');
  t.match(await switchFree.presence.getPresence([KNOWN]), [{ status: 'available' }], 'still cached');
  t.equal(await upstream(), 1);
  await sleep(900);
  t.match(await switchFree.presence.getPresence([KNOWN]), [{ status: 'busy', available: false, degraded: false }], 'expired and asked again');
  t.equal(await upstream(), 2);
});

t.test('while down, recent presence is served degraded and old presence becomes unknown', async (t) => {
  const switchFree = provider({ presenceMs: 100, stalePresenceMs: 1_500 });
  await switchFree.presence.getPresence([KNOWN]);
  await sleep(150);
  await setMode('down');
  t.match(await switchFree.presence.getPresence([KNOWN]), [{ number: KNOWN, status: 'available', degraded: true }], 'stale but recent');
  await sleep(1_600);
  t.same(await switchFree.presence.getPresence([KNOWN]), [{ number: KNOWN, status: 'unknown', available: false, lastSeenAt: null, degraded: true }]);
});
