import { sql, type Kysely } from 'kysely';
import type { Database } from './database-types.js';

/** Kysely's own bookkeeping table (kysely/migration); it exists once the first migration has run. */
const UNDEFINED_TABLE = '42P01';

/** What the migrator has applied to this database: read by the readiness probe and the config checker. */
export class MigrationStateRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Names of the applied migrations, or `[]` when none has ever run. Throws when the database does not answer. */
  async appliedNames(): Promise<string[]> {
    try {
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(this.db);
      return rows.map((row) => row.name);
    } catch (error) {
      if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return [];
      throw error;
    }
  }
}
