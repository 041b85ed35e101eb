/**
 * `pnpm bench:call-api`: the API requests one widget call makes, at 1, 10 and 50 concurrent agents, against
 * the SignalWire and SwitchFree emulators, compared with the same call's bare SQL. One process, loopback only,
 * against the real PostgreSQL (BENCH_DATABASE_URL) with the rate-limit counters in Redis (BENCH_REDIS_URL).
 *
 * One call, as the widget makes it from a fresh page (8 requests):
 *   POST /signalwire/token, GET /contacts?number=, GET /presence?number=, POST /calls (dialing),
 *   PATCH ringing, PATCH connected, PATCH ended, GET /history?limit=20 (the refresh after the call).
 * Each agent places calls back to back (no ring or talk time: the API's cost, not the call's length). The
 * token route allows 20 tokens a minute per user, so an agent signs in as a new page session every 20 calls.
 * Numbers are drawn from the emulator's first 50 contacts, so most lookups hit the API's SwitchFree cache.
 *
 * The bare side runs the same call's SQL with raw pg (pool of 10, as the API's): INSERT dialing, three
 * UPDATEs, the history SELECT; the token, lookup and presence have no SQL (upstream calls and caches).
 * Sides alternate per concurrency level, BENCH_ROUNDS rounds (default 2) of BENCH_CALL_S seconds (default 10).
 * Reports calls/s, per-call latency p50/p95/p99, per-request p99 by route, errors, the ratio, the load average.
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import pg from 'pg';
import { buildApp } from '@sw-dialer/api';
import type { AppConfig } from '@sw-dialer/api';
import { startSignalWireEmulator } from '@sw-dialer/emulators/signalwire';
import { startSwitchFreeEmulator } from '@sw-dialer/emulators/switchfree';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const CALL_S = Number(process.env.BENCH_CALL_S ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const AGENTS = (process.env.BENCH_AGENTS ?? '1,10,50').split(',').map(Number);
const CALLS_PER_SESSION = 20;
const SECRET = 'bench-secret-that-is-at-least-32-characters';
const run = randomUUID().slice(0, 8);

const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
};

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

const swEmulator = await startSignalWireEmulator({ projectId: 'bench-project', apiToken: 'bench-token', port: 0 });
const sfEmulator = await startSwitchFreeEmulator({ apiKey: 'bench-switchfree-key', port: 0, presenceChangeIntervalMs: 0 });
const databaseUrl = await recreateDatabase('sw_bench_call_api');
const config: AppConfig = {
  env: 'production',
  trustProxy: ['127.0.0.1'],
  database: { kind: 'postgres', url: databaseUrl, poolMax: 10 },
  migrate: true,
  auth: { jwt: { kind: 'secret', secret: SECRET }, devLogin: false },
  rateLimit: { max: 1_000_000_000, timeWindowMs: 60_000 },
  corsOrigins: [],
  alerts: { policy: { failureRate: 0.2, minCalls: 20, windowMs: 300_000, tokenFailures: 5 } },
  logLevel: 'info',
  redisUrl: REDIS_URL,
  signalwire: { spaceUrl: swEmulator.url, projectId: 'bench-project', apiToken: 'bench-token', tokenTtlS: 900, relayHost: swEmulator.wsUrl, timeoutMs: 2000 },
  switchfree: { baseUrl: sfEmulator.url, apiKey: 'bench-switchfree-key', timeoutMs: 1000 }
};
const app = await buildApp(config, { logDestination: { write: () => undefined } });
const apiUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const numbers = Array.from({ length: 50 }, (_, i) => `+1202555${String(100 + i).padStart(4, '0')}`);

type Timings = Map<string, number[]>;

async function timed<T>(timings: Timings, name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const list = timings.get(name) ?? [];
  list.push(performance.now() - started);
  timings.set(name, list);
  return result;
}

/** One widget call through the API; throws on any answer the widget would not accept. */
async function apiCall(agent: string, callIndex: number, timings: Timings): Promise<void> {
  const user = `${agent}-session-${Math.floor(callIndex / CALLS_PER_SESSION)}`;
  const headers = { authorization: `Bearer ${app.jwt.sign({ sub: user }, { expiresIn: 3600 })}`, 'x-forwarded-proto': 'https', accept: 'application/json' };
  const json = { ...headers, 'content-type': 'application/json' };
  const number = numbers[callIndex % numbers.length]!;
  const send = async (name: string, method: string, path: string, body?: unknown, expected = 200) =>
    timed(timings, name, async () => {
      const response = await fetch(`${apiUrl}${path}`, {
        method,
        headers: body === undefined ? headers : json,
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      });
      const text = await response.text();
      if (response.status !== expected) throw new Error(`${name}: ${response.status} ${text.slice(0, 200)}`);
      return text ? JSON.parse(text) : undefined;
    });
  await send('POST /signalwire/token', 'POST', '/api/telephony/signalwire/token', { deviceType: 'browser' });
  await send('GET /contacts', 'GET', `/api/telephony/contacts?number=${encodeURIComponent(number)}`);
  await send('GET /presence', 'GET', `/api/telephony/presence?number=${encodeURIComponent(number)}`);
  const startedAt = new Date();
  const iso = (ms: number) => new Date(startedAt.getTime() + ms).toISOString();
  const { id } = await send(
    'POST /calls',
    'POST',
    '/api/telephony/calls',
    { clientSessionId: randomUUID(), direction: 'outbound', number, status: 'dialing', startedAt: iso(0) },
    201
  );
  await send('PATCH ringing', 'PATCH', `/api/telephony/calls/${id}`, { status: 'ringing' });
  await send('PATCH connected', 'PATCH', `/api/telephony/calls/${id}`, { status: 'connected', answeredAt: iso(1) });
  await send('PATCH ended', 'PATCH', `/api/telephony/calls/${id}`, { status: 'ended', endReason: 'local-hangup', endedAt: iso(2) });
  await send('GET /history', 'GET', '/api/telephony/history?limit=20');
}

/** The same call's SQL only, as a bare service would run it. */
async function bareCall(agent: string, callIndex: number, timings: Timings): Promise<void> {
  const user = `bare-${agent}-session-${Math.floor(callIndex / CALLS_PER_SESSION)}`;
  const number = numbers[callIndex % numbers.length]!;
  const startedAt = new Date();
  const iso = (ms: number) => new Date(startedAt.getTime() + ms).toISOString();
  const { rows } = await timed(timings, 'INSERT', () =>
    pool.query(
      `insert into call_logs (user_id, direction, number, status, started_at, client_session_id) values ($1, 'outbound', $2, 'dialing', $3, $4) returning id`,
      [user, number, iso(0), randomUUID()]
    )
  );
  const id = rows[0].id;
  await timed(timings, 'UPDATE ringing', () =>
    pool.query(`update call_logs set status = 'ringing', updated_at = now() where id = $1 and user_id = $2`, [id, user])
  );
  await timed(timings, 'UPDATE connected', () =>
    pool.query(`update call_logs set status = 'connected', answered_at = $3, updated_at = now() where id = $1 and user_id = $2`, [id, user, iso(1)])
  );
  await timed(timings, 'UPDATE ended', () =>
    pool.query(
      `update call_logs set status = 'ended', end_reason = 'local-hangup', ended_at = $3, duration_ms = 1000, updated_at = now() where id = $1 and user_id = $2`,
      [id, user, iso(2)]
    )
  );
  await timed(timings, 'SELECT history', () => pool.query(`select * from call_logs where user_id = $1 order by started_at desc, id desc limit 21`, [user]));
}

let drives = 0;
async function drive(agents: number, side: 'api' | 'bare') {
  drives += 1;
  const timings: Timings = new Map();
  const callMs: number[] = [];
  const errors: string[] = [];
  const deadline = performance.now() + CALL_S * 1000;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: agents }, async (_, a) => {
      // A new identity per drive: the token route's budget (20 a minute per user) starts afresh each round.
      const agent = `call-${run}-${side}-${agents}-${drives}-${a}`;
      for (let call = 0; performance.now() < deadline && call < 100_000; call += 1) {
        const callStarted = performance.now();
        try {
          await (side === 'api' ? apiCall : bareCall)(agent, call, timings);
          callMs.push(performance.now() - callStarted);
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
    })
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    calls: callMs.length,
    callsPerS: callMs.length / seconds,
    callMs,
    timings,
    errors,
    cpuMsPerCall: (cpu.user + cpu.system) / 1000 / Math.max(1, callMs.length)
  };
}

process.stdout.write(
  `# bench:call-api on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${new Date().toISOString()}\n\nload average at start (1/5/15 min): ${load()}\n\n`
);
// Warm-up, discarded: V8 compiles both paths, the SwitchFree cache learns the 50 numbers.
await drive(5, 'api');
await drive(5, 'bare');

const table: string[] = [
  `| agents | round | API calls/s | bare calls/s | ratio | API call p50 / p95 / p99 ms | bare call p50 / p95 / p99 ms | API process CPU ms/call | errors | load 1 min |`,
  '|---:|---:|---:|---:|---:|---|---|---:|---|---:|'
];
const perRoute: string[] = [];
for (const agents of AGENTS) {
  for (let round = 0; round < ROUNDS; round += 1) {
    const [first, second] = round % 2 === 0 ? (['api', 'bare'] as const) : (['bare', 'api'] as const);
    const results = { [first]: await drive(agents, first), [second]: await drive(agents, second) } as Record<'api' | 'bare', Awaited<ReturnType<typeof drive>>>;
    const { api, bare } = results;
    const q = (values: number[]) => `${quantile(values, 0.5).toFixed(1)} / ${quantile(values, 0.95).toFixed(1)} / ${quantile(values, 0.99).toFixed(1)}`;
    table.push(
      `| ${agents} | ${round + 1} | ${api.callsPerS.toFixed(1)} | ${bare.callsPerS.toFixed(1)} | ${(api.callsPerS / bare.callsPerS).toFixed(2)} | ${q(api.callMs)} | ${q(bare.callMs)} | ${api.cpuMsPerCall.toFixed(2)} | ${api.errors.length + bare.errors.length}${api.errors[0] ? ` (${api.errors[0].slice(0, 80)})` : ''} | ${loadavg()[0]!.toFixed(1)} |`
    );
    if (round === ROUNDS - 1) {
      const routes = [...api.timings.entries(), ...bare.timings.entries()].map(
        ([name, values]) => `${name} ${quantile(values, 0.5).toFixed(1)}/${quantile(values, 0.99).toFixed(1)}`
      );
      perRoute.push(`- ${agents} agent(s), last round, p50/p99 ms: ${routes.join('; ')}`);
    }
    process.stderr.write(`${agents} agents round ${round + 1}: api ${api.callsPerS.toFixed(1)} calls/s, bare ${bare.callsPerS.toFixed(1)} calls/s\n`);
  }
}
process.stdout.write(
  [
    `## One widget call = 8 API requests (token, lookup, presence, create, 3 patches, history) vs its bare SQL (5 statements); ${ROUNDS} alternating rounds of ${CALL_S} s per level`,
    '',
    ...table,
    '',
    'Per request:',
    ...perRoute,
    '',
    `load average at the end (1/5/15 min): ${load()}`,
    ''
  ].join('\n') + '\n'
);
await app.close();
await pool.end();
await swEmulator.close();
await sfEmulator.close();
