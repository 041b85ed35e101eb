import { errorBodySchema } from '@sw-dialer/shared-types';
import { sql } from 'kysely';
import pg from 'pg';
import t from 'tap';
import { SERVING_TIMEOUTS } from '../../src/db/database.js';
import { ask as askApi, describe, newCall, type Answer } from './ask-api.js';
import { startProxiedApi, type ProxiedApi } from './proxied-api.js';

/**
 * Waiting for a pooled connection is not the same as failing to connect (docs/adr/0042): a saturated pool on
 * a healthy database makes a request wait longer than the 2 s connect timeout and, if nothing frees up within
 * `poolWaitMs`, answers "overloaded"; a database that does not accept connections still answers "database
 * unavailable" within about the connect timeout, even for requests queued behind others. Each test shrinks
 * the API's pool so that one or two held connections saturate it, on the real PostgreSQL server.
 */
const { connectMs, poolWaitMs } = SERVING_TIMEOUTS;

/** Requests wait for the pool, so they may take the pool wait and then some. */
const ask = (api: ProxiedApi, userId: string, method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown) =>
  askApi(api, userId, method, path, body, poolWaitMs + 10_000);

const errorOf = (answer: Answer) => (answer.body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } }).error;

/** Resolves once `count` backends of the API's database wait on a lock: the API's request holds its connection. */
async function untilWaitingOnLock(locker: pg.Client, count = 1): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { rows } = await locker.query(
      "select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
    );
    if (rows[0].waiting >= count) return;
    if (Date.now() > deadline) throw new Error('the API request never reached its row lock');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

t.test('a request queued for the only pooled connection waits past the connect timeout and is served', async (t) => {
  const api = await startProxiedApi(t, {}, { poolMax: 1 });
  const userId = 'pool-wait-served';
  const created = await ask(api, userId, 'POST', '/api/telephony/calls', newCall());
  const callId = (created.body as { id: string }).id;
  // Saturate the pool with a real request: a PATCH blocked on a row lock taken from outside the API holds
  // the pool's one connection inside its transaction, as a slow request under load would.
  const locker = new pg.Client({ connectionString: api.database.url });
  await locker.connect();
  t.teardown(() => locker.end().catch(() => undefined));
  await locker.query('begin');
  await locker.query('select id from call_logs where id = $1 for update', [callId]);
  const patching = ask(api, userId, 'PATCH', `/api/telephony/calls/${callId}`, { status: 'ringing' });
  await untilWaitingOnLock(locker);
  const reading = ask(api, userId, 'GET', '/api/telephony/history?limit=5');
  const holdMs = connectMs + 1_500;
  await new Promise((resolve) => setTimeout(resolve, holdMs));
  await locker.query('rollback');
  const [patched, read] = await Promise.all([patching, reading]);
  t.equal(patched.status, 200, `the PATCH that held the connection completes (${describe(patched)})`);
  t.equal(read.status, 200, `the queued read is served once the connection is free (${describe(read)})`);
  t.ok(read.ms >= holdMs - 200, `it waited past the ${connectMs} ms connect timeout (${read.ms} ms) instead of being refused`);
  t.notOk(
    api.logs.some((line) => line.includes('"outcome":"database-unavailable"')),
    'nothing was logged as the database being unavailable'
  );
});

t.test('a pool that stays exhausted answers 503 overloaded after poolWaitMs, not "database unavailable"', async (t) => {
  const api = await startProxiedApi(t, {}, { poolMax: 1 });
  // Hold the pool's one connection in use on the real server for longer than a request may wait for it.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holderPid: number | undefined;
  const holding = api.app.db.connection().execute(async (connection) => {
    holderPid = (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(connection)).rows[0]?.pid;
    await released;
  });
  t.teardown(() => {
    release();
    return holding;
  });
  while (holderPid === undefined) await new Promise((resolve) => setTimeout(resolve, 10));

  const [answer, health] = await Promise.all([
    ask(api, 'pool-exhausted', 'GET', '/api/telephony/history?limit=5'),
    ask(api, 'pool-exhausted', 'GET', '/api/telephony/health')
  ]);
  t.equal(health.status, 200, `health does not call a busy instance down (${describe(health)})`);
  t.match(health.body, { status: 'degraded', checks: { database: { status: 'degraded', message: /overloaded/ } } }, 'its database check says overloaded');
  t.equal(answer.status, 503, `answers 503 (${describe(answer)})`);
  t.ok(errorBodySchema.safeParse(answer.body).success, 'in the error shape');
  const error = errorOf(answer);
  t.equal(error?.code, 'UPSTREAM_UNAVAILABLE', 'with an existing code the outbox retries');
  t.match(error?.message, /overloaded/, 'the message says the service is overloaded');
  t.notMatch(error?.message, /database is unavailable/, 'and does not blame the database');
  t.match(error?.details, { reason: 'pool-exhausted', waitedMs: poolWaitMs }, 'details name the exhausted pool and the wait');
  t.not(error?.details?.upstream, 'database', 'details do not name the database as the upstream that failed');
  t.equal(answer.headers?.get('retry-after'), '1', 'Retry-After tells the client to come back shortly');
  t.ok(
    answer.ms >= poolWaitMs - 200 && answer.ms < poolWaitMs + 3_000,
    `after waiting poolWaitMs (${poolWaitMs} ms), not the connect timeout (${answer.ms} ms)`
  );
  t.ok(
    api.logs.some((line) => line.includes('"outcome":"pool-exhausted"')),
    'logged as pool-exhausted'
  );

  release();
  await holding;
  const after = await ask(api, 'pool-exhausted', 'GET', '/api/telephony/history?limit=5');
  t.equal(after.status, 200, 'served again as soon as a connection is free');
});

t.test('a stalled database answers 503 database-unavailable within about the connect timeout, queued requests too', async (t) => {
  const api = await startProxiedApi(t, {}, { poolMax: 2 });
  const userId = 'pool-wait-stalled';
  // Two pooled connections and six requests: four of them wait in the pool's queue behind stalled connects.
  api.proxy.drop();
  await api.proxy.stall();
  const health = ask(api, userId, 'GET', '/api/telephony/health');
  const answers = await Promise.all(Array.from({ length: 6 }, () => ask(api, userId, 'GET', '/api/telephony/history?limit=5')));
  for (const [i, answer] of answers.entries()) {
    t.equal(answer.status, 503, `request ${i} answers 503 (${describe(answer)})`);
    t.equal(errorOf(answer)?.code, 'UPSTREAM_UNAVAILABLE', `request ${i} says UPSTREAM_UNAVAILABLE`);
    t.match(errorOf(answer)?.details, { upstream: 'database' }, `request ${i} names the database, not an overload`);
    t.ok(answer.ms < connectMs + 1_500, `request ${i} answered within about the ${connectMs} ms connect timeout (${answer.ms} ms)`);
  }
  const checked = await health;
  t.equal(checked.status, 503, `health calls the database down, connecting clients are not busy ones (${describe(checked)})`);
  t.notOk(
    api.logs.some((line) => line.includes('"outcome":"pool-exhausted"')),
    'nothing was called an overload'
  );
  await api.proxy.restore();
  const after = await ask(api, userId, 'GET', '/api/telephony/history?limit=5');
  t.equal(after.status, 200, `serving again once the database answers (${describe(after)})`);
});

t.test('a hung database restarted: a request that arrived just before is served, not failed with the connects cut off', async (t) => {
  const api = await startProxiedApi(t, {}, { poolMax: 1 });
  const userId = 'pool-wait-restarted';
  api.proxy.drop();
  await api.proxy.stall();
  // The only connection is stalled opening; a second request queues behind it shortly before the database
  // comes back (the stalled connect is cut off then, as when a hung server is restarted).
  const stalled = ask(api, userId, 'GET', '/api/telephony/history?limit=5');
  await new Promise((resolve) => setTimeout(resolve, connectMs - 500));
  const arriving = ask(api, userId, 'GET', '/api/telephony/history?limit=5');
  await new Promise((resolve) => setTimeout(resolve, 200));
  await api.proxy.restore();
  const [first, second] = await Promise.all([stalled, arriving]);
  t.equal(first.status, 503, `the request whose connect was cut off answers 503 (${describe(first)})`);
  t.match(errorOf(first)?.details, { upstream: 'database' }, 'naming the database');
  t.equal(second.status, 200, `the request that had waited 200 ms gets a connection of its own (${describe(second)})`);
});
