import { CompiledQuery, type Kysely, type PostgresPool } from 'kysely';

/** One parameterized statement, answered with its rows. For the few statements on a hot path. */
export type RawQuery = <Row>(sql: string, parameters: readonly unknown[]) => Promise<Row[]>;

/**
 * Straight on the serving pool: a checkout (with the pool's own bounds and error classification), the
 * statement, the release, as Kysely's Postgres driver does them. Kysely's executor wraps that in half a
 * dozen layers of async functions, which cost the create-call route more than its INSERT's own
 * serialization (issue 22).
 */
export function rawQueryOnPool(pool: PostgresPool): RawQuery {
  return async <Row>(sql: string, parameters: readonly unknown[]) => {
    const client = await pool.connect();
    try {
      const { rows } = await client.query<Row>(sql, parameters);
      return rows;
    } finally {
      client.release();
    }
  };
}

/** Through Kysely, for the embedded database (and any repository built without a pool). */
export function rawQueryThrough<DB>(db: Kysely<DB>): RawQuery {
  return async <Row>(sql: string, parameters: readonly unknown[]) => (await db.executeQuery<Row>(CompiledQuery.raw(sql, [...parameters]))).rows as Row[];
}
