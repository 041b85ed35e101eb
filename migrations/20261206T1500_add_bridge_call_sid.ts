import type { Kysely } from 'kysely';

// Frozen in time. The SignalWire call the bridge route placed for a row, in a column of its own that only the
// server writes: refreshing and hanging up a bridge call act on this, never on the client-written
// `provider_call_id` or `metadata` (ADR 50). Rows logged before it carry null: the server never acts on them
// at SignalWire (an open bridge call from before the upgrade is ended on the phone and closed by the widget).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('call_logs').addColumn('bridge_call_sid', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('call_logs').dropColumn('bridge_call_sid').execute();
}
