import { sql, type Kysely } from 'kysely';

// Frozen in time: this file describes the table as it was first shipped. Change it with a new migration.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('call_logs')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'text', (col) => col.notNull())
    .addColumn('direction', 'text', (col) => col.notNull().check(sql`direction in ('outbound', 'inbound')`))
    .addColumn('number', 'text', (col) => col.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('dialing', 'ringing', 'connected', 'ended', 'failed')`))
    .addColumn('started_at', 'timestamptz', (col) => col.notNull())
    .addColumn('answered_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('duration_ms', 'integer', (col) => col.check(sql`duration_ms >= 0`))
    .addColumn('end_reason', 'text', (col) =>
      col.check(
        sql`end_reason in ('local-hangup', 'remote-hangup', 'busy', 'no-answer', 'declined', 'invalid-number', 'network', 'canceled', 'abandoned', 'error')`
      )
    )
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('client_session_id', 'uuid', (col) => col.notNull())
    .addColumn('provider_call_id', 'text')
    .addColumn('metadata', 'jsonb')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    // The idempotency key: one row per (user, widget session), however often the widget retries.
    .addUniqueConstraint('uq_call_logs_user_session', ['user_id', 'client_session_id'])
    // A finished call always says when and why it finished.
    .addCheckConstraint(
      'ck_call_logs_terminal_complete',
      sql`status not in ('ended', 'failed') or (ended_at is not null and end_reason is not null and duration_ms is not null)`
    )
    .execute();

  // At most one open call per user, enforced by the database so that two tabs racing cannot both win.
  await sql`create unique index uq_call_logs_one_open_per_user on call_logs (user_id)
    where status in ('dialing', 'ringing', 'connected')`.execute(db);

  // History is always one user's calls, newest first, paged by (started_at, id): these serve every filter.
  await sql`create index idx_call_logs_user_id on call_logs (user_id, started_at desc, id desc)`.execute(db);
  await sql`create index idx_call_logs_status on call_logs (user_id, status, started_at desc, id desc)`.execute(db);
  await sql`create index idx_call_logs_user_contact on call_logs (user_id, contact_id, started_at desc, id desc)`.execute(db);
  await sql`create index idx_call_logs_user_number on call_logs (user_id, number, started_at desc, id desc)`.execute(db);
  // For operators: retention jobs and cross-user reports by time.
  await sql`create index idx_call_logs_started_at on call_logs (started_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('call_logs').execute();
}
