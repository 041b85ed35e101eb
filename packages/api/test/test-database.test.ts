import t from 'tap';
import { sql, type Kysely } from 'kysely';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createTestDatabase } from '@sw-dialer/test-support/test-database';

/*
 * The test databases themselves, embedded (the README's `pnpm test`) or on a server: the end-to-end tests
 * restart the API on the same database and expect its rows to be there, as a deploy would find them.
 */

t.test('a test database keeps its rows when it is closed and opened again (an API restart)', async (t) => {
  const database = await createTestDatabase();
  t.teardown(() => database.drop());
  const first = createDatabase(database.config) as Kysely<unknown>;
  await migrateToLatest(first);
  await sql`insert into call_logs (user_id, direction, number, status, started_at, client_session_id)
            values ('restart-user', 'outbound', '+12025550100', 'dialing', now(), gen_random_uuid())`.execute(first);
  await first.destroy();

  const second = createDatabase(database.config) as Kysely<unknown>;
  t.teardown(() => second.destroy());
  t.same(await migrateToLatest(second), [], 'the schema is still there');
  const rows = await sql<{ user_id: string }>`select user_id from call_logs`.execute(second);
  t.same(
    rows.rows.map((row) => row.user_id),
    ['restart-user'],
    'the row written before the restart'
  );
});

t.test('each test database is its own: a row in one is not in another', async (t) => {
  const [one, two] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  const a = createDatabase(one.config) as Kysely<unknown>;
  const b = createDatabase(two.config) as Kysely<unknown>;
  t.teardown(async () => {
    await a.destroy();
    await b.destroy();
    await one.drop();
    await two.drop();
  });
  await migrateToLatest(a);
  await migrateToLatest(b);
  await sql`insert into call_logs (user_id, direction, number, status, started_at, client_session_id)
            values ('only-in-one', 'outbound', '+12025550100', 'dialing', now(), gen_random_uuid())`.execute(a);
  const inTwo = await sql<{ n: number }>`select count(*)::int as n from call_logs`.execute(b);
  t.equal(inTwo.rows[0]?.n, 0);
});

t.test('an empty test database has no migration applied', async (t) => {
  const database = await createTestDatabase({ empty: true });
  const db = createDatabase(database.config) as Kysely<unknown>;
  t.teardown(async () => {
    await db.destroy();
    await database.drop();
  });
  const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(db);
  t.equal(tables.rows[0]?.n, 0);
});
