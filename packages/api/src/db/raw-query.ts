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
  return async <Row>(statement: { name?: string; text: string }, parameters: readonly unknown[]) => {
    const client = await pool.connect();
    try {
      // pg copies a statement object (it never changes the caller's) by a slow generic path, so an unnamed
      // statement goes as its text, which pg takes as it is.
      const values = parameters as unknown[];
      const { rows } = await (statement.name
        ? client.query<Row & pg.QueryResultRow>(statement, values)
        : client.query<Row & pg.QueryResultRow>(statement.text, values));
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
