import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from '../repositories/database-types.js';

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; poolMax?: number }
  /** `dataDir` is a folder, or `memory://` for a throw-away database. */
  | { kind: 'pglite'; dataDir: string };

// pg returns int8 (count(*)) as a string to protect precision; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/**
 * `onIdleClientError` hears about pooled connections that died while idle (a database restart, a
 * proxy timeout): the pool replaces them, and without a listener Node would treat it as a crash.
 */
export function createDatabase(config: DatabaseConfig, onIdleClientError: (error: Error) => void = () => undefined): Kysely<Database> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolMax ?? 10 });
    pool.on('error', onIdleClientError);
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const pglite = config.dataDir === 'memory://' ? new PGlite() : new PGlite(config.dataDir);
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
}
