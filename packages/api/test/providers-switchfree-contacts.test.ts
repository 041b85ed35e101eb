import t from 'tap';
import { startSwitchFreeEmulator } from '../../emulators/src/switchfree/index.js';
import { createSwitchFree } from '../src/providers/switchfree/index.js';

const API_KEY = 'sf-key-provider-contacts';
const emulator = await startSwitchFreeEmulator({ apiKey: API_KEY, presenceChangeIntervalMs: 0 });
const switchFree = createSwitchFree({ baseUrl: emulator.url, apiKey: API_KEY, timeoutMs: 2_000 });
t.teardown(async () => {
  await switchFree.close();
  await emulator.close();
});

const stats = async () => (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as { requests: number; byPath: Record<string, number> };
t.beforeEach(async () => {
  await fetch(`${emulator.url}/__emulator/reset`, { method: 'POST' });
  await switchFree.cacheStore.clear();
});

t.test('matchNumbers normalizes contacts, keeps request order, and answers unknown numbers with none', async (t) => {
  const result = await switchFree.contacts.matchNumbers(['+12025550101', '+19995550100', '+12025550100', '+12025550101']);
  t.equal(result.degraded, false);
  t.same(
    result.matches.map((match) => match.number),
    ['+12025550101', '+19995550100', '+12025550100'],
    'one entry per distinct number, in request order'
  );
  t.same(result.matches[0], {
    number: '+12025550101',
    degraded: false,
    contacts: [{ id: 'sfc_0002', displayName: 'Bruno Busy', company: 'Contoso Logistics', phoneNumbers: [{ e164: '+12025550101', type: 'mobile' }] }]
  });
  t.same(result.matches[1], { number: '+19995550100', contacts: [], degraded: false });
  t.equal((await stats()).byPath['POST /v1/contacts/match'], 1, 'one batch request upstream');
});

t.test('a shared line matches several people; labels SwitchFree has and we do not become "other"', async (t) => {
  const { matches } = await switchFree.contacts.matchNumbers(['+12125550100']);
  t.equal(matches[0]?.contacts.length, 2);
  for (const contact of matches[0]?.contacts ?? []) {
    t.equal(contact.company, 'Fourth Coffee');
    t.ok(contact.phoneNumbers.some((phone) => phone.e164 === '+12125550100' && phone.type === 'main'));
  }
  // Find someone with a fax line in the seeded directory (the emulator labels some second numbers "fax").
  let cursor: string | null = null;
  let faxOwner: { phoneNumbers: Array<{ type: string }> } | undefined;
  for (let page = 0; page < 10 && !faxOwner; page += 1) {
    const raw = (await (
      await fetch(`${emulator.url}/v1/contacts?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { headers: { 'x-api-key': API_KEY } })
    ).json()) as {
      contacts: Array<{ id: string; phones: Array<{ label: string }> }>;
      next_cursor: string | null;
    };
    const wire = raw.contacts.find((contact) => contact.phones.some((phone) => phone.label === 'fax'));
    if (wire) faxOwner = (await switchFree.contacts.getById(wire.id)).contact ?? undefined;
    cursor = raw.next_cursor;
  }
  t.ok(faxOwner, 'the seed has a fax number');
  t.ok(
    faxOwner?.phoneNumbers.some((phone) => phone.type === 'other'),
    'fax is mapped to other'
  );
});

t.test('search pages through results with the upstream cursor', async (t) => {
  const first = await switchFree.contacts.search('a', { limit: 5 });
  t.equal(first.degraded, false);
  t.equal(first.items.length, 5);
  t.type(first.nextCursor, 'string');
  const second = await switchFree.contacts.search('a', { limit: 5, cursor: first.nextCursor });
  t.equal(second.items.length, 5);
  t.same(
    second.items.filter((item) => first.items.some((seen) => seen.id === item.id)),
    [],
    'the second page does not repeat the first'
  );
  const one = await switchFree.contacts.search('Dexter Declines');
  t.same(
    one.items.map((item) => item.displayName),
    ['Dexter Declines']
  );
  t.equal(one.nextCursor, null);
});

t.test('getById: found, and a missing id is null without being degraded', async (t) => {
  const found = await switchFree.contacts.getById('sfc_0001');
  t.same(found, {
    degraded: false,
    contact: { id: 'sfc_0001', displayName: 'Ada Answers', company: 'Northwind Traders', phoneNumbers: [{ e164: '+12025550100', type: 'mobile' }] }
  });
  t.same(await switchFree.contacts.getById('sfc_9999'), { contact: null, degraded: false });
});

t.test('concurrent lookups of the same numbers share upstream requests', async (t) => {
  const numbers = ['+12025550100', '+12025550102', '+12025550104'];
  const results = await Promise.all(Array.from({ length: 25 }, () => switchFree.contacts.matchNumbers(numbers)));
  for (const result of results)
    t.same(
      result.matches.map((match) => match.contacts[0]?.displayName),
      ['Ada Answers', 'Nora Noanswer', 'Nadia Network']
    );
  t.equal((await stats()).requests, 1, '25 callers, one upstream request');
});

t.test('inputs are checked before they become cache keys or URLs', async (t) => {
  await t.rejects(switchFree.contacts.matchNumbers(['2025550100']), TypeError);
  await t.rejects(switchFree.contacts.getById('../admin'), TypeError);
  await t.rejects(switchFree.contacts.search('   '), TypeError);
  await t.rejects(switchFree.contacts.search('ok', { limit: 0 }), TypeError);
  t.equal((await stats()).requests, 0, 'nothing was sent');
});
