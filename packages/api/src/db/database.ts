import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { Database } from '../repositories/database-types.js';
import { rawQueryOnPool, rawQueryThrough, type RawQuery } from './raw-query.js';
import { createServingPool, watchClientErrors } from './serving-pool.js';

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; poolMax?: number }
  /** `dataDir` is a folder, or `memory://` for a throw-away database. */
  | { kind: 'pglite'; dataDir: string };

// pg returns int8 (count(*)) as a string to protect precision; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** Bounds for serving requests: a database that does not answer becomes a prompt 503, not a hung request. */
export interface DatabaseTimeouts {
  /** Opening a new connection (a stalled network, a server that accepts and never answers). */
  connectMs: number;
  /**
   * Waiting for a free pooled connection while the database is healthy and every connection is busy (an
   * overload, answered as such): as long as one statement may run, so a request queued behind slow ones is
   * served rather than refused, yet a pool that stops turning over sheds load (docs/adr/0042).
   */
  poolWaitMs: number;
  /** Any one statement, enforced by the server (`statement_timeout`); the client gives up 2 s after it. */
  statementMs: number;
  /**
   * A query without a reply this long, while nothing else answered, makes the pool check the database on a
   * fresh connection (bounded the same): a frozen database fails its stuck queries after about twice this.
   */
  livenessMs: number;
}

export const SERVING_TIMEOUTS: DatabaseTimeouts = { connectMs: 2000, poolWaitMs: 10_000, statementMs: 10_000, livenessMs: 1000 };

/**
 * `onClientError` hears about pooled connections that died (a database restart, a proxy timeout, a network
 * partition), idle or in use: the pool replaces them, and the query in flight fails on its own. Without a
 * listener Node would treat such an error as a crash. Nothing is bounded here (migrations, maintenance
 * commands: an index build may take minutes); requests are served from `createServingDatabase`.
 */
export function createDatabase(config: DatabaseConfig, onClientError: (error: Error) => void = () => undefined): Kysely<Database> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolMax ?? 10, keepAlive: true });
    watchClientErrors(pool, onClientError);
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  return new Kysely<Database>({ dialect: new PGliteDialect(openPglite(config.dataDir)) });
}

export interface ServingDatabase {
  db: Kysely<Database>;
  /** The same database for a hot statement without Kysely's executor: the same pool, bounds and errors. */
  query: RawQuery;
  /** Whether requests are queueing for busy pooled connections (never for the embedded database). */
  poolExhausted: () => boolean;
  /** Whether the database stopped answering (a failed liveness check) and has answered nothing since. */
  stalled: () => boolean;
  /** Whether the database answered anything within the last `ms` (always, for the embedded database). */
  answeredWithin: (ms: number) => boolean;
}

/** The database requests are served from: bounded by `timeouts`, waiting for a busy pool apart from connecting. */
export function createServingDatabase(
  config: DatabaseConfig,
  onClientError: (error: Error) => void,
  timeouts: DatabaseTimeouts = SERVING_TIMEOUTS
): ServingDatabase {
  if (config.kind === 'postgres') {
    const pool = createServingPool({ url: config.url, max: config.poolMax ?? 10, ...timeouts }, onClientError);
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      query: rawQueryOnPool(pool),
      poolExhausted: () => pool.exhausted(),
      stalled: () => pool.stalled(),
      answeredWithin: (ms) => pool.answeredWithin(ms)
    };
  }
  const db = createDatabase(config, onClientError);
  return { db, query: rawQueryThrough(db), poolExhausted: () => false, stalled: () => false, answeredWithin: () => true };
}

function openPglite(dataDir: string): PGlite {
  return dataDir === 'memory://' ? new PGlite() : new PGlite(dataDir);
}
