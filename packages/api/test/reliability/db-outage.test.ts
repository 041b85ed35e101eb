import { randomBytes } from 'node:crypto';
import t from 'tap';
import { startApiInWorker, type ApiWorker } from './api-worker.js';
import { checkLedger, formatLoadReport, runCallLoad } from './call-load.js';
import { LOAD_FORWARDED_HEADERS, loadApiConfig, signAgentToken } from './load-config.js';
import { createPostgresDatabase } from '@sw-dialer/test-support/postgres-database';
import { startTcpFaultProxy, targetOf } from '@sw-dialer/test-support/tcp-fault-proxy';

/**
 * PostgreSQL unavailable for 20 s while calls are active and ending: the link is cut at a proxy, so the
 * server refuses connections and the pool's open connections die, as when it stops (docs/adr/0041).
 * Clients that retry as the widget's outbox does (the same create with its clientSessionId, the same
 * PATCH) must bring every call log in exactly once, with the state and duration they were last told.
 *
 * The API runs as a server of its own (a worker thread) under a supervisor that starts it again on the
 * same port if it dies, as systemd or Kubernetes would; how often that happened is reported, and
 * db-outage-answers.test.ts holds the API to not dying at all.
 */
const OUTAGE_MS = 20_000;

t.test('a 20 s database outage under load: every call logged exactly once, nothing lost', async (t) => {
  const database = await createPostgresDatabase();
  t.teardown(() => database.drop());
  const proxy = await startTcpFaultProxy({ target: targetOf(database.url) });
  t.teardown(() => proxy.close());
  const config = loadApiConfig(proxy.rewrite(database.url), { rateLimitMax: 100_000, rateLimitWindowMs: 60_000 });

  let api: ApiWorker = await startApiInWorker(config);
  const port = api.port;
  const deaths: string[] = [];
  let stopping = false;
  const supervisor = (async () => {
    for (;;) {
      const death = await api.died;
      if (stopping) return;
      deaths.push(death.message);
      // Started again as soon as it can start: while the database is away, start-up (its migration
      // check) fails, and the supervisor tries again each second.
      for (;;) {
        if (stopping) return;
        try {
          api = await startApiInWorker(config, { port });
          break;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    }
  })();
  t.teardown(async () => {
    stopping = true;
    await api.close();
  });

  const userPrefix = `outage-${randomBytes(4).toString('hex')}-agent-`;
  const load = runCallLoad({
    apiUrl: api.url,
    agents: 40,
    durationMs: 30_000,
    callIntervalMs: 2_000,
    // Long enough that calls are connected when the link goes, and end while it is down.
    talkMs: 1_500,
    userPrefix,
    sign: signAgentToken,
    headers: LOAD_FORWARDED_HEADERS,
    retryTransient: { giveUpAfterMs: 90_000 },
    requestTimeoutMs: 15_000
  });

  // Cut once every agent has a call under way.
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  const before = proxy.stats();
  await proxy.cut();
  const cutAt = Date.now();
  const health = await fetch(`${api.url}/api/telephony/health`, {
    headers: { authorization: `Bearer ${signAgentToken('probe')}`, ...LOAD_FORWARDED_HEADERS }
  }).catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS - (Date.now() - cutAt)));
  await proxy.restore();

  const run = await load;
  stopping = true;
  const check = await checkLedger(database.url, userPrefix, run.ledger);
  for (const line of formatLoadReport(run, check)) t.comment(line);
  t.comment(`API deaths during the outage: ${deaths.length}${deaths.length ? ` (${deaths[0]})` : ''}`);
  void supervisor;

  t.ok(before.open > 0, `the API had open database connections when the link was cut (${before.open})`);
  t.ok(health === undefined || health.status === 503, `health reported the database down (${health?.status ?? 'the API was restarting'})`);
  t.ok(run.retried > 0, `requests failed during the outage and were retried (${run.retried})`);
  t.same(run.errors, [], 'every write got through in the end');
  t.equal(check.unacknowledged, 0, 'every create was acknowledged');
  t.same(check.lost, [], 'every acknowledged state is in the database');
  t.same(check.duplicated, [], 'no call stored twice');
  t.equal(check.rows, run.ledger.length, 'one row per call');
  t.equal(check.open, 0, 'every call closed');
  t.ok(
    run.ledger.every((call) => call.status === 'ended'),
    'every call ended as its agent ended it'
  );
  t.ok(run.ledger.length >= 40 * 3, `calls before, during and after the outage (${run.ledger.length})`);
});
