import { isE164 } from '@sw-dialer/shared-types';
import t from 'tap';
import { SCENARIO_PEOPLE, SHARED_MAIN_LINE, seedContacts, startSwitchFreeEmulator, type WireContact } from '../src/switchfree/index.js';

const API_KEY = 'sf-test-key-contacts';
const emulator = await startSwitchFreeEmulator({ apiKey: API_KEY, presenceChangeIntervalMs: 0 });
t.teardown(() => emulator.close());

async function call(path: string, init: { method?: string; body?: unknown } = {}) {
  const response = await fetch(emulator.url + path, {
    method: init.method ?? 'GET',
    headers: { 'x-api-key': API_KEY, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) })
  });
  return { status: response.status, body: (await response.json()) as any };
}

t.test('the seeded directory is deterministic, large enough, and only holds valid E.164 numbers', async (t) => {
  const first = seedContacts();
  t.same(seedContacts(), first, 'two generations are identical');
  t.ok(first.length >= 200, `at least 200 contacts (got ${first.length})`);
  const ids = new Set(first.map((seed) => seed.contact.id));
  t.equal(ids.size, first.length, 'ids are unique');
  const numbers = first.flatMap((seed) => seed.contact.phones.map((phone) => phone.number));
  t.same(
    numbers.filter((number) => !isE164(number)),
    [],
    'every number is valid E.164'
  );
  // Only the shared switchboard may appear on two contacts.
  const counts = new Map<string, number>();
  for (const number of numbers) counts.set(number, (counts.get(number) ?? 0) + 1);
  t.same(
    [...counts].filter(([, count]) => count > 1).map(([number]) => number),
    [SHARED_MAIN_LINE]
  );
});

t.test('every SignalWire scenario number has a named contact with a company', async (t) => {
  const numbers = SCENARIO_PEOPLE.map((person) => person.number);
  t.same(numbers, ['+12025550100', '+12025550101', '+12025550102', '+12025550103', '+12025550104', '+12025550105', '+12025550106']);
  const { status, body } = await call('/v1/contacts/match', { method: 'POST', body: { numbers } });
  t.equal(status, 200);
  t.same(
    body.results.map((result: { number: string }) => result.number),
    numbers,
    'answers in request order'
  );
  for (const result of body.results as Array<{ number: string; contacts: WireContact[] }>) {
    t.equal(result.contacts.length, 1, `${result.number} matches one contact`);
    const contact = result.contacts[0] as WireContact;
    t.match(contact.display_name, /^\w+ \w+$/);
    t.type(contact.company, 'string');
    t.ok(contact.phones.some((phone) => phone.number === result.number));
  }
  t.equal(body.results[0].contacts[0].display_name, 'Ada Answers');
});

t.test('match: unknown numbers answer an empty list, a shared line answers everyone on it', async (t) => {
  const { body } = await call('/v1/contacts/match', { method: 'POST', body: { numbers: ['+19995550100', SHARED_MAIN_LINE] } });
  t.same(body.results[0], { number: '+19995550100', contacts: [] });
  t.equal(body.results[1].contacts.length, 2);
  for (const contact of body.results[1].contacts) t.equal(contact.company, 'Fourth Coffee');
});

t.test('match validates its body', async (t) => {
  t.equal((await call('/v1/contacts/match', { method: 'POST', body: { numbers: ['2025550100'] } })).status, 400, 'not E.164');
  t.equal((await call('/v1/contacts/match', { method: 'POST', body: { numbers: [] } })).status, 400, 'empty');
  const tooMany = Array.from({ length: 101 }, (_, index) => `+1312555${String(1000 + index)}`);
  t.equal((await call('/v1/contacts/match', { method: 'POST', body: { numbers: tooMany } })).status, 400, 'over 100');
  const bad = await call('/v1/contacts/match', { method: 'POST', body: { numbers: ['x'] } });
  t.equal(bad.body.error.code, 'invalid_request');
});

t.test('search matches names, companies and digits, case-insensitively', async (t) => {
  const byName = await call('/v1/contacts?query=ada%20ANSWERS');
  t.same(
    byName.body.contacts.map((contact: WireContact) => contact.id),
    ['sfc_0001']
  );
  const byCompany = await call('/v1/contacts?query=fourth%20coffee&limit=50');
  t.equal(byCompany.body.contacts.length, 2);
  const byDigits = await call(`/v1/contacts?query=${encodeURIComponent('202 555 0105')}`);
  t.same(
    byDigits.body.contacts.map((contact: WireContact) => contact.display_name),
    ['Dexter Declines']
  );
  const nobody = await call('/v1/contacts?query=zzzz-nobody');
  t.same(nobody.body, { contacts: [], next_cursor: null });
});

t.test('cursors walk the whole directory once, in a stable order', async (t) => {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response: { status: number; body: { contacts: WireContact[]; next_cursor: string | null } } = await call(
      `/v1/contacts?limit=40${cursor ? `&cursor=${cursor}` : ''}`
    );
    t.equal(response.status, 200);
    t.ok(response.body.contacts.length <= 40);
    seen.push(...response.body.contacts.map((contact) => contact.id));
    cursor = response.body.next_cursor;
    pages += 1;
  } while (cursor && pages < 20);
  t.equal(seen.length, seedContacts().length, 'every contact once');
  t.equal(new Set(seen).size, seen.length, 'no duplicates across pages');
});

t.test('search validates limit and cursor', async (t) => {
  t.equal((await call('/v1/contacts?limit=0')).status, 400);
  t.equal((await call('/v1/contacts?limit=101')).status, 400);
  const bad = await call('/v1/contacts?cursor=not-a-cursor');
  t.equal(bad.status, 400);
  t.match(bad.body.error.message, /cursor/);
});

t.test('get by id', async (t) => {
  const found = await call('/v1/contacts/sfc_0002');
  t.equal(found.status, 200);
  t.equal(found.body.contact.display_name, 'Bruno Busy');
  t.same(found.body.contact.phones, [{ number: '+12025550101', label: 'mobile' }]);
  const missing = await call('/v1/contacts/sfc_9999');
  t.equal(missing.status, 404);
  t.equal(missing.body.error.code, 'not_found');
});

t.test('contacts by id in one batch: unknown ids left out, duplicates once, bounded like every batch', async (t) => {
  const answer = await call('/v1/contacts/batch', { method: 'POST', body: { ids: ['sfc_0001', 'sfc_0002', 'sfc_9999', 'sfc_0001'] } });
  t.equal(answer.status, 200);
  t.same(
    answer.body.contacts.map((contact: WireContact) => contact.id),
    ['sfc_0001', 'sfc_0002']
  );
  t.match(answer.body.contacts[0], { id: 'sfc_0001', display_name: String, phones: Array });
  t.equal((await call('/v1/contacts/batch', { method: 'POST', body: { ids: [] } })).status, 400);
  t.equal((await call('/v1/contacts/batch', { method: 'POST', body: { ids: Array.from({ length: 101 }, (_, i) => `sfc_${i}`) } })).status, 400);
  t.equal((await call('/v1/contacts/batch', { method: 'POST', body: { numbers: ['+12025550100'] } })).status, 400);
});
