/**
 * `pnpm bench:api`: what the API's safety costs, and how history scales. The servers in this process, autocannon
 * in a process of its own (load-generator.ts), loopback only,
 * against the real Postgres (BENCH_DATABASE_URL, default the local server) and Redis (BENCH_REDIS_URL,
 * default the local one); bounded in time. Prints the load average at the start and end of each part: on a
 * shared machine only the ratios of figures taken side by side in one run mean anything.
 *
 * 1. autocannon on POST /api/telephony/calls (auth, validation, rate limit, logs) twice, with the rate-limit
 *    counters (a) in memory and (r) in Redis, and (b) a bare Fastify route doing the same INSERT with raw pg;
 *    all into the same fresh database, each warmed up, then in rounds (BENCH_ROUNDS, default 4) whose order
 *    rotates so machine noise hits all three. Prints each round's ratios a/b and r/b, their median and range.
 * 2. Seeds BENCH_SEED_ROWS (default 1,000,000; 10k to 10M) call logs: users of about 980 calls each (their
 *    number grows with the table), every user a realistic mix of outcomes, and one heavy user with 2 % of all
 *    rows; then GET /history latency: the first page, a status=failed page (the bench checks that the filter
 *    selects 0-10 % of the user's calls), contact + date range, the heavy user's first and a deep page.
 *
 * BENCH_MODE=create or BENCH_MODE=history runs only part 1 or 2.
 * BENCH_MODE=growth (`pnpm bench:api:growth`) instead seeds 10k, 100k and 1M rows in turn (BENCH_GROWTH_ROWS,
 * comma-separated, to change them) and prints one table: history p99 (first and filtered page) and create
 * throughput (Redis counters, and the bare INSERT) at each size, with the seeding time.
 * BENCH_MODE=plans (`pnpm bench:api:plans`) seeds the same sizes and prints, for each history page the API
 * serves, the plan Postgres runs (EXPLAIN ANALYZE, BUFFERS through the repository's own query): the index,
 * the buffers read and the database's execution time (median of 5), which tells the table's cost apart from
 * the API's and the machine's.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '@sw-dialer/api';
import type { AppConfig } from '@sw-dialer/api';
import { startLoadGenerator, type LoadRequest, type LoadResult } from './load-generator.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const WARMUP_S = 3;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SEED_ROWS = Number(process.env.BENCH_SEED_ROWS ?? 1_000_000);
const MODE = process.env.BENCH_MODE ?? 'default';
const GROWTH_ROWS = (process.env.BENCH_GROWTH_ROWS ?? '10000,100000,1000000').split(',').map(Number);
const HISTORY_S = Number(process.env.BENCH_HISTORY_S ?? 5);
const SECRET = 'bench-secret-that-is-at-least-32-characters';
/** At most this share of an ordinary user's calls may be failed: the filtered page must select a fraction. */
const FAILED_SHARE_MAX = 0.1;

async function recreateDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

function appConfig(databaseUrl: string, redisUrl?: string): AppConfig {
  return {
    env: 'production',
    // As deployed: TLS ends at a proxy on this host, which tells the API the scheme (ADR 15).
    trustProxy: ['127.0.0.1'],
    database: { kind: 'postgres', url: databaseUrl, poolMax: 10 },
    migrate: true,
    auth: { jwt: { kind: 'secret', secret: SECRET }, devLogin: false },
    rateLimit: { max: 1_000_000_000, timeWindowMs: 60_000 },
    corsOrigins: [],
    alerts: { policy: { failureRate: 0.2, minCalls: 20, windowMs: 300_000, tokenFailures: 5 } },
    logLevel: 'info',
    ...(redisUrl ? { redisUrl } : {})
  };
}

// Logs are produced and serialized as in production, then dropped: the terminal is not the subject.
const nullDestination = { write: () => undefined };

const loadGenerator = startLoadGenerator();

async function cannon(
  url: string,
  request: Omit<LoadRequest, 'url' | 'connections' | 'durationS'> & Partial<Pick<LoadRequest, 'connections' | 'durationS'>>
): Promise<LoadResult> {
  return loadGenerator.fire({ url, connections: CONNECTIONS, durationS: DURATION_S, ...request });
}

const INSERT_SQL = `insert into call_logs (user_id, direction, number, status, started_at, answered_at, ended_at, duration_ms, end_reason, client_session_id)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`;

/** The baseline: the same INSERT, no auth, no validation, no rate limit, no logging. */
async function startBareServer(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle client the server drops (a database recreated by the next size of the growth mode) must not take
  // the bench down: the pool replaces it on the next query.
  pool.on('error', (error) => process.stderr.write(`bare pool: ${error.message}\n`));
  const bare = Fastify({ logger: false });
  bare.post('/bare/calls', async (request, reply) => {
    const body = request.body as Record<string, string | number>;
    const { rows } = await pool.query(INSERT_SQL, [
      'bench-user',
      body.direction,
      body.number,
      body.status,
      body.startedAt,
      body.answeredAt,
      body.endedAt,
      body.durationMs,
      body.endReason,
      body.clientSessionId
    ]);
    return reply.status(201).send({ id: rows[0].id });
  });
  const address = await bare.listen({ port: 0, host: '127.0.0.1' });
  return {
    address,
    close: async () => {
      await bare.close();
      await pool.end();
    }
  };
}

const fmt = (value: number) => value.toFixed(1);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const spread = (values: number[], digits: number) =>
  `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');

interface Target {
  name: string;
  address: string;
  path: string;
  auth: boolean;
}

/** The three create-call servers on one database: the API with memory counters, with Redis counters, and bare. */
async function startCreateTargets(databaseUrl: string) {
  const memory = await buildApp(appConfig(databaseUrl), { logDestination: nullDestination });
  const withRedis = await buildApp({ ...appConfig(databaseUrl, REDIS_URL), migrate: false }, { logDestination: nullDestination });
  if (!withRedis.rateLimitRedis || withRedis.rateLimitRedis.status !== 'ready')
    throw new Error(`Redis at ${REDIS_URL} is not ready: the (r) figures would not count in Redis`);
  const bare = await startBareServer(databaseUrl);
  const token = memory.jwt.sign({ sub: 'bench-user' }, { expiresIn: 3600 });
  const targets = {
    memory: { name: 'a', address: await memory.listen({ port: 0, host: '127.0.0.1' }), path: '/api/telephony/calls', auth: true },
    redis: { name: 'r', address: await withRedis.listen({ port: 0, host: '127.0.0.1' }), path: '/api/telephony/calls', auth: true },
    bare: { name: 'b', address: bare.address, path: '/bare/calls', auth: false }
  } satisfies Record<string, Target>;
  // Only the servers run in this process (autocannon has its own): its CPU time per request is the servers'
  // cost, a second measure steadier than req/s on a machine that others load (their work takes wall time
  // from us, not CPU time).
  const run = async (target: Target, durationS = DURATION_S) => {
    const cpuBefore = process.cpuUsage();
    const result = await cannon(target.address, {
      durationS,
      method: 'POST',
      path: target.path,
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', ...(target.auth ? { authorization: `Bearer ${token}` } : {}) },
      body: 'finished-call'
    });
    const cpu = process.cpuUsage(cpuBefore);
    return Object.assign(result, { cpuUsPerRequest: (cpu.user + cpu.system) / Math.max(1, result.requests.total) });
  };
  return {
    targets,
    run,
    close: async () => {
      await memory.close();
      await withRedis.close();
      await bare.close();
    }
  };
}

async function writeThroughput(): Promise<{ lines: string[] }> {
  const databaseUrl = await recreateDatabase('sw_bench_write');
  const { targets, run, close } = await startCreateTargets(databaseUrl);
  const order = [targets.memory, targets.redis, targets.bare];
  // A warm-up of each side first, discarded: otherwise the first round also measures V8 compiling the
  // route's code, while the ones run after it find Fastify and pg already compiled.
  for (const target of order) await run(target, WARMUP_S);
  type Run = Awaited<ReturnType<typeof run>>;
  const rounds: Array<Record<'a' | 'r' | 'b', Run>> = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const results = {} as Record<string, Run>;
    // The order rotates (a r b, r b a, b a r, ...) so that no side always runs after the same one.
    for (let i = 0; i < order.length; i += 1) {
      const target = order[(round + i) % order.length]!;
      results[target.name] = await run(target);
    }
    rounds.push(results as Record<'a' | 'r' | 'b', Run>);
    const r = rounds[round]!;
    process.stderr.write(
      `round ${round + 1}: (a) ${fmt(r.a.requests.average)} (r) ${fmt(r.r.requests.average)} (b) ${fmt(r.b.requests.average)} req/s; load ${load()}\n`
    );
  }
  await close();
  const rps = (side: 'a' | 'r' | 'b') => rounds.map((round) => round[side].requests.average);
  const p99 = (side: 'a' | 'r' | 'b') => rounds.map((round) => round[side].latency.p99);
  const errors = (side: 'a' | 'r' | 'b') => rounds.reduce((sum, round) => sum + round[side].errors + round[side].non2xx, 0);
  const cpu = (side: 'a' | 'r' | 'b') => rounds.map((round) => round[side].cpuUsPerRequest);
  // As a throughput ratio: b's CPU per request over a's (1 = the same cost; the bench's own client share included).
  const cpuRatiosA = rounds.map((round) => round.b.cpuUsPerRequest / round.a.cpuUsPerRequest);
  const cpuRatiosR = rounds.map((round) => round.b.cpuUsPerRequest / round.r.cpuUsPerRequest);
  const ratiosA = rounds.map((round) => round.a.requests.average / round.b.requests.average);
  const ratiosR = rounds.map((round) => round.r.requests.average / round.b.requests.average);
  return {
    lines: [
      '| round | (a) memory counters req/s | (r) Redis counters req/s | (b) bare req/s | a/b | r/b |',
      '|---|---:|---:|---:|---:|---:|',
      ...rounds.map(
        (round, i) =>
          `| ${i + 1} | ${fmt(round.a.requests.average)} | ${fmt(round.r.requests.average)} | ${fmt(round.b.requests.average)} | ${ratiosA[i]!.toFixed(2)} | ${ratiosR[i]!.toFixed(2)} |`
      ),
      `| **median (min–max)** | ${spread(rps('a'), 0)} | ${spread(rps('r'), 0)} | ${spread(rps('b'), 0)} | **${spread(ratiosA, 2)}** | **${spread(ratiosR, 2)}** |`,
      `| process CPU µs per request, median (min–max) | ${spread(cpu('a'), 0)} | ${spread(cpu('r'), 0)} | ${spread(cpu('b'), 0)} | ${spread(cpuRatiosA, 2)} | ${spread(cpuRatiosR, 2)} |`,
      `| p99 ms median (min–max) | ${spread(p99('a'), 0)} | ${spread(p99('r'), 0)} | ${spread(p99('b'), 0)} | | |`,
      `| errors + non-2xx | ${errors('a')} | ${errors('r')} | ${errors('b')} | | |`,
      '',
      `target: a/b and r/b ≥ 0.7 (mean a/b ${(ratiosA.reduce((x, y) => x + y, 0) / ROUNDS).toFixed(2)}, r/b ${(ratiosR.reduce((x, y) => x + y, 0) / ROUNDS).toFixed(2)})`
    ]
  };
}

/**
 * The seed's shape at `rows` rows: ordinary users of about 980 calls each (so a bigger table means more
 * users, as it does in production), and one heavy user with every 50th row. The number of ordinary users
 * shares no factor with 2, 3, 5 or 7, so the row-number patterns below (heavy rows, contacts) fall evenly on
 * every user instead of lining up with some of them.
 */
function seedShape(rows: number) {
  let users = Math.max(11, Math.round(rows / 1000));
  const coprime = (n: number) => [2, 3, 5, 7].every((p) => n % p !== 0);
  while (!coprime(users)) users += 1;
  const heavyRows = Math.floor(rows / 50);
  // The deep page: 10,000 rows in, or half the heavy user's history when that is shorter.
  const depth = Math.max(100, Math.min(10_000, Math.floor(heavyRows / 200) * 100));
  return { users, heavyRows, depth, ordinary: 'bench-user-7' };
}

async function seed(databaseUrl: string, rows: number): Promise<number> {
  if (!Number.isInteger(rows) || rows < 10_000 || rows > 10_000_000)
    throw new Error(`BENCH_SEED_ROWS must be an integer from 10,000 to 10,000,000 (got ${rows})`);
  const { users } = seedShape(rows);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  // One statement per 100,000 rows. Row i belongs to the heavy user when i % 50 = 0, else to user i % users;
  // k is the row's place in that user's own history, so each user gets the same mix of outcomes:
  // 8 % failed (3 busy, 4 no answer, 1 declined), 92 % ended (47 local hang-up, 33 remote, 12 canceled
  // before an answer). Calls spread over one year whatever the size; every 7th call has one of 5 contacts.
  const stepSeconds = (365 * 24 * 3600) / rows;
  for (let offset = 0; offset < rows; offset += 100_000) {
    await client.query(
      `insert into call_logs (user_id, direction, number, contact_id, status, started_at, answered_at, ended_at, duration_ms, end_reason, client_session_id)
       select case when heavy then 'bench-user-heavy' else 'bench-user-' || (i % $3::int) end,
              'outbound',
              '+1202555' || lpad((i % 9000 + 1000)::text, 4, '0'),
              case when i % 7 = 0 then 'contact-' || (i % 5) end,
              case when b < 8 then 'failed' else 'ended' end,
              timestamptz '2026-01-01' + make_interval(secs => i * $4::float8),
              case when b >= 8 and b < 88 then timestamptz '2026-01-01' + make_interval(secs => i * $4::float8 + 5) end,
              timestamptz '2026-01-01' + make_interval(secs => i * $4::float8 + 20),
              case when b >= 8 and b < 88 then 15000 else 0 end,
              case when b < 3 then 'busy' when b < 7 then 'no-answer' when b < 8 then 'declined'
                   when b < 55 then 'local-hangup' when b < 88 then 'remote-hangup' else 'canceled' end,
              gen_random_uuid()
       from (select i, heavy, ((case when heavy then i / 50 else i / $3::int end) * 37 + 11) % 100 as b
             from (select i, i % 50 = 0 as heavy from generate_series($1::int, $2::int) as i) as rows) as numbered`,
      [offset, Math.min(offset + 100_000, rows) - 1, users, stepSeconds]
    );
  }
  await client.query('analyze call_logs');
  await client.end();
  return (Date.now() - started) / 1000;
}

/** The filtered page must select a fraction of the user's calls, or it measures the unfiltered page again. */
async function assertFailedShare(databaseUrl: string, userId: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query(`select count(*) filter (where status = 'failed')::float8 / count(*) as share from call_logs where user_id = $1`, [
    userId
  ]);
  await client.end();
  const share = Number(rows[0].share);
  if (!(share > 0 && share <= FAILED_SHARE_MAX))
    throw new Error(`status=failed selects ${(share * 100).toFixed(1)} % of ${userId}'s calls; it must be a fraction ≤ ${FAILED_SHARE_MAX * 100} %`);
  return share;
}

type Headers = Record<string, string>;

async function historyP99(
  address: string,
  name: string,
  path: string,
  headers: Headers,
  inject: (path: string, headers: Headers) => Promise<{ statusCode: number; items: Array<{ status: string; contactId?: string | null }> }>
) {
  const check = await inject(path, headers);
  if (check.statusCode !== 200 || check.items.length !== 20) throw new Error(`${name}: unexpected answer ${check.statusCode} with ${check.items.length} items`);
  if (path.includes('status=failed') && check.items.some((item) => item.status !== 'failed')) throw new Error(`${name}: the filter let other statuses through`);
  // One connection: latency without queueing behind other requests on a 2-core machine.
  return cannon(address, { connections: 1, durationS: HISTORY_S, method: 'GET', path, headers });
}

async function historyLatency(rows: number): Promise<{ lines: string[]; seedSeconds: number; failedShare: number }> {
  const shape = seedShape(rows);
  const databaseUrl = await recreateDatabase('sw_bench_history');
  const app = await buildApp(appConfig(databaseUrl), { logDestination: nullDestination });
  const seedSeconds = await seed(databaseUrl, rows);
  const failedShare = await assertFailedShare(databaseUrl, shape.ordinary);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const bearer = (userId: string) => ({ authorization: `Bearer ${app.jwt.sign({ sub: userId }, { expiresIn: 3600 })}`, 'x-forwarded-proto': 'https' });
  const inject = async (url: string, headers: Headers) => {
    const response = await app.inject({ method: 'GET', url, headers });
    return { statusCode: response.statusCode, items: response.statusCode === 200 ? response.json().items : [] };
  };
  const ordinary = bearer(shape.ordinary);
  const heavy = bearer('bench-user-heavy');
  // Walk pages of 100 by cursor to reach the deep page, as a client would.
  let cursor = '';
  for (let page = 0; page < shape.depth / 100; page += 1) {
    const response = await app.inject({ method: 'GET', url: `/api/telephony/history?limit=100${cursor ? `&cursor=${cursor}` : ''}`, headers: heavy });
    cursor = response.json().nextCursor;
    if (!cursor) throw new Error(`the heavy user's history ended after ${page + 1} pages`);
  }
  const perUser = Math.round((rows - shape.heavyRows) / shape.users);
  const scenarios: Array<[string, string, Headers]> = [
    [`first page (limit 20), ~${perUser}-call user`, '/api/telephony/history?limit=20', ordinary],
    [
      `filtered page (status=failed: ${(failedShare * 100).toFixed(1)} % of the calls), ~${perUser}-call user`,
      '/api/telephony/history?limit=20&status=failed',
      ordinary
    ],
    [
      `filtered page (contactId + date range), ~${perUser}-call user`,
      '/api/telephony/history?limit=20&contactId=contact-3&from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z',
      ordinary
    ],
    [`first page (limit 20), ${shape.heavyRows.toLocaleString('en')}-call user`, '/api/telephony/history?limit=20', heavy],
    [
      `page ${shape.depth.toLocaleString('en')} rows deep by cursor, ${shape.heavyRows.toLocaleString('en')}-call user`,
      `/api/telephony/history?limit=20&cursor=${cursor}`,
      heavy
    ]
  ];
  const lines: string[] = [];
  for (const [name, path, headers] of scenarios) {
    const result = await historyP99(address, name, path, headers, inject);
    lines.push(`| ${name} | ${result.latency.p50} | ${result.latency.p99} | ${fmt(result.requests.average)} | ${result.errors + result.non2xx} |`);
  }
  await app.close();
  return { lines, seedSeconds, failedShare };
}

/** One row of the growth table: history p99 and create throughput on a table of `rows` rows. */
async function growthRow(rows: number): Promise<string> {
  const shape = seedShape(rows);
  const loadBefore = load();
  const databaseUrl = await recreateDatabase('sw_bench_growth');
  const { targets, run, close } = await startCreateTargets(databaseUrl);
  const seedSeconds = await seed(databaseUrl, rows);
  const failedShare = await assertFailedShare(databaseUrl, shape.ordinary);
  const app = await buildApp({ ...appConfig(databaseUrl), migrate: false }, { logDestination: nullDestination });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const headers = { authorization: `Bearer ${app.jwt.sign({ sub: shape.ordinary }, { expiresIn: 3600 })}`, 'x-forwarded-proto': 'https' };
  const inject = async (url: string, requestHeaders: Headers) => {
    const response = await app.inject({ method: 'GET', url, headers: requestHeaders });
    return { statusCode: response.statusCode, items: response.statusCode === 200 ? response.json().items : [] };
  };
  const first = await historyP99(address, 'first page', '/api/telephony/history?limit=20', headers, inject);
  const failed = await historyP99(address, 'status=failed', '/api/telephony/history?limit=20&status=failed', headers, inject);
  await app.close();
  await run(targets.redis, WARMUP_S);
  await run(targets.bare, WARMUP_S);
  const redisRuns: number[] = [];
  const bareRuns: number[] = [];
  for (let round = 0; round < 2; round += 1) {
    redisRuns.push((await run(targets.redis, DURATION_S)).requests.average);
    bareRuns.push((await run(targets.bare, DURATION_S)).requests.average);
  }
  await close();
  const ratios = redisRuns.map((value, i) => value / bareRuns[i]!);
  process.stderr.write(`growth ${rows}: seeded in ${seedSeconds.toFixed(0)} s\n`);
  return `| ${rows.toLocaleString('en')} | ${shape.users.toLocaleString('en')} | ${seedSeconds.toFixed(0)} | ${first.latency.p99} | ${failed.latency.p99} (${(failedShare * 100).toFixed(1)} %) | ${redisRuns.map((v) => v.toFixed(0)).join(' / ')} | ${bareRuns.map((v) => v.toFixed(0)).join(' / ')} | ${ratios.map((v) => v.toFixed(2)).join(' / ')} | ${loadBefore} → ${load()} |`;
}

/** One table size's plans: each history page's index, buffers and execution time (median of 5 EXPLAIN ANALYZE). */
async function planRows(rows: number): Promise<string[]> {
  const shape = seedShape(rows);
  const databaseUrl = await recreateDatabase('sw_bench_plans');
  const app = await buildApp(appConfig(databaseUrl), { logDestination: nullDestination });
  await seed(databaseUrl, rows);
  const failedShare = await assertFailedShare(databaseUrl, shape.ordinary);
  const repository = app.repositories.callLogs;
  // The deep page's cursor, walked to as a client would.
  let cursor: string | null = null;
  for (let page = 0; page < shape.depth / 100; page += 1) {
    const result: { nextCursor: string | null } = await repository.history('bench-user-heavy', { limit: 100, ...(cursor ? { cursor } : {}) });
    cursor = result.nextCursor;
  }
  const pages: Array<[string, string, Parameters<typeof repository.explainHistory>[1]]> = [
    ['first page', shape.ordinary, { limit: 20 }],
    [`status=failed (${(failedShare * 100).toFixed(1)} %)`, shape.ordinary, { limit: 20, status: 'failed' }],
    ['contactId + date range', shape.ordinary, { limit: 20, contactId: 'contact-3', from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' }],
    ['heavy user, first page', 'bench-user-heavy', { limit: 20 }],
    [`heavy user, ${shape.depth.toLocaleString('en')} deep`, 'bench-user-heavy', { limit: 20, cursor: cursor ?? undefined }]
  ];
  const lines: string[] = [];
  for (const [name, userId, query] of pages) {
    const runs: Array<{ ms: number; plan: string }> = [];
    for (let i = 0; i < 5; i += 1) {
      const plan = await repository.explainHistory(userId, query, { analyze: true });
      runs.push({ ms: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN), plan });
    }
    runs.sort((x, y) => x.ms - y.ms);
    const { plan, ms } = runs[2]!;
    const index = /Index (?:Only )?Scan(?: Backward)? using (\w+)/.exec(plan)?.[1] ?? (plan.includes('Seq Scan') ? 'SEQ SCAN' : '?');
    const sort = /Sort Method: [^\n]*/.exec(plan)?.[0] ?? 'none';
    const buffers = /Buffers: ([^\n]*)/.exec(plan)?.[1]?.trim() ?? '';
    lines.push(
      `| ${rows.toLocaleString('en')} | ${name} | ${index} | ${sort} | ${buffers} | ${ms.toFixed(3)} (${runs[0]!.ms.toFixed(3)}–${runs[4]!.ms.toFixed(3)}) |`
    );
  }
  await app.close();
  process.stderr.write(`plans ${rows}: done (load ${load()})\n`);
  return lines;
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const postgres = await (async () => {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  const { rows } = await client.query('show server_version');
  await client.end();
  return rows[0].server_version as string;
})();

process.stdout.write(
  `# bench:api${MODE === 'growth' ? ' (growth)' : ''} on ${machine}, PostgreSQL ${postgres}, ${new Date().toISOString()}\n\nload average at start (1/5/15 min): ${load()}\n\n`
);
if (MODE === 'growth') {
  const lines: string[] = [];
  for (const rows of GROWTH_ROWS) lines.push(await growthRow(rows));
  process.stdout.write(
    [
      `## Growth: history p99 (1 connection, ${HISTORY_S} s each) and create throughput (${CONNECTIONS} connections, 2 alternating rounds of ${DURATION_S} s, Redis counters vs bare INSERT) by table size`,
      '',
      '| rows | users | seeded in s | history p99 ms, first page | p99 ms, status=failed (share) | (r) create req/s | (b) bare req/s | r/b | load 1/5/15 before → after |',
      '|---:|---:|---:|---:|---:|---|---|---|---|',
      ...lines,
      ''
    ].join('\n') + '\n'
  );
}
if (MODE === 'plans') {
  const lines: string[] = [];
  for (const rows of GROWTH_ROWS) lines.push(...(await planRows(rows)));
  process.stdout.write(
    [
      "## History plans by table size (EXPLAIN (ANALYZE, BUFFERS) of the repository's query; execution time median of 5, min–max)",
      '',
      '| rows | page | index | sort | buffers (top node) | execution ms |',
      '|---:|---|---|---|---|---|',
      ...lines,
      '',
      `load average at the end (1/5/15 min): ${load()}`,
      ''
    ].join('\n') + '\n'
  );
}
if (MODE === 'default' || MODE === 'create') {
  const write = await writeThroughput();
  process.stdout.write(
    [
      `## Create-call throughput (${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s × ${ROUNDS} rounds each, rotating order)`,
      '',
      ...write.lines,
      '',
      `load average after (1/5/15 min): ${load()}`,
      ''
    ].join('\n') + '\n'
  );
}
if (MODE === 'default' || MODE === 'history') {
  const history = await historyLatency(SEED_ROWS);
  process.stdout.write(
    [
      `## History latency over ${SEED_ROWS.toLocaleString('en')} rows, ${seedShape(SEED_ROWS).users.toLocaleString('en')} users + 1 heavy (seeded in ${history.seedSeconds.toFixed(0)} s; 1 connection, ${HISTORY_S} s each)`,
      '',
      '| page | p50 ms | p99 ms | req/s | errors |',
      '|---|---|---|---|---|',
      ...history.lines,
      '',
      `load average at the end (1/5/15 min): ${load()}`,
      ''
    ].join('\n') + '\n'
  );
}
loadGenerator.close();
