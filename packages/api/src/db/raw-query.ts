import { CompiledQuery, type Kysely } from 'kysely';
import type pg from 'pg';

/**
 * One parameterized statement, answered with its rows. For the few statements on a hot path. A `name`
 * makes it a prepared statement on Postgres: each pooled connection parses and plans it once.
 */
export type RawQuery = <Row>(statement: { name?: string; text: string }, parameters: readonly unknown[]) => Promise<Row[]>;

/**
 * Straight on the serving pool: a checkout (with the pool's own bounds and error classification), the
 * statement, the release, as Kysely's Postgres driver does them. Kysely's executor wraps that in half a
 * dozen layers of async functions, which cost the create-call route more than its INSERT's own
 * serialization (issue 22).
 */
export function rawQueryOnPool(pool: { connect(): Promise<pg.PoolClient> }): RawQuery {
  return async <Row>({ name, text }: { name?: string; text: string }, parameters: readonly unknown[]) => {
    const client = await pool.connect();
    try {
      const { rows } = await client.query<Row & pg.QueryResultRow>(
        name ? { name, text, values: parameters as unknown[] } : { text, values: parameters as unknown[] }
      );
      return rows;
    } finally {
      client.release();
    }
  };
}

/** Through Kysely, for the embedded database (and any repository built without a pool): never prepared. */
export function rawQueryThrough<DB>(db: Kysely<DB>): RawQuery {
  return async <Row>({ text }: { name?: string; text: string }, parameters: readonly unknown[]) =>
    (await db.executeQuery<Row>(CompiledQuery.raw(text, [...parameters]))).rows as Row[];
}
