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

/** Bounds for serving requests: a database that does not answer becomes a prompt 503, not a hung request. */
export interface DatabaseTimeouts {
  /** Waiting for a new connection (a stalled network, a server that accepts and never answers). */
  connectMs: number;
  /** Any one statement, enforced by the server (`statement_timeout`). */
  statementMs: number;
}

export const SERVING_TIMEOUTS: DatabaseTimeouts = { connectMs: 2000, statementMs: 10_000 };

/**
 * `onClientError` hears about pooled connections that died (a database restart, a proxy timeout, a network
 * partition), idle or in use: the pool replaces them, and the query in flight fails on its own. Without a
 * listener Node would treat such an error as a crash. Without `timeouts` (migrations, maintenance commands)
 * nothing is bounded: an index build may take minutes.
 */
export function createDatabase(config: DatabaseConfig, onClientError: (error: Error) => void = () => undefined, timeouts?: DatabaseTimeouts): Kysely<Database> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolMax ?? 10,
      keepAlive: true,
      ...(timeouts ? { connectionTimeoutMillis: timeouts.connectMs, statement_timeout: timeouts.statementMs } : {})
    });
    pool.on('error', onClientError);
    // pg-pool listens for errors only while a client is idle; one checked out by a request needs its own.
    pool.on('connect', (client) => client.on('error', onClientError));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const pglite = config.dataDir === 'memory://' ? new PGlite() : new PGlite(config.dataDir);
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
}
