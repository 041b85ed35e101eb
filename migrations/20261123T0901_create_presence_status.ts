import { sql, type Kysely } from 'kysely';

// Frozen in time. The last presence seen for each number, so a restart or a SwitchFree outage still
// has something to show.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('presence_status')
    .addColumn('number', 'text', (col) => col.primaryKey())
    .addColumn('available', 'boolean', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(sql`status in ('available', 'busy', 'dnd', 'away', 'offline', 'unknown')`))
    .addColumn('last_seen_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('presence_status').execute();
}
