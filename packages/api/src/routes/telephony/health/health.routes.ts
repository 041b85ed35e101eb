import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthResponseSchema, type HealthResponse } from '@sw-dialer/shared-types';
import { pingDatabase } from '../../../repositories/database-ping.js';
import type { FastifyBaseLogger } from 'fastify';
import { failureKind, ProbeFailure } from '../../../errors/failure-kind.js';

const CHECK_TIMEOUT_MS = 2000;

type Check = HealthResponse['checks']['database'];

/** A dependency that answers but is not fully well (a half-open breaker). */
class DegradedError extends ProbeFailure {}

/**
 * Runs one probe within the time limit: ok, degraded, or down with the reason. `explainSlow` may name a
 * cause, at the limit, that is not the dependency being down.
 */
async function timed(
  log: FastifyBaseLogger,
  dependency: string,
  probe: () => Promise<unknown>,
  explainSlow: () => Error | undefined = () => undefined
): Promise<Check> {
  const started = performance.now();
  try {
    const slow = new Promise((_, reject) =>
      setTimeout(() => reject(explainSlow() ?? new ProbeFailure(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref()
    );
    await Promise.race([probe(), slow]);
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const status = error instanceof DegradedError ? 'degraded' : 'down';
    // The answer names the kind of failure; the error itself, addresses and all, is for the logs only.
    const message = failureKind(error);
    log.warn({ err: error, action: 'health', dependency, outcome: status }, `health: ${dependency} ${status}: ${message}`);
    return { status, latencyMs: Math.round(performance.now() - started), message };
  }
}

/** Connectivity of what the service depends on. 503 only when the database, without which nothing works, is down. */
const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health',
    { config: { action: 'health' }, schema: { response: { 200: healthResponseSchema, 503: healthResponseSchema } } },
    async (request, reply) => {
      const [database, signalwire, switchfree] = await Promise.all([
        // A probe still queueing behind busy pooled connections of a database that answers says the API is
        // overloaded, not that the database is down: a load balancer should not pull an instance that is merely
        // busy (docs/adr/0042). Busy connections on a database that answers nothing (a hung host) are an outage.
        timed(
          request.log,
          'database',
          () => pingDatabase(app.db),
          () => {
            const pool = app.databasePool;
            // Exhausted means overloaded only while the database answers (the pool checks it on a fresh connection).
            if (pool.stalled() || (pool.exhausted() && !pool.answeredWithin(CHECK_TIMEOUT_MS)))
              return new ProbeFailure('the database stopped answering queries');
            if (pool.exhausted()) return new DegradedError(`no pooled connection became free within ${CHECK_TIMEOUT_MS} ms: overloaded`);
            return undefined;
          }
        ),
        app.signalwire
          ? timed(request.log, 'signalwire', () => app.signalwire!.client.ping())
          : Promise.resolve<Check>({ status: 'down', latencyMs: null, message: 'not configured' }),
        app.switchfree.configured
          ? timed(request.log, 'switchfree', async () => {
              const { ok, breaker } = await app.switchfree.checkHealth();
              if (!ok) throw new ProbeFailure(breaker === 'open' ? 'circuit open' : 'unreachable');
              if (breaker !== 'closed') throw new DegradedError(`circuit ${breaker}`);
            })
          : Promise.resolve<Check>({ status: 'down', latencyMs: null, message: 'not configured' })
      ]);
      const status = database.status === 'down' ? 'down' : [database, signalwire, switchfree].every((check) => check.status === 'ok') ? 'ok' : 'degraded';
      return reply.status(database.status === 'down' ? 503 : 200).send({ status, checks: { database, signalwire, switchfree } });
    }
  );
};

export default healthRoutes;
