import t from 'tap';
import { sql, type Kysely } from 'kysely';
import { createDatabase } from '../src/db/database.js';
import { createMigrator, migrateToLatest } from '../src/db/migrator.js';
import { createTestDatabase } from '@sw-dialer/test-support/test-database';

t.test('migrations go up, down to nothing, and up again', async (t) => {
  const database = await createTestDatabase({ empty: true });
  const db = createDatabase(database.config) as Kysely<unknown>;
  t.teardown(async () => {
    await db.destroy();
    await database.drop();
  });
  const tables = async () =>
    (
      await sql<{
        table_name: string;
      }>`select table_name from information_schema.tables where table_schema = 'public' and table_name in ('call_logs', 'presence_status', 'call_wrap_ups') order by 1`.execute(
        db
      )
    ).rows.map((row) => row.table_name);

  const applied = await migrateToLatest(db);
  t.same(applied, [
    '20261123T0900_create_call_logs',
    '20261123T0901_create_presence_status',
    '20261206T1500_add_bridge_call_sid',
    '20261206T1600_add_call_wrap_ups_and_missed'
  ]);
  t.same(await tables(), ['call_logs', 'call_wrap_ups', 'presence_status']);
  t.same(await migrateToLatest(db), [], 'a second run has nothing to do');

  const indexes = (await sql<{ indexname: string }>`select indexname from pg_indexes where tablename = 'call_logs' order by 1`.execute(db)).rows.map(
    (row) => row.indexname
  );
  for (const name of [
    'idx_call_logs_user_id',
    'idx_call_logs_status',
    'idx_call_logs_started_at',
    'uq_call_logs_one_open_per_user',
    'uq_call_logs_user_session'
  ]) {
    t.ok(indexes.includes(name), `has ${name}`);
  }

  const columns = async () =>
    (await sql<{ column_name: string }>`select column_name from information_schema.columns where table_name = 'call_logs'`.execute(db)).rows.map(
      (row) => row.column_name
    );
  t.ok((await columns()).includes('bridge_call_sid'), 'the server-only bridge call column exists');

  // A missed inbound call, with a wrap-up: the newest migration's additions in use.
  const missed = (
    await sql<{ id: string }>`insert into call_logs (user_id, direction, number, status, started_at, ended_at, duration_ms, end_reason, client_session_id)
      values ('m', 'inbound', '+12025550100', 'ended', now(), now(), 0, 'missed', gen_random_uuid()) returning id`.execute(db)
  ).rows[0] as { id: string };
  await sql`insert into call_wrap_ups (call_id, disposition, notes) values (${missed.id}, 'callback', '{"text":"ring back"}')`.execute(db);
  await sql`insert into call_logs (user_id, direction, number, status, started_at, ended_at, duration_ms, end_reason, client_session_id)
    values ('m', 'inbound', '+12025550100', 'ended', now() - interval '1 minute', now(), 0, 'declined-by-agent', gen_random_uuid())`.execute(db);
  await t.rejects(
    sql`insert into call_wrap_ups (call_id, disposition) values (gen_random_uuid(), 'x')`.execute(db),
    { code: '23503' },
    'a wrap-up needs its call'
  );

  const migrator = createMigrator(db);
  t.notOk((await migrator.migrateDown()).error);
  t.same(await tables(), ['call_logs', 'presence_status'], 'the wrap-up table goes away on the way down');
  const reason = (await sql<{ end_reason: string }>`select end_reason from call_logs where id = ${missed.id}`.execute(db)).rows[0];
  t.equal(reason?.end_reason, 'no-answer', 'a missed call becomes no-answer under the older vocabulary');
  const declined = (await sql<{ n: number }>`select count(*)::int as n from call_logs where end_reason = 'declined' and user_id = 'm'`.execute(db)).rows[0];
  t.equal(declined?.n, 1, 'and one the agent declined becomes declined');
  await t.rejects(
    sql`update call_logs set end_reason = 'missed' where id = ${missed.id}`.execute(db),
    { code: '23514' },
    'and the older check refuses missed again'
  );
  await sql`delete from call_logs where user_id = 'm'`.execute(db);
  t.notOk((await migrator.migrateDown()).error);
  t.notOk((await columns()).includes('bridge_call_sid'), 'and goes away on the way down');
  t.notOk((await migrator.migrateDown()).error);
  t.same(await tables(), ['call_logs']);
  t.notOk((await migrator.migrateDown()).error);
  t.same(await tables(), []);
  t.same(await migrateToLatest(db), [
    '20261123T0900_create_call_logs',
    '20261123T0901_create_presence_status',
    '20261206T1500_add_bridge_call_sid',
    '20261206T1600_add_call_wrap_ups_and_missed'
  ]);
});

t.test('the database itself refuses a second open call and an unfinished terminal row', async (t) => {
  const database = await createTestDatabase({ empty: true });
  const db = createDatabase(database.config) as Kysely<unknown>;
  t.teardown(async () => {
    await db.destroy();
    await database.drop();
  });
  await migrateToLatest(db);
  const insert = (status: string) =>
    sql`insert into call_logs (user_id, direction, number, status, started_at, client_session_id)
        values ('u', 'outbound', '+12025550100', ${status}, now(), gen_random_uuid())`.execute(db);
  await insert('dialing');
  await t.rejects(insert('ringing'), { code: '23505', constraint: 'uq_call_logs_one_open_per_user' });
  await t.rejects(
    sql`insert into call_logs (user_id, direction, number, status, started_at, client_session_id) values ('v', 'outbound', '+1', 'ended', now(), gen_random_uuid())`.execute(
      db
    ),
    { code: '23514' },
    'a finished call without end time and reason is refused'
  );
});
