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
  /**
   * A query with no reply for this long makes the pool check, on a fresh connection bounded by the same
   * time, whether the database still answers at all; if not, the stuck queries fail now (docs/adr/0049).
   */
  livenessMs: number;
}

/** TCP keepalive on every pooled socket: a peer that vanished without a FIN is found, not waited on for hours. */
export const KEEPALIVE_IDLE_MS = 10_000;
/** The client's own ceiling on a query, past the server's `statement_timeout`: for a socket that went silent. */
const QUERY_CEILING_MARGIN_MS = 2_000;
// pg/lib/client.js: the client's own `query_timeout` expired.
const QUERY_READ_TIMEOUT = 'Query read timeout';

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
  /** A pooled pg client: raw statements use pg's own options, prepared statements among them. */
  connect(): Promise<pg.PoolClient>;
  /**
   * Every connection the pool may open is open and checked out, and checkouts are queueing: the wait is for
   * busy connections, not for a database that does not accept new ones (the health check tells them apart).
   */
  exhausted(): boolean;
  /** The database stopped answering queries (a liveness check failed) and has answered nothing since. */
  stalled(): boolean;
  /** Whether the database answered anything (a query, a liveness check) within the last `ms`. */
  answeredWithin(ms: number): boolean;
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
  const { connectMs, poolWaitMs, statementMs, livenessMs } = options;

  // Frozen-database detection (issue 14 item 4). `statement_timeout` is the server's: a frozen server never
  // enforces it, and a pooled socket to a hung host stays open and silent. A query that has had no reply for
  // `livenessMs` while nothing else answered makes the pool try the database on a fresh connection; if that
  // fails too, the database is not slow but gone, and every query stuck that long fails now on a destroyed
  // connection (503, "database unavailable"): within about 2 × `livenessMs`. A database that answers the check
  // is only slow or locked: its queries keep waiting, up to `statement_timeout` (docs/adr/0042).
  const inFlight = new Map<object, { client: pg.Client; startedAt: number }>();
  let lastAnswerAt = performance.now();
  let stalledSince: number | undefined;
  let checking = false;
  let watchdog: NodeJS.Timeout | undefined;

  const answered = () => {
    lastAnswerAt = performance.now();
    stalledSince = undefined;
  };
  /** A pooled connection that can no longer be trusted: its socket goes, pg fails its query, the pool drops it. */
  const abandon = (client: pg.Client) => (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();

  async function checkLiveness(): Promise<void> {
    checking = true;
    const probe = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: livenessMs, query_timeout: livenessMs });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.query('select 1');
      answered();
      void probe.end().catch(() => undefined);
    } catch {
      abandon(probe);
      void probe.end().catch(() => undefined);
      stalledSince ??= performance.now();
      const now = performance.now();
      for (const [key, entry] of inFlight) {
        if (now - entry.startedAt < livenessMs) continue;
        inFlight.delete(key);
        abandon(entry.client);
      }
      failWaiting(
        new DatabaseUnreachableError(
          `the database stopped answering: no reply to a query within ${livenessMs} ms, nor to a check on a new connection`,
          new Error(QUERY_READ_TIMEOUT)
        )
      );
    } finally {
      checking = false;
    }
  }

  function watch(): void {
    if (watchdog) return;
    watchdog = setInterval(
      () => {
        if (inFlight.size === 0 && waiting.size === 0) {
          clearInterval(watchdog);
          watchdog = undefined;
          return;
        }
        const now = performance.now();
        if (checking || now - lastAnswerAt < livenessMs) return;
        // A checkout queued that long counts too: the connections it waits for may be the silent ones.
        let oldest = now;
        for (const entry of inFlight.values()) oldest = Math.min(oldest, entry.startedAt);
        for (const began of waiting.values()) oldest = Math.min(oldest, began);
        if (now - oldest >= livenessMs) void checkLiveness();
      },
      Math.max(50, Math.floor(livenessMs / 4))
    );
    watchdog.unref();
  }

  class ServingClient extends pg.Client {
    constructor(config: pg.ClientConfig) {
      super({
        ...config,
        connectionTimeoutMillis: connectMs,
        query_timeout: statementMs + QUERY_CEILING_MARGIN_MS,
        keepAlive: true,
        keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS
      });
      // Every query (Kysely's are promises) is watched while it waits for its reply.
      const query = this.query.bind(this) as (...args: unknown[]) => unknown;
      (this as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const result = query(...args);
        if (!(result instanceof Promise)) return result;
        const key = {};
        inFlight.set(key, { client: this, startedAt: performance.now() });
        watch();
        result.then(
          () => {
            inFlight.delete(key);
            answered();
          },
          (error: Error) => {
            inFlight.delete(key);
            // pg leaves a timed-out query on its connection: a later query would wait behind it forever.
            if (error?.message === QUERY_READ_TIMEOUT) abandon(this);
          }
        );
        return result;
      };
    }
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
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
  function failWaiting(unreachable: Error): void {
    const now = performance.now();
    for (const [giveUp, began] of waiting) {
      if (now - began < sharesFailureAfterMs) continue;
      giveUp(unreachable);
      waiting.delete(giveUp);
    }
  }

  const classify = (error: Error): never => {
    if (error.message === POOL_WAIT_TIMEOUT) throw new PoolExhaustedError(poolWaitMs);
    if (error.message !== CONNECT_TIMEOUT && !isDatabaseUnavailable(error)) throw error;
    const unreachable =
      error.message === CONNECT_TIMEOUT
        ? new DatabaseUnreachableError(`the database did not accept a connection within ${connectMs} ms`, error)
        : new DatabaseUnreachableError(`could not connect to the database: ${error.message}`, error);
    failWaiting(unreachable);
    throw unreachable;
  };

  async function connect(): Promise<pg.PoolClient> {
    // More idle connections than checkouts queued ahead (pg-pool hands idle ones out in order, on the next
    // tick): this one is served at once, so there is no wait to bound and nothing to give up on, and none of
    // the bookkeeping below (a few per cent of a create-call request's CPU, issue 22).
    if (pool.idleCount > pool.waitingCount) return pool.connect();
    const checkout = pool.connect();
    let giveUp!: (error: Error) => void;
    const givenUp = new Promise<never>((_, reject) => (giveUp = reject));
    waiting.set(giveUp, performance.now());
    watch();
    try {
      return await Promise.race([checkout.catch(classify), givenUp]);
    } catch (error) {
      // Given up on while still queued: whatever the checkout gets later goes straight back to the pool.
      checkout.then(
        (client) => client.release(),
        () => undefined
      );
      throw error;
    } finally {
      waiting.delete(giveUp);
    }
  }

  return {
    Client: ServingClient,
    options: pool.options,
    connect,
    end: () => {
      clearInterval(watchdog);
      return pool.end();
    },
    exhausted: () => pool.waitingCount > 0 && pool.idleCount === 0 && pool.totalCount >= options.max && connected >= pool.totalCount,
    stalled: () => stalledSince !== undefined,
    answeredWithin: (ms: number) => performance.now() - lastAnswerAt <= ms
  };
}
