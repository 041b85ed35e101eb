import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import t from 'tap';
import { buildTestApp } from './helpers/build-test-app.js';

const { app, authHeader } = await buildTestApp(t);

const STATUSES = ['ended', 'failed'] as const;
const NUMBERS = ['+12025550100', '+12025550101', '+12025550102'];

/** Inserts `count` finished calls for a new user, one minute apart, newest last; returns the user. */
async function seedUser(count: number) {
  const userId = `user-${randomUUID()}`;
  const base = Date.parse('2026-11-01T00:00:00Z');
  const rows = Array.from({ length: count }, (_, i) => ({
    user_id: userId,
    direction: 'outbound',
    number: NUMBERS[i % 3] as string,
    contact_id: i % 4 === 0 ? 'contact-a' : null,
    status: STATUSES[i % 2] as string,
    // Every fifth pair shares a start time, so ordering must fall back to the id.
    started_at: new Date(base + Math.floor(i / 2) * 60_000 * (i % 5 === 0 ? 0 : 1) + i * 60_000),
    ended_at: new Date(base + i * 60_000 + 1000),
    duration_ms: 0,
    end_reason: i % 2 === 0 ? 'canceled' : 'busy',
    client_session_id: randomUUID()
  }));
  for (let i = 0; i < rows.length; i += 500)
    await app.db
      .insertInto('call_logs')
      .values(rows.slice(i, i + 500))
      .execute();
  return { userId, headers: authHeader(userId) };
}

const history = (headers: Record<string, string>, query: string) =>
  app.inject({ method: 'GET', url: `/api/telephony/history${query ? `?${query}` : ''}`, headers });

t.test('newest first, limit and offset with a total', async (t) => {
  const { headers } = await seedUser(30);
  const first = await history(headers, 'limit=10&offset=0');
  t.equal(first.statusCode, 200);
  const body = first.json();
  t.equal(body.items.length, 10);
  t.equal(body.total, 30);
  t.type(body.nextCursor, 'string');
  const starts = body.items.map((item: { startedAt: string }) => Date.parse(item.startedAt));
  t.same(
    starts,
    [...starts].sort((a, b) => b - a),
    'descending by start time'
  );
  const third = (await history(headers, 'limit=10&offset=20')).json();
  t.equal(third.items.length, 10);
  t.equal(third.nextCursor, null, 'the last page has no next cursor');
  const defaults = (await history(headers, '')).json();
  t.equal(defaults.items.length, 20, 'default page size');
});

t.test('the cursor walks every row exactly once, ties broken by id', async (t) => {
  const { headers } = await seedUser(57);
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await history(headers, `limit=7${cursor ? `&cursor=${cursor}` : ''}`);
    t.equal(response.statusCode, 200);
    const body = response.json();
    t.equal(body.total, undefined, 'keyset pages do not count the whole history');
    seen.push(...body.items.map((item: { id: string }) => item.id));
    cursor = body.nextCursor;
    pages += 1;
  } while (cursor && pages < 20);
  t.equal(pages, 9);
  t.equal(seen.length, 57);
  t.equal(new Set(seen).size, 57, 'no duplicates');
  const offsetAll = (await history(headers, 'limit=100')).json().items.map((item: { id: string }) => item.id);
  t.same(seen, offsetAll, 'same order as one big page');
});

t.test('filters: status, contactId, number, from and to', async (t) => {
  const { headers } = await seedUser(24);
  const failed = (await history(headers, 'status=failed&limit=100&offset=0')).json();
  t.equal(failed.total, 12);
  t.ok(failed.items.every((item: { status: string }) => item.status === 'failed'));
  const contact = (await history(headers, 'contactId=contact-a&limit=100&offset=0')).json();
  t.equal(contact.total, 6);
  t.ok(contact.items.every((item: { contactId: string }) => item.contactId === 'contact-a'));
  const number = (await history(headers, `number=${encodeURIComponent('+12025550101')}&limit=100&offset=0`)).json();
  t.equal(number.total, 8);
  const all = (await history(headers, 'limit=100')).json().items as Array<{ startedAt: string }>;
  const from = all[15]?.startedAt as string;
  const to = all[5]?.startedAt as string;
  const range = (await history(headers, `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=100`)).json();
  t.ok(range.items.length >= 11, 'inclusive range');
  t.ok(range.items.every((item: { startedAt: string }) => item.startedAt >= from && item.startedAt <= to));
  const combined = (await history(headers, 'status=failed&contactId=contact-a&offset=0')).json();
  t.equal(combined.total, 0, 'contact-a rows are all even, hence ended');
});

t.test('bad history queries are 400s naming the parameter', async (t) => {
  const { headers } = await seedUser(1);
  const cases: Array<[string, string]> = [
    ['limit=0', 'query.limit'],
    ['limit=101', 'query.limit'],
    ['limit=abc', 'query.limit'],
    ['status=idle', 'query.status'],
    ['status=busy', 'query.status'],
    ['number=12345', 'query.number'],
    ['from=yesterday', 'query.from'],
    ['cursor=bm90LWEtY3Vyc29y', 'query.cursor'],
    ['cursor=abc&offset=10', 'query.offset'],
    ['sort=asc', 'query.sort'],
    [`contactId=${encodeURIComponent("x' OR 1=1 --")}`, 'query.contactId']
  ];
  for (const [query, field] of cases) {
    const response = await history(headers, query);
    t.equal(response.statusCode, 400, query);
    const error = response.json().error;
    t.equal(error.code, 'VALIDATION_FAILED');
    t.equal(error.details.issues[0].field, field, query);
  }
});

t.test('history queries are served by the indexes', async (t) => {
  // Shaped like production: many users, each a small share of the table (the benchmark's 1,000 users
  // of 1,000 calls, scaled down), so that the plans below are the ones that matter at scale.
  for (let i = 0; i < 30; i += 1) await seedUser(200);
  const { userId } = await seedUser(400);
  await sql`analyze call_logs`.execute(app.db);
  const repository = app.repositories.callLogs;
  const plans = {
    firstPage: await repository.explainHistory(userId, { limit: 20 }),
    byStatus: await repository.explainHistory(userId, { limit: 20, status: 'failed' }),
    byContact: await repository.explainHistory(userId, { limit: 20, contactId: 'contact-a' }),
    byNumber: await repository.explainHistory(userId, { limit: 20, number: '+12025550101' }),
    byCursor: await repository.explainHistory(userId, {
      limit: 20,
      cursor: Buffer.from(JSON.stringify(['2026-11-01T00:30:00.000Z', randomUUID()])).toString('base64url')
    })
  };
  const expectedIndex: Record<keyof typeof plans, string> = {
    firstPage: 'idx_call_logs_user_id',
    byStatus: 'idx_call_logs_status',
    byContact: 'idx_call_logs_user_contact',
    byNumber: 'idx_call_logs_user_number',
    byCursor: 'idx_call_logs_user_id'
  };
  for (const [name, plan] of Object.entries(plans) as Array<[keyof typeof plans, string]>) {
    t.notMatch(plan, /Seq Scan/, `${name} does not scan the table`);
    t.match(plan, new RegExp(`Index Scan( Backward)? using ${expectedIndex[name]}`), `${name} walks ${expectedIndex[name]} in order\n${plan}`);
    t.notMatch(plan, /Sort\b/, `${name} needs no sort step`);
  }
  // bench:api's plans mode reads the plan as run: the same index, with the database's own timing.
  const analyzed = await repository.explainHistory(userId, { limit: 20, status: 'failed' }, { analyze: true });
  t.match(analyzed, /Index Scan( Backward)? using idx_call_logs_status .*\(actual time=/, 'the analyzed plan says what ran, and how long it took');
  t.match(analyzed, /Execution Time: [\d.]+ ms/);
  t.notMatch(plans.byStatus, /actual time=/, 'a plain explain does not run the query');
});
