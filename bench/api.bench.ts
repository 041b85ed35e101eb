/**
 * `pnpm bench:api`: what the API's safety costs, and how history scales. One process, loopback only,
 * against the real Postgres (BENCH_DATABASE_URL, default the local server); bounded in time.
 *
 * 1. autocannon on (a) POST /api/telephony/calls with auth, validation, rate limiting and logging, and
 *    (b) a bare Fastify route doing the same INSERT with raw pg; both into the same fresh database, each warmed up,
 *    then run side by side (a, b, a, b, a, b) so machine noise hits both. Prints throughput, p99 and the ratio a/b (target ≥ 0.7).
 * 2. Seeds 1,000,000 call logs over 1,000 users and measures GET /history latency: the first page,
 *    a filtered page, and the page 10,000 rows deep reached by cursor (target p99 ≤ 15 ms).
 */
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '@sw-dialer/api';
import type { AppConfig } from '@sw-dialer/api';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_S = 3;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SEED_ROWS = Number(process.env.BENCH_SEED_ROWS ?? 1_000_000);
const USERS = 1000;
const SECRET = 'bench-secret-that-is-at-least-32-characters';

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

function appConfig(databaseUrl: string): AppConfig {
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
    logLevel: 'info'
  };
}

// Logs are produced and serialized as in production, then dropped: the terminal is not the subject.
const nullDestination = { write: () => undefined };

function finishedCallBody(): string {
  const startedAt = new Date(Date.now() - 30_000);
  return JSON.stringify({
    clientSessionId: randomUUID(),
    direction: 'outbound',
    number: '+12025550123',
    status: 'ended',
    startedAt: startedAt.toISOString(),
    answeredAt: new Date(startedAt.getTime() + 2000).toISOString(),
    endedAt: new Date(startedAt.getTime() + 20_000).toISOString(),
    endReason: 'local-hangup',
    durationMs: 18_000
  });
}

async function cannon(url: string, options: Partial<autocannon.Options> = {}): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, ...options });
}

const INSERT_SQL = `insert into call_logs (user_id, direction, number, status, started_at, answered_at, ended_at, duration_ms, end_reason, client_session_id)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`;

/** The baseline: the same INSERT, no auth, no validation, no rate limit, no logging. */
async function startBareServer(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
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
  return { address, close: async () => { await bare.close(); await pool.end(); } };
}

const fmt = (value: number) => value.toFixed(1);

async function writeThroughput(): Promise<{ lines: string[] }> {
  const databaseUrl = await recreateDatabase('sw_bench_write');
  const app = await buildApp(appConfig(databaseUrl), { logDestination: nullDestination });
  const appAddress = await app.listen({ port: 0, host: '127.0.0.1' });
  const bare = await startBareServer(databaseUrl);
  const token = app.jwt.sign({ sub: 'bench-user' }, { expiresIn: 3600 });
  const request = (path: string, auth: boolean) => ({
    method: 'POST' as const,
    path,
    headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
    setupRequest: (req: autocannon.Request) => ({ ...req, body: finishedCallBody() })
  });
  const results = { api: [] as autocannon.Result[], bare: [] as autocannon.Result[] };
  // A warm-up of each side first, discarded: otherwise (a)'s first round also measures V8 compiling the
  // route's code, while (b), run after it, finds Fastify and pg already compiled.
  await cannon(appAddress, { duration: WARMUP_S, requests: [request('/api/telephony/calls', true)] });
  await cannon(bare.address, { duration: WARMUP_S, requests: [request('/bare/calls', false)] });
  for (let round = 0; round < ROUNDS; round += 1) {
    results.api.push(await cannon(appAddress, { requests: [request('/api/telephony/calls', true)] }));
    results.bare.push(await cannon(bare.address, { requests: [request('/bare/calls', false)] }));
    process.stderr.write(`round ${round + 1}: (a) ${fmt(results.api[round]!.requests.average)} req/s, (b) ${fmt(results.bare[round]!.requests.average)} req/s\n`);
  }
  await app.close();
  await bare.close();
  const summarize = (runs: autocannon.Result[]) => {
    const errors = runs.reduce((sum, run) => sum + run.errors + run.non2xx, 0);
    return {
      rps: runs.reduce((sum, run) => sum + run.requests.average, 0) / runs.length,
      p99: Math.max(...runs.map((run) => run.latency.p99)),
      errors
    };
  };
  const api = summarize(results.api);
  const baseline = summarize(results.bare);
  return {
    lines: [
      `| (a) POST /api/telephony/calls (auth, zod, rate limit, logs) | ${fmt(api.rps)} | ${fmt(api.p99)} | ${api.errors} |`,
      `| (b) bare Fastify + raw pg, same INSERT | ${fmt(baseline.rps)} | ${fmt(baseline.p99)} | ${baseline.errors} |`,
      `| ratio a/b (target ≥ 0.7) | **${(api.rps / baseline.rps).toFixed(2)}** | | |`
    ]
  };
}

async function seed(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  // One statement per 100,000 rows: 999 ordinary users of about 980 calls each, and one heavy user of
  // 2% of all rows (20,000 at a million), whose history is deep enough to page 10,000 rows into. Users interleaved (a call every 30 s overall, so each user has one
  // about every 8 hours across a year),
  // statuses and numbers varied so the filters select realistic fractions.
  for (let offset = 0; offset < SEED_ROWS; offset += 100_000) {
    await client.query(
      `insert into call_logs (user_id, direction, number, contact_id, status, started_at, ended_at, duration_ms, end_reason, client_session_id)
       select case when i % 50 = 0 then 'bench-user-heavy' else 'bench-user-' || (i % ${USERS - 1}) end,
              'outbound',
              '+1202555' || lpad((i % 9000 + 1000)::text, 4, '0'),
              case when i % 7 = 0 then 'contact-' || (i % 5) end,
              case when i % 3 = 0 then 'failed' else 'ended' end,
              timestamptz '2026-01-01' + make_interval(secs => i * 30),
              timestamptz '2026-01-01' + make_interval(secs => i * 30 + 20),
              0,
              case when i % 3 = 0 then 'busy' else 'canceled' end,
              gen_random_uuid()
       from generate_series($1::int, $2::int) as i`,
      [offset, Math.min(offset + 100_000, SEED_ROWS) - 1]
    );
  }
  await client.query('analyze call_logs');
  await client.end();
  return (Date.now() - started) / 1000;
}

async function historyLatency(): Promise<{ lines: string[]; seedSeconds: number }> {
  const databaseUrl = await recreateDatabase('sw_bench_history');
  const app = await buildApp(appConfig(databaseUrl), { logDestination: nullDestination });
  const seedSeconds = await seed(databaseUrl);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const bearer = (userId: string) => ({ authorization: `Bearer ${app.jwt.sign({ sub: userId }, { expiresIn: 3600 })}`, 'x-forwarded-proto': 'https' });
  const ordinary = bearer('bench-user-42');
  const heavy = bearer('bench-user-heavy');
  // Walk 100 pages of 100 by cursor to reach the page 10,000 rows deep, as a client would.
  let cursor = '';
  for (let page = 0; page < 100; page += 1) {
    const response = await app.inject({ method: 'GET', url: `/api/telephony/history?limit=100${cursor ? `&cursor=${cursor}` : ''}`, headers: heavy });
    cursor = response.json().nextCursor;
    if (!cursor) throw new Error(`the heavy user's history ended after ${page + 1} pages`);
  }
  const scenarios: Array<[string, string, Record<string, string>]> = [
    ['first page (limit 20), ~980-call user', '/api/telephony/history?limit=20', ordinary],
    ['filtered page (status=failed), ~980-call user', '/api/telephony/history?limit=20&status=failed', ordinary],
    ['filtered page (contactId + date range), ~980-call user', '/api/telephony/history?limit=20&contactId=contact-3&from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z', ordinary],
    ['first page (limit 20), 20,000-call user', '/api/telephony/history?limit=20', heavy],
    ['page 10,000 rows deep by cursor, 20,000-call user', `/api/telephony/history?limit=20&cursor=${cursor}`, heavy]
  ];
  const lines: string[] = [];
  for (const [name, path, headers] of scenarios) {
    const check = await app.inject({ method: 'GET', url: path, headers });
    if (check.statusCode !== 200 || check.json().items.length !== 20) throw new Error(`${name}: unexpected answer ${check.statusCode}`);
    // One connection: latency without queueing behind other requests on a 2-core machine.
    const result = await cannon(address, { connections: 1, duration: 5, headers, requests: [{ method: 'GET', path }] });
    lines.push(`| ${name} | ${result.latency.p50} | ${result.latency.p99} | ${fmt(result.requests.average)} | ${result.errors + result.non2xx} |`);
  }
  await app.close();
  return { lines, seedSeconds };
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const postgres = await (async () => {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  const { rows } = await client.query('show server_version');
  await client.end();
  return rows[0].server_version as string;
})();

process.stdout.write(`# bench:api on ${machine}, PostgreSQL ${postgres}\n\n`);
const write = await writeThroughput();
process.stdout.write(
  [`## Create-call throughput (${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s × ${ROUNDS} rounds each, alternating)`, '', '| route | req/s | p99 ms | errors |', '|---|---|---|---|', ...write.lines, ''].join('\n') + '\n'
);
const history = await historyLatency();
process.stdout.write(
  [
    `## History latency over ${SEED_ROWS.toLocaleString('en')} rows, ${USERS} users (seeded in ${history.seedSeconds.toFixed(0)} s; 1 connection, 5 s each)`,
    '',
    '| page | p50 ms | p99 ms | req/s | errors |',
    '|---|---|---|---|---|',
    ...history.lines,
    ''
  ].join('\n') + '\n'
);
