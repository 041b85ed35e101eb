/**
 * `pnpm bench:load`: 200 simulated agents, each its own user, placing calls through the call-log
 * lifecycle (create dialing → ringing → connected → ended with its duration) and reading their history
 * for five minutes, against the real PostgreSQL (BENCH_DATABASE_URL, default the local server) with the
 * rate limit counted in Redis (BENCH_REDIS_URL, default the local one). Loopback only, bounded in time.
 *
 * The API runs as production does (auth, validation, HTTPS required behind a trusted proxy, info logs)
 * in a worker thread of its own; the agents run in the main thread. Reports throughput, p50/p90/p99 per
 * route, errors, rows lost or duplicated (the agents' ledger against call_logs, row by row), and whether
 * the rate limit held: 10 designated agents read their history in bursts of 320 per minute against a
 * limit of 300 per user and route, and must get exactly 20 × 429 per burst, and nobody any other 429.
 * The module is the one the CI test (packages/api/test/reliability/load.test.ts, 30 s) runs.
 *
 * Environment: LOAD_DURATION_S (300), LOAD_AGENTS (200), LOAD_CALL_INTERVAL_MS (1000), LOAD_TALK_MS (200).
 * Exits 1 when a target (0 errors, 0 lost, 0 duplicated, 429s exactly where exceeded) is missed.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';
import { startApiInWorker } from '../packages/api/test/reliability/api-worker.js';
import { checkLedger, formatLoadReport, runCallLoad } from '../packages/api/test/reliability/call-load.js';
import { LOAD_FORWARDED_HEADERS, loadApiConfig, signAgentToken } from '../packages/api/test/reliability/load-config.js';
import { createPostgresDatabase } from '@sw-dialer/test-support/postgres-database';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DURATION_S = Number(process.env.LOAD_DURATION_S ?? 300);
const AGENTS = Number(process.env.LOAD_AGENTS ?? 200);
const CALL_INTERVAL_MS = Number(process.env.LOAD_CALL_INTERVAL_MS ?? 1000);
const TALK_MS = Number(process.env.LOAD_TALK_MS ?? 200);
const RATE_LIMIT = { agents: 10, max: 300, windowMs: 60_000, excess: 20 };

const postgresVersion = async () => {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  const { rows } = await client.query('show server_version');
  await client.end();
  return rows[0].server_version as string;
};

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL ${await postgresVersion()}`;
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
process.stdout.write(`# bench:load on ${machine}\n\nload average at start (1/5/15 min): ${load()}\n\n`);

const database = await createPostgresDatabase(SERVER_URL, 'sw_bench_load');
const api = await startApiInWorker(loadApiConfig(database.url, { redisUrl: REDIS_URL, rateLimitMax: RATE_LIMIT.max, rateLimitWindowMs: RATE_LIMIT.windowMs }));
const userPrefix = `bench-load-${randomBytes(4).toString('hex')}-agent-`;
const run = await runCallLoad({
  apiUrl: api.url,
  agents: AGENTS,
  durationMs: DURATION_S * 1000,
  callIntervalMs: CALL_INTERVAL_MS,
  talkMs: TALK_MS,
  userPrefix,
  sign: signAgentToken,
  headers: LOAD_FORWARDED_HEADERS,
  rateLimit: RATE_LIMIT
});
const loadAtEnd = load();
const { errorLines, problems } = await api.close();
const check = await checkLedger(database.url, userPrefix, run.ledger);
if (process.env.BENCH_KEEP_DATABASE !== '1') await database.drop();

process.stdout.write(`${formatLoadReport(run, check).join('\n')}\n\n`);
process.stdout.write(
  `API error log lines: ${errorLines}; warnings and errors by message: ${JSON.stringify(problems)}; load average at the end (1/5/15 min): ${loadAtEnd}\n`
);

const missed = [
  run.errors.length > 0 && `${run.errors.length} errors`,
  errorLines > 0 && `${errorLines} API error log lines`,
  check.lost.length > 0 && `${check.lost.length} lost`,
  check.duplicated.length > 0 && `${check.duplicated.length} duplicated`,
  check.unacknowledged > 0 && `${check.unacknowledged} unacknowledged creates`,
  run.unexpected429.length > 0 && `${run.unexpected429.length} 429s outside the designated route`,
  run.bursts.some((burst) => !burst.exact) && 'a burst not limited exactly',
  run.staleReads > 0 && `${run.staleReads} stale history reads`
].filter(Boolean);
process.stdout.write(missed.length ? `\ntargets missed: ${missed.join(', ')}\n` : '\nall targets met\n');
process.exit(missed.length ? 1 : 0);
