import { randomUUID } from 'node:crypto';
import t from 'tap';
import { startSwitchFreeEmulator } from '../../emulators/src/switchfree/index.js';
import { buildTestApp } from './helpers/build-test-app.js';

// History rows name people: one batched, cached SwitchFree lookup per page (issue 20).
const API_KEY = 'test-switchfree-key';
const emulator = await startSwitchFreeEmulator({ apiKey: API_KEY, port: 0, presenceChangeIntervalMs: 0 });
t.teardown(() => emulator.close());
const controlRequest = (method: string, path: string, body?: unknown) =>
  fetch(`${emulator.url}${path}`, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
const upstreamStats = async () => (await (await controlRequest('GET', '/__emulator/stats')).json()) as { requests: number; byPath: Record<string, number> };

// Memory cache: each test app starts cold.
const { app, authHeader } = await buildTestApp(t, { switchfree: { baseUrl: emulator.url, apiKey: API_KEY, timeoutMs: 500 } });

const contactId = (n: number) => `sfc_${String(n).padStart(4, '0')}`;

/** `count` finished calls for a new user, each with a different contact (from `firstContact`), newest last. */
async function seedUser(count: number, firstContact: number) {
  const userId = `user-${randomUUID()}`;
  const base = Date.now() - count * 60_000;
  const rows = Array.from({ length: count }, (_, i) => ({
    user_id: userId,
    direction: i % 2 === 0 ? 'outbound' : 'inbound',
    number: '+12025550100',
    contact_id: contactId(firstContact + i),
    status: 'ended',
    started_at: new Date(base + i * 60_000),
    ended_at: new Date(base + i * 60_000 + 1000),
    duration_ms: 0,
    end_reason: i % 2 === 0 ? 'canceled' : 'missed',
    client_session_id: randomUUID()
  }));
  const inserted = await app.db.insertInto('call_logs').values(rows).returning(['id', 'contact_id']).execute();
  return { userId, headers: authHeader(userId), ids: inserted };
}

const history = (headers: Record<string, string>, query = '') =>
  app.inject({ method: 'GET', url: `/api/telephony/history${query ? `?${query}` : ''}`, headers });

t.test('a page of 20 rows whose contacts are all uncached makes one upstream request', async (t) => {
  const { headers } = await seedUser(20, 1);
  await controlRequest('DELETE', '/__emulator/stats');
  const response = await history(headers, 'limit=20');
  t.equal(response.statusCode, 200);
  const body = response.json();
  t.equal(body.items.length, 20);
  t.equal(body.contactsDegraded, false);
  t.ok(
    body.items.every((item: { contact: { displayName: string } | null }) => item.contact && item.contact.displayName.length > 0),
    'every row is named'
  );
  const stats = await upstreamStats();
  t.equal(stats.requests, 1, 'one upstream request for the whole page');
  t.same(stats.byPath, { 'POST /v1/contacts/batch': 1 });
  await history(headers, 'limit=20');
  t.equal((await upstreamStats()).requests, 1, 'the same page again is served from the cache');
});

t.test('rows carry name and company, disposition and the notes flag; unknown contacts fall back', async (t) => {
  const { headers, ids } = await seedUser(3, 30);
  // One contact SwitchFree does not know, and one call without a contact.
  await app.db
    .updateTable('call_logs')
    .set({ contact_id: 'sfc_9999' })
    .where('id', '=', (ids[0] as { id: string }).id)
    .execute();
  await app.db
    .updateTable('call_logs')
    .set({ contact_id: null })
    .where('id', '=', (ids[1] as { id: string }).id)
    .execute();
  const named = (ids[2] as { id: string }).id;
  const saved = await app.inject({
    method: 'PUT',
    url: `/api/telephony/calls/${named}/wrap-up`,
    headers,
    payload: { disposition: 'interested', notes: 'send the quote' }
  });
  t.equal(saved.statusCode, 201);
  const body = (await history(headers)).json();
  const byId = new Map(body.items.map((item: { id: string }) => [item.id, item]));
  const known = (await (await controlRequest('GET', '/__emulator/contacts')).json()) as { count: number };
  t.ok(known.count > 30);
  t.match(byId.get(named), { disposition: 'interested', hasNotes: true, contact: { displayName: String, company: String } });
  t.notOk('notes' in (byId.get(named) as object), 'the notes themselves are not in the list');
  t.match(byId.get((ids[0] as { id: string }).id), { contact: null, disposition: null, hasNotes: false }, 'unknown contact: the row shows the number');
  t.match(byId.get((ids[1] as { id: string }).id), { contact: null, contactId: null });
});

t.test('filter by disposition, and by a national number with defaultCountry', async (t) => {
  const { headers, ids } = await seedUser(4, 60);
  const [a, b] = ids.map((row) => row.id);
  await app.inject({ method: 'PUT', url: `/api/telephony/calls/${a}/wrap-up`, headers, payload: { disposition: 'call back' } });
  await app.inject({ method: 'PUT', url: `/api/telephony/calls/${b}/wrap-up`, headers, payload: { disposition: 'interested' } });
  const filtered = (await history(headers, `disposition=${encodeURIComponent('call back')}&offset=0`)).json();
  t.same(
    filtered.items.map((item: { id: string }) => item.id),
    [a]
  );
  t.equal(filtered.total, 1, 'the count honours the filter');

  await app.db
    .updateTable('call_logs')
    .set({ number: '+442079460123' })
    .where('id', '=', b as string)
    .execute();
  const national = await history(headers, `number=${encodeURIComponent('020 7946 0123')}&defaultCountry=GB`);
  t.equal(national.statusCode, 200);
  t.same(
    national.json().items.map((item: { id: string }) => item.id),
    [b],
    'a national number with its country finds the E.164 row'
  );
  const e164 = (await history(headers, `number=${encodeURIComponent('+442079460123')}`)).json();
  t.same(
    e164.items.map((item: { id: string }) => item.id),
    [b],
    'E.164 still works'
  );

  const bad: Array<[string, string]> = [
    [`number=${encodeURIComponent('020 7946 0123')}`, 'query.number'],
    [`number=12&defaultCountry=GB`, 'query.number'],
    ['number=%2B12025550100&defaultCountry=gb', 'query.defaultCountry'],
    ['number=%2B12025550100&defaultCountry=ZZ', 'query.defaultCountry'],
    ['disposition=%3Cb%3E', 'query.disposition']
  ];
  for (const [query, field] of bad) {
    const response = await history(headers, query);
    t.equal(response.statusCode, 400, query);
    t.ok(
      response.json().error.details.issues.some((issue: { field: string }) => issue.field === field),
      `${query} names ${field}`
    );
  }
});

t.test('SwitchFree down: rows still list, without names, flagged degraded', async (t) => {
  const { headers } = await seedUser(5, 90);
  await controlRequest('PUT', '/__emulator/mode', { mode: 'down' });
  t.teardown(() => controlRequest('PUT', '/__emulator/mode', { mode: 'normal' }));
  const response = await history(headers);
  t.equal(response.statusCode, 200);
  const body = response.json();
  t.equal(body.items.length, 5);
  t.equal(body.contactsDegraded, true);
  t.ok(body.items.every((item: { contact: unknown }) => item.contact === null));
});

t.test('contacts already cached are not asked for again; the rest go in one request', async (t) => {
  const { headers } = await seedUser(6, 120);
  await app.switchfree.contacts.getById(contactId(120));
  await app.switchfree.contacts.getById(contactId(121));
  await controlRequest('DELETE', '/__emulator/stats');
  const body = (await history(headers)).json();
  t.equal(body.items.filter((item: { contact: unknown }) => item.contact !== null).length, 6);
  t.same((await upstreamStats()).byPath, { 'POST /v1/contacts/batch': 1 }, 'one batch for the four that were not cached');
  const all = await app.switchfree.contacts.getByIds([contactId(120), contactId(125), contactId(120)]);
  t.same([...all.contacts.keys()], [contactId(120), contactId(125)], 'one answer per distinct id');
  t.equal((await upstreamStats()).requests, 1, 'and all from the cache now');
});
