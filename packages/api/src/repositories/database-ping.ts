import { sql, type Kysely } from 'kysely';
import type { Database } from './database-types.js';

/** The cheapest round trip that proves the database answers: what /health times. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}
