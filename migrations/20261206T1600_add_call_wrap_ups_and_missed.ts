import { sql, type Kysely } from 'kysely';

// Frozen in time. Two things the sales workflow needs (issue 20):
// - `call_wrap_ups`: what the agent wrote after a call (disposition, notes), kept apart from the call's
//   immutable facts in `call_logs`, one row per call, gone with its call. `notes` is jsonb like `metadata`:
//   `{"text": "..."}`, or that object sealed with CALL_METADATA_KEY (ADR 16, ADR 70).
// - the inbound end reasons `missed` (the caller gave up while it rang) and `declined-by-agent`.
// Down maps them to the nearest older words (`no-answer`, `declined`) so that the older check can be restored.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('call_wrap_ups')
    .addColumn('call_id', 'uuid', (col) => col.primaryKey().references('call_logs.id').onDelete('cascade'))
    .addColumn('disposition', 'text', (col) => col.notNull().check(sql`char_length(disposition) between 1 and 64`))
    .addColumn('notes', 'jsonb')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  // History filters one user's calls by disposition; the join goes through call_logs' own indexes.
  await sql`create index idx_call_wrap_ups_disposition on call_wrap_ups (disposition)`.execute(db);

  await sql`alter table call_logs drop constraint call_logs_end_reason_check`.execute(db);
  await sql`alter table call_logs add constraint call_logs_end_reason_check check (end_reason in
    ('local-hangup', 'remote-hangup', 'busy', 'no-answer', 'declined', 'invalid-number', 'network', 'canceled', 'abandoned', 'error', 'missed', 'declined-by-agent'))`.execute(
    db
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table call_logs drop constraint call_logs_end_reason_check`.execute(db);
  await sql`update call_logs set end_reason = 'no-answer' where end_reason = 'missed'`.execute(db);
  await sql`update call_logs set end_reason = 'declined' where end_reason = 'declined-by-agent'`.execute(db);
  await sql`alter table call_logs add constraint call_logs_end_reason_check check (end_reason in
    ('local-hangup', 'remote-hangup', 'busy', 'no-answer', 'declined', 'invalid-number', 'network', 'canceled', 'abandoned', 'error'))`.execute(db);
  await db.schema.dropTable('call_wrap_ups').execute();
}
