/**
 * Simulated agents placing calls through the API's call-log lifecycle, over real HTTP on loopback, and
 * the check of what they did against the database. Shared by the CI test (test/reliability/load.test.ts,
 * short), the database-outage test (with retries, as the widget's outbox does) and the benchmark
 * (bench/load.bench.ts, five minutes).
 *
 * Each agent is its own user (its own JWT `sub`) and, once per `callIntervalMs` at most, places one call:
 * POST dialing → PATCH ringing → PATCH connected (answeredAt) → PATCH ended (endedAt, durationMs,
 * local-hangup) → GET its history, whose newest item must be that call. Pacing is by start time with no
 * catch-up, so an agent never sends more than one call's requests per interval, whatever the server does.
 *
 * Rate limits: the first `rateLimit.agents` agents are the designated subset. They read their history
 * only in bursts of `max + excess` requests (ten in flight at a time), one burst per window (the first
 * request of a burst opens a fresh window), so each burst must get exactly `max` × 200 and `excess` × 429;
 * every other request of every agent must never see a 429.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

export type RouteKey = 'create' | 'patch' | 'history';
export const ROUTE_NAMES: Record<RouteKey, string> = {
  create: 'POST /api/telephony/calls',
  patch: 'PATCH /api/telephony/calls/:id',
  history: 'GET /api/telephony/history'
};

export interface CallLoadOptions {
  /** Base URL of the API (loopback). */
  apiUrl: string;
  agents: number;
  /** Agents start new calls during this long; calls under way then are finished. */
  durationMs: number;
  /** Each agent starts at most one call per interval. */
  callIntervalMs: number;
  /** Connected time of each call before the agent hangs up. */
  talkMs: number;
  /** User ids are `${userPrefix}${index}`; pick a prefix no other run uses. */
  userPrefix: string;
  /** A bearer token for a user id, signed as the host application would. */
  sign: (userId: string) => string;
  /** The designated subset that exceeds the per-user, per-route limit on GET /history. */
  rateLimit?: { agents: number; max: number; windowMs: number; excess: number };
  /**
   * Retry 5xx answers and network failures with the same request, as the widget's outbox does (a create
   * is keyed by clientSessionId, a repeated PATCH is a no-op or a 409 "already past"), for up to
   * `giveUpAfterMs` per request. Without it every such answer is an error.
   */
  retryTransient?: { giveUpAfterMs: number };
  /** An unanswered request is abandoned (and counted as an error) after this long. Default 30 s. */
  requestTimeoutMs?: number;
  /** Sent with every request (e.g. what a TLS-terminating proxy adds). */
  headers?: Record<string, string>;
}

/** One call as the agent last saw it acknowledged. `id` null: the create was never acknowledged. */
export interface LedgerCall {
  userId: string;
  clientSessionId: string;
  id: string | null;
  status: 'unacknowledged' | 'dialing' | 'ringing' | 'connected' | 'ended' | 'failed';
  durationMs?: number;
  endReason?: string;
}

export interface RouteStats {
  requests: number;
  statuses: Record<string, number>;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface LoadError {
  route: RouteKey;
  userId: string;
  status: number | 'network' | 'timeout';
  code?: string;
  message?: string;
}

export interface BurstResult {
  userId: string;
  /** In the order the answers came. */
  statuses: number[];
  /** True when the burst got exactly `max` × 200 and `excess` × 429, within one window. */
  exact: boolean;
  durationMs: number;
}

/** Requests of one burst in flight at once. */
const BURST_CONCURRENCY = 10;

export interface CallLoadRun {
  options: Omit<CallLoadOptions, 'sign' | 'headers'>;
  elapsedMs: number;
  requests: number;
  callsCompleted: number;
  routes: Record<RouteKey, RouteStats>;
  /** Final failures (after retries, when retrying). Target 0. */
  errors: LoadError[];
  /** 5xx answers and network failures that a retry then got past (only with `retryTransient`). */
  retried: number;
  /** Creates retried after a failure whose first attempt had in fact been stored (answered 200, same id). */
  replayedCreates: number;
  /** History reads whose newest item was not the call just ended. Target 0. */
  staleReads: number;
  /** 429s outside the designated subset's history bursts. Target 0. */
  unexpected429: LoadError[];
  /** 429s on the designated subset's history reads, and their bodies were the error shape with Retry-After. */
  expected429: number;
  bursts: BurstResult[];
  ledger: LedgerCall[];
}

interface Answer {
  status: number | 'network' | 'timeout';
  body: unknown;
  retryAfter?: string | undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

/** A fictional number per agent, in the 202-555 range the project uses for examples. */
const numberFor = (index: number) => `+1202555${String(1000 + (index % 9000)).padStart(4, '0')}`;

export async function runCallLoad(options: CallLoadOptions): Promise<CallLoadRun> {
  const base = new URL(options.apiUrl);
  const limited = options.rateLimit?.agents ?? 0;
  // One socket per agent (and one more per designated agent for its bursts), kept alive, as browsers do.
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.agents + limited, maxFreeSockets: options.agents + limited });
  const latencies: Record<RouteKey, number[]> = { create: [], patch: [], history: [] };
  const statuses: Record<RouteKey, Record<string, number>> = { create: {}, patch: {}, history: {} };
  const run: CallLoadRun = {
    options: (({ sign: _sign, headers: _headers, ...rest }) => rest)(options),
    elapsedMs: 0,
    requests: 0,
    callsCompleted: 0,
    routes: {} as CallLoadRun['routes'],
    errors: [],
    retried: 0,
    replayedCreates: 0,
    staleReads: 0,
    unexpected429: [],
    expected429: 0,
    bursts: [],
    ledger: []
  };
  const timeoutMs = options.requestTimeoutMs ?? 30_000;

  function send(route: RouteKey, method: string, path: string, token: string, body?: unknown): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    return new Promise<Answer>((resolve) => {
      let settled = false;
      const settle = (answer: Answer) => {
        if (settled) return;
        settled = true;
        run.requests += 1;
        latencies[route].push(performance.now() - started);
        const key = String(answer.status);
        statuses[route][key] = (statuses[route][key] ?? 0) + 1;
        resolve(answer);
      };
      const request = http.request(
        {
          host: base.hostname,
          port: base.port,
          method,
          path,
          agent,
          headers: {
            ...options.headers,
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) })
          }
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            let parsed: unknown;
            try {
              parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            } catch {
              parsed = undefined;
            }
            const retryAfter = response.headers['retry-after'];
            settle({ status: response.statusCode ?? 0, body: parsed, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter });
          });
          response.on('error', () => settle({ status: 'network', body: undefined }));
        }
      );
      request.setTimeout(timeoutMs, () => {
        request.destroy();
        settle({ status: 'timeout', body: undefined });
      });
      request.on('error', () => settle({ status: 'network', body: undefined }));
      request.end(payload);
    });
  }

  const errorOf = (route: RouteKey, userId: string, answer: Answer): LoadError => {
    const error = (answer.body as { error?: { code?: string; message?: string } } | undefined)?.error;
    return { route, userId, status: answer.status, ...(error?.code ? { code: error.code } : {}), ...(error?.message ? { message: error.message } : {}) };
  };

  const transient = (answer: Answer) =>
    answer.status === 'network' || answer.status === 'timeout' || (typeof answer.status === 'number' && answer.status >= 500);

  /** One request of the lifecycle; retried while transient when asked to. */
  async function step(
    route: RouteKey,
    userId: string,
    token: string,
    method: string,
    path: string,
    body: unknown,
    expected: number
  ): Promise<Answer | undefined> {
    const firstSent = Date.now();
    let delay = 250;
    for (let attempt = 0; ; attempt += 1) {
      const answer = await send(route, method, path, token, body);
      if (answer.status === expected) return answer;
      if (attempt > 0) {
        // A retry of a write the server had already stored: a create finds its row (200, same id), a
        // repeated non-final PATCH is "already past" (409), as the outbox treats them.
        if (route === 'create' && answer.status === 200) {
          run.replayedCreates += 1;
          return answer;
        }
        if (route === 'patch' && answer.status === 409) return answer;
      }
      if (answer.status === 429) {
        run.unexpected429.push(errorOf(route, userId, answer));
        return undefined;
      }
      if (options.retryTransient && transient(answer) && Date.now() - firstSent < options.retryTransient.giveUpAfterMs) {
        run.retried += 1;
        await sleep(delay);
        delay = Math.min(delay * 2, 2_000);
        continue;
      }
      run.errors.push(errorOf(route, userId, answer));
      return undefined;
    }
  }

  async function placeCall(index: number, userId: string, token: string, readHistory: boolean): Promise<boolean> {
    const call: LedgerCall = { userId, clientSessionId: randomUUID(), id: null, status: 'unacknowledged' };
    run.ledger.push(call);
    const created = await step(
      'create',
      userId,
      token,
      'POST',
      '/api/telephony/calls',
      {
        clientSessionId: call.clientSessionId,
        direction: 'outbound',
        number: numberFor(index),
        status: 'dialing',
        startedAt: new Date().toISOString()
      },
      201
    );
    const id = (created?.body as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string') return false;
    call.id = id;
    call.status = 'dialing';
    const path = `/api/telephony/calls/${id}`;
    const patch = (body: Record<string, unknown>) => step('patch', userId, token, 'PATCH', path, body, 200);
    const closeAsFailed = async () => {
      // What the widget does when its call breaks: close the log so the user's next call can open.
      const closed = await patch({ status: 'failed', endReason: 'error', endedAt: new Date().toISOString(), errorCode: 'LOAD_STEP_FAILED' });
      if (closed) Object.assign(call, { status: 'failed', endReason: 'error' });
      return false;
    };
    if (!(await patch({ status: 'ringing' }))) return closeAsFailed();
    call.status = 'ringing';
    const answeredAt = Date.now();
    if (!(await patch({ status: 'connected', answeredAt: new Date(answeredAt).toISOString() }))) return closeAsFailed();
    call.status = 'connected';
    await sleep(options.talkMs);
    const endedAt = Math.max(Date.now(), answeredAt);
    const durationMs = endedAt - answeredAt;
    if (!(await patch({ status: 'ended', endedAt: new Date(endedAt).toISOString(), durationMs, endReason: 'local-hangup' }))) return closeAsFailed();
    Object.assign(call, { status: 'ended', durationMs, endReason: 'local-hangup' });
    run.callsCompleted += 1;
    if (readHistory) {
      const page = await step('history', userId, token, 'GET', '/api/telephony/history?limit=20', undefined, 200);
      const items = (page?.body as { items?: Array<{ id?: string; status?: string }> } | undefined)?.items;
      if (page && (items?.[0]?.id !== id || items[0]?.status !== 'ended')) run.staleReads += 1;
    }
    return true;
  }

  const started = performance.now();
  const deadline = started + options.durationMs;

  async function agentLoop(index: number): Promise<void> {
    const userId = `${options.userPrefix}${index}`;
    const token = options.sign(userId);
    const designated = index < limited;
    // Spread the first calls over one interval so the agents do not start in lockstep.
    let nextStart = started + (index / options.agents) * options.callIntervalMs;
    for (;;) {
      await sleep(nextStart - performance.now());
      if (performance.now() >= deadline) return;
      const callStarted = performance.now();
      const ok = await placeCall(index, userId, token, !designated);
      // A call that could not be closed (or whose create is in doubt) may hold the user's one open slot:
      // this agent stops rather than pile up conflicts. Only a call it closed as failed lets it go on.
      const last = run.ledger.findLast((call) => call.userId === userId);
      if (!ok && last?.status !== 'failed') return;
      nextStart = Math.max(performance.now(), callStarted + options.callIntervalMs);
    }
  }

  async function burstLoop(index: number): Promise<void> {
    const config = options.rateLimit;
    if (!config) return;
    const userId = `${options.userPrefix}${index}`;
    const token = options.sign(userId);
    while (performance.now() < deadline) {
      const result: BurstResult = { userId, statuses: [], exact: false, durationMs: 0 };
      const burstStarted = performance.now();
      let firstAnsweredAt = 0;
      let sent = 0;
      // Several at a time, as a page firing requests would: on a saturated server one after another
      // could not even reach the limit within its window.
      const worker = async () => {
        while (sent < config.max + config.excess) {
          sent += 1;
          const answer = await send('history', 'GET', '/api/telephony/history?limit=1', token);
          firstAnsweredAt ||= performance.now();
          result.statuses.push(typeof answer.status === 'number' ? answer.status : 0);
          if (answer.status === 429) {
            const code = (answer.body as { error?: { code?: string } } | undefined)?.error?.code;
            if (code === 'RATE_LIMITED' && Number(answer.retryAfter) > 0) run.expected429 += 1;
            else run.errors.push({ ...errorOf('history', userId, answer), message: `a 429 without the error shape or Retry-After (${answer.retryAfter})` });
          } else if (answer.status !== 200) {
            run.errors.push(errorOf('history', userId, answer));
          }
        }
      };
      await Promise.all(Array.from({ length: BURST_CONCURRENCY }, worker));
      result.durationMs = performance.now() - burstStarted;
      const count = (status: number) => result.statuses.filter((answer) => answer === status).length;
      // The whole burst fell in the window its first request opened (else the count restarts midway).
      result.exact = count(200) === config.max && count(429) === config.excess && result.durationMs < config.windowMs;
      run.bursts.push(result);
      // The window opened with the burst's first request and has closed by then: the next burst opens a
      // fresh one (no other history read of this user can open it in between).
      const nextBurst = firstAnsweredAt + config.windowMs + 500;
      if (nextBurst >= deadline) return;
      await sleep(nextBurst - performance.now());
    }
  }

  const loops: Array<Promise<void>> = [];
  for (let index = 0; index < options.agents; index += 1) loops.push(agentLoop(index));
  for (let index = 0; index < limited; index += 1) loops.push(burstLoop(index));
  await Promise.all(loops);
  run.elapsedMs = performance.now() - started;
  agent.destroy();

  for (const route of Object.keys(latencies) as RouteKey[]) {
    const sorted = latencies[route].sort((a, b) => a - b);
    run.routes[route] = {
      requests: sorted.length,
      statuses: statuses[route],
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? 0
    };
  }
  return run;
}

export interface LedgerCheck {
  /** Calls whose create the API acknowledged. */
  acknowledged: number;
  /** Rows of this run's users in call_logs. */
  rows: number;
  /** Acknowledged calls with no row, or whose row does not hold the last acknowledged state. Target 0. */
  lost: string[];
  /** Rows no acknowledged call accounts for, or more than one row for one call. Target 0. */
  duplicated: string[];
  /** Creates never acknowledged (a request that failed for good): whether their row exists is open. */
  unacknowledged: number;
  /** Rows still dialing, ringing or connected. */
  open: number;
}

/** Compares what the agents were told with what the database holds, row by row. */
export async function checkLedger(databaseUrl: string, userPrefix: string, ledger: LedgerCall[]): Promise<LedgerCheck> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let rows: Array<{ id: string; user_id: string; client_session_id: string; status: string; duration_ms: number | null; end_reason: string | null }>;
  try {
    rows = (
      await client.query('select id, user_id, client_session_id, status, duration_ms, end_reason from call_logs where left(user_id, length($1)) = $1', [
        userPrefix
      ])
    ).rows;
  } finally {
    await client.end();
  }
  const key = (userId: string, session: string) => `${userId}/${session}`;
  const bySession = new Map<string, typeof rows>();
  for (const row of rows) {
    const k = key(row.user_id, row.client_session_id);
    bySession.set(k, [...(bySession.get(k) ?? []), row]);
  }
  const check: LedgerCheck = { acknowledged: 0, rows: rows.length, lost: [], duplicated: [], unacknowledged: 0, open: 0 };
  const accounted = new Set<string>();
  for (const call of ledger) {
    const k = key(call.userId, call.clientSessionId);
    accounted.add(k);
    const found = bySession.get(k) ?? [];
    if (found.length > 1) check.duplicated.push(`${k}: ${found.length} rows`);
    if (call.id === null) {
      check.unacknowledged += 1;
      continue;
    }
    check.acknowledged += 1;
    const row = found[0];
    if (!row) {
      check.lost.push(`${k}: acknowledged as ${call.id}, no row`);
      continue;
    }
    if (row.id !== call.id) check.lost.push(`${k}: acknowledged as ${call.id}, stored as ${row.id}`);
    if (row.status !== call.status) check.lost.push(`${k}: acknowledged ${call.status}, stored ${row.status}`);
    if (call.status === 'ended' && (row.duration_ms !== call.durationMs || row.end_reason !== call.endReason)) {
      check.lost.push(`${k}: acknowledged ${call.durationMs} ms / ${call.endReason}, stored ${row.duration_ms} ms / ${row.end_reason}`);
    }
  }
  for (const [k, found] of bySession) if (!accounted.has(k)) check.duplicated.push(`${k}: ${found.length} row(s) no agent made`);
  check.open = rows.filter((row) => ['dialing', 'ringing', 'connected'].includes(row.status)).length;
  return check;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

/** The figures as Markdown, for bench/RESULTS-reliability.md and the test's comments. */
export function formatLoadReport(run: CallLoadRun, check: LedgerCheck): string[] {
  const seconds = run.elapsedMs / 1000;
  const lines = [
    `${run.options.agents} agents, ${(run.options.durationMs / 1000).toFixed(0)} s of new calls (${seconds.toFixed(1)} s until the last call closed), one call per agent per ${run.options.callIntervalMs} ms at most, ${run.options.talkMs} ms connected`,
    '',
    `- throughput: **${(run.requests / seconds).toFixed(0)} requests/s**, ${(run.callsCompleted / seconds).toFixed(1)} complete call lifecycles/s (${run.requests.toLocaleString('en')} requests, ${run.callsCompleted.toLocaleString('en')} calls)`,
    `- errors: **${run.errors.length}**${run.errors.length ? ` (${JSON.stringify(run.errors.slice(0, 3))})` : ''}; stale history reads: ${run.staleReads}${run.options.retryTransient ? `; retried transient failures: ${run.retried}, replayed creates that found their row: ${run.replayedCreates}` : ''}`,
    `- database: ${check.acknowledged} acknowledged calls, ${check.rows} rows; lost **${check.lost.length}**, duplicated **${check.duplicated.length}**, never acknowledged ${check.unacknowledged}, left open ${check.open}`
  ];
  if (run.options.rateLimit) {
    const config = run.options.rateLimit;
    lines.push(
      `- rate limit ${config.max}/${config.windowMs / 1000} s per user and route; ${config.agents} designated agents × ${run.bursts.length / Math.max(1, config.agents)} burst(s) of ${config.max + config.excess} history reads: ${run.bursts.filter((burst) => burst.exact).length}/${run.bursts.length} bursts answered exactly ${config.max} × 200 and ${config.excess} × 429 (longest burst ${(Math.max(0, ...run.bursts.map((burst) => burst.durationMs)) / 1000).toFixed(1)} s); 429s on the designated route ${run.expected429}, anywhere else **${run.unexpected429.length}**`
    );
  }
  lines.push('', '| route | requests | statuses | p50 ms | p90 ms | p99 ms | max ms |', '|---|---|---|---|---|---|---|');
  for (const [route, stats] of Object.entries(run.routes) as Array<[RouteKey, RouteStats]>) {
    const statusText = Object.entries(stats.statuses)
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
    lines.push(`| ${ROUTE_NAMES[route]} | ${stats.requests} | ${statusText} | ${ms(stats.p50)} | ${ms(stats.p90)} | ${ms(stats.p99)} | ${ms(stats.max)} |`);
  }
  return lines;
}
