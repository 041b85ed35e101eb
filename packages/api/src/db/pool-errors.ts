/**
 * The two ways a request can fail to get a database connection, kept apart because they call for different
 * answers (docs/adr/0042-pool-wait-apart-from-connect.md): the database not accepting connections is an
 * outage ("database unavailable"); every pooled connection busy on a healthy database is an overload.
 */

/** No pooled connection became free within `waitedMs`, and no attempt to connect failed meanwhile. */
export class PoolExhaustedError extends Error {
  constructor(readonly waitedMs: number) {
    super(`no pooled database connection became free within ${waitedMs} ms`);
    this.name = 'PoolExhaustedError';
  }
}

/** An attempt to open a database connection failed: refused, reset, or no answer within the connect timeout. */
export class DatabaseUnreachableError extends Error {
  constructor(message: string, cause: Error) {
    super(message, { cause });
    this.name = 'DatabaseUnreachableError';
  }
}
