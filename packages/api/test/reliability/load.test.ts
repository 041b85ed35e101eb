import { randomBytes } from 'node:crypto';
import t from 'tap';
import { startApiInWorker } from './api-worker.js';
import { checkLedger, formatLoadReport, runCallLoad } from './call-load.js';
import { LOAD_FORWARDED_HEADERS, loadApiConfig, signAgentToken } from './load-config.js';
import { createPostgresDatabase } from '@sw-dialer/test-support/postgres-database';

/**
 * The load test, short (LOAD_DURATION_S, default 30 s; `pnpm bench:load` runs the same module for five
 * minutes): 200 agents, each its own user, placing calls through the call-log lifecycle and reading their
 * history against the real PostgreSQL, with the rate limit counted in Redis as a multi-instance
 * deployment does. Nothing may fail, nothing may be lost or duplicated, and 429s appear exactly where the
 * designated agents exceed their limit.
 */
const DURATION_MS = Number(process.env.LOAD_DURATION_S ?? 30) * 1000;
const AGENTS = 200;
const RATE_LIMIT = { agents: 10, max: 300, windowMs: 60_000, excess: 20 };
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

t.test('200 agents through the call-log lifecycle: no error, nothing lost or duplicated, 429s only where exceeded', async (t) => {
  const database = await createPostgresDatabase();
  t.teardown(() => database.drop());
  const api = await startApiInWorker(
    loadApiConfig(database.url, { redisUrl: REDIS_URL, rateLimitMax: RATE_LIMIT.max, rateLimitWindowMs: RATE_LIMIT.windowMs })
  );
  let serverErrors: number | undefined;
  t.teardown(async () => {
    serverErrors ??= (await api.close()).errorLines;
  });

  const userPrefix = `load-${randomBytes(4).toString('hex')}-agent-`;
  const run = await runCallLoad({
    apiUrl: api.url,
    agents: AGENTS,
    durationMs: DURATION_MS,
    callIntervalMs: 1000,
    talkMs: 200,
    userPrefix,
    sign: signAgentToken,
    headers: LOAD_FORWARDED_HEADERS,
    rateLimit: RATE_LIMIT
  });
  serverErrors = (await api.close()).errorLines;
  const check = await checkLedger(database.url, userPrefix, run.ledger);
  for (const line of formatLoadReport(run, check)) t.comment(line);

  t.same(run.errors, [], 'no request failed');
  t.equal(serverErrors, 0, 'the API logged no error');
  t.equal(run.staleReads, 0, "every agent's history showed the call it had just ended");
  t.equal(check.unacknowledged, 0, 'every create was acknowledged');
  t.same(check.lost, [], 'no acknowledged write is missing from the database');
  t.same(check.duplicated, [], 'no call is stored twice, and no row is unaccounted for');
  t.equal(check.rows, run.ledger.length, 'one row per call placed');
  t.equal(check.open, 0, 'no call left open');

  const perUser = new Map<string, number>();
  for (const call of run.ledger) if (call.status === 'ended') perUser.set(call.userId, (perUser.get(call.userId) ?? 0) + 1);
  t.equal(perUser.size, AGENTS, 'every agent completed calls');
  t.ok(run.callsCompleted >= AGENTS * 2, `the load was real: ${run.callsCompleted} calls completed`);

  t.same(run.unexpected429, [], 'no 429 outside the designated agents’ history reads');
  t.equal(run.bursts.length, RATE_LIMIT.agents * Math.ceil(DURATION_MS / (RATE_LIMIT.windowMs + 500)), 'one burst per designated agent and window');
  t.same(
    run.bursts
      .filter((burst) => !burst.exact)
      .map(
        (burst) =>
          `${burst.userId}: ${burst.statuses.filter((s) => s === 200).length} × 200, ${burst.statuses.filter((s) => s === 429).length} × 429, ${burst.statuses.filter((s) => s !== 200 && s !== 429).length} other, in ${burst.durationMs.toFixed(0)} ms`
      ),
    [],
    `each burst answered exactly ${RATE_LIMIT.max} × 200 and ${RATE_LIMIT.excess} × 429, within one window`
  );
  t.equal(run.expected429, run.bursts.length * RATE_LIMIT.excess, 'every 429 carried RATE_LIMITED and Retry-After');
});
