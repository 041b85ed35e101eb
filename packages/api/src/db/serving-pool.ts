import type { PostgresPool } from 'kysely';
import pg from 'pg';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { DatabaseUnreachableError, PoolExhaustedError } from './pool-errors.js';

export interface ServingPoolOptions {
  url: string;
  max: number;
  /** Opening one connection (TCP, startup, authentication). */
  connectMs: number;
  /** Waiting for a free pooled connection while every one is in use. */
  poolWaitMs: number;
  /** Any one statement, enforced by the server (`statement_timeout`). */
  statementMs: number;
}

/** Errors of pooled connections, idle or checked out, reach `onClientError` instead of crashing the process. */
export function watchClientErrors(pool: pg.Pool, onClientError: (error: Error) => void): void {
  pool.on('error', onClientError);
  // pg-pool listens for errors only while a client is idle; one checked out by a request needs its own.
  pool.on('connect', (client) => client.on('error', onClientError));
}

// pg-pool/index.js: a checkout that waited `connectionTimeoutMillis` in the pool's queue.
const POOL_WAIT_TIMEOUT = 'timeout exceeded when trying to connect';
// pg/lib/client.js: the client's own `connectionTimeoutMillis` expired while it connected.
const CONNECT_TIMEOUT = 'timeout expired';

export interface ServingPool extends PostgresPool {
  /**
   * Every connection the pool may open is open and checked out, and checkouts are queueing: the wait is for
   * busy connections, not for a database that does not accept new ones (the health check tells them apart).
   */
  exhausted(): boolean;
}

/**
 * The pool requests are served from (docs/adr/0042-pool-wait-apart-from-connect.md). pg-pool bounds two
 * waits with one `connectionTimeoutMillis`: opening a connection and queueing for a busy pool. Here the pool
 * gets the long bound (`poolWaitMs`), each client it creates the short one (`connectMs`: pg.Client honours
 * the option itself, and pg-pool hands every client its own options), so a saturated pool on a healthy
 * database makes requests wait instead of calling the database down. The queue stays pg-pool's; this only
 * sorts how a checkout ends:
 *
 * - its wait runs out: the pool is exhausted (`PoolExhaustedError`, an overload);
 * - an attempt to open a connection fails (refused, reset, stalled past `connectMs`): the database is
 *   unreachable (`DatabaseUnreachableError`), and so it is for every checkout that has waited half of
 *   `connectMs` or more at that moment. They are waiting behind the same database; without this, one queued
 *   behind stalled connects would answer only after `poolWaitMs` instead of about `connectMs`. Their places
 *   in pg-pool's queue are kept, and a connection one of them still gets is released at once. A checkout
 *   younger than that is left to the attempt pg-pool starts for it: it answers within about 1.5 × `connectMs`
 *   either way, and one that arrived just as the database came back is served instead of failed for
 *   connects it never waited on (those the restart of a hung database cuts off).
 */
export function createServingPool(options: ServingPoolOptions, onClientError: (error: Error) => void): ServingPool {
  const { connectMs, poolWaitMs, statementMs } = options;
  class ServingClient extends pg.Client {
    constructor(config: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectMs });
    }
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    keepAlive: true,
    statement_timeout: statementMs,
    connectionTimeoutMillis: poolWaitMs,
    Client: ServingClient as unknown as new () => pg.ClientBase
  });
  watchClientErrors(pool, onClientError);
  // pg-pool counts connecting clients in `totalCount`; 'connect' and 'remove' fire only for connected ones.
  let connected = 0;
  pool.on('connect', () => (connected += 1));
  pool.on('remove', () => (connected -= 1));

  /** Each checkout still waiting, by when it began. */
  const waiting = new Map<(error: Error) => void, number>();
  // Only a checkout that has waited a good part of a connect timeout waited on the failed attempts: one that
  // joined moments ago (as the database came back, when the attempts it restarted fail) gets its own.
  const sharesFailureAfterMs = connectMs / 2;

  const classify = (error: Error): never => {
    if (error.message === POOL_WAIT_TIMEOUT) throw new PoolExhaustedError(poolWaitMs);
    if (error.message !== CONNECT_TIMEOUT && !isDatabaseUnavailable(error)) throw error;
    const unreachable =
      error.message === CONNECT_TIMEOUT
        ? new DatabaseUnreachableError(`the database did not accept a connection within ${connectMs} ms`, error)
        : new DatabaseUnreachableError(`could not connect to the database: ${error.message}`, error);
    const now = performance.now();
    for (const [giveUp, began] of waiting) {
      if (now - began < sharesFailureAfterMs) continue;
      giveUp(unreachable);
      waiting.delete(giveUp);
    }
    throw unreachable;
  };

  async function connect(): Promise<pg.PoolClient> {
    const checkout = pool.connect();
    let giveUp!: (error: Error) => void;
    const givenUp = new Promise<never>((_, reject) => (giveUp = reject));
    waiting.set(giveUp, performance.now());
    try {
      return await Promise.race([checkout.catch(classify), givenUp]);
    } catch (error) {
      // Given up on while still queued: whatever the checkout gets later goes straight back to the pool.
      checkout.then((client) => client.release(), () => undefined);
      throw error;
    } finally {
      waiting.delete(giveUp);
    }
  }

  return {
    Client: ServingClient,
    options: pool.options,
    connect,
    end: () => pool.end(),
    exhausted: () => pool.waitingCount > 0 && pool.idleCount === 0 && pool.totalCount >= options.max && connected >= pool.totalCount
  };
}
