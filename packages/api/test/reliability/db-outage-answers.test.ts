import { randomUUID } from 'node:crypto';
import { errorBodySchema } from '@sw-dialer/shared-types';
import pg from 'pg';
import t, { type Test } from 'tap';
import { startProxiedApi, type ProxiedApi } from './proxied-api.js';

/**
 * What the API answers while its database is away (DESIGN.md "Errors": a dependency that is down is
 * UPSTREAM_UNAVAILABLE, 503, in the error shape; nothing hangs; the process survives). Three ways the
 * database goes away, through the proxy between the API and PostgreSQL (docs/adr/0041):
 * - refused: the server stopped (the pool's connections die, new ones are refused);
 * - stalled: the server or the network stopped answering (connections open and hang);
 * - dropped under a request: a connection dies while a request's transaction holds it.
 */
const ANSWER_WITHIN_MS = 5_000;

interface Probe {
  route: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: unknown;
}

async function openCall(api: ProxiedApi, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${api.url}/api/telephony/calls`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      clientSessionId: randomUUID(),
      direction: 'outbound',
      number: '+12025550100',
      status: 'dialing',
      startedAt: new Date().toISOString()
    })
  });
  return ((await response.json()) as { id: string }).id;
}

function probesFor(callId: string): Probe[] {
  return [
    {
      route: 'POST /api/telephony/calls',
      method: 'POST',
      path: '/api/telephony/calls',
      body: { clientSessionId: randomUUID(), direction: 'outbound', number: '+12025550100', status: 'dialing', startedAt: new Date().toISOString() }
    },
    { route: 'PATCH /api/telephony/calls/:id', method: 'PATCH', path: `/api/telephony/calls/${callId}`, body: { status: 'ringing' } },
    { route: 'GET /api/telephony/calls/:id', method: 'GET', path: `/api/telephony/calls/${callId}` },
    { route: 'GET /api/telephony/history', method: 'GET', path: '/api/telephony/history?limit=20' }
  ];
}

async function ask(api: ProxiedApi, headers: Record<string, string>, probe: Probe) {
  const started = Date.now();
  try {
    const response = await fetch(`${api.url}${probe.path}`, {
      method: probe.method,
      headers,
      ...(probe.body === undefined ? {} : { body: JSON.stringify(probe.body) }),
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS)
    });
    return { status: response.status, body: (await response.json()) as unknown, ms: Date.now() - started };
  } catch (error) {
    return { status: 0, body: undefined, ms: Date.now() - started, failure: (error as Error).name };
  }
}

function expectUnavailable(t: Test, probe: Probe, answer: Awaited<ReturnType<typeof ask>>) {
  const what =
    answer.status === 0
      ? `no answer within ${ANSWER_WITHIN_MS} ms (${answer.failure})`
      : `${answer.status} ${JSON.stringify(answer.body)} after ${answer.ms} ms`;
  t.equal(answer.status, 503, `${probe.route} answers 503 (got ${what})`);
  t.ok(errorBodySchema.safeParse(answer.body).success, `${probe.route} answers in the error shape`);
  t.equal((answer.body as { error?: { code?: string } } | undefined)?.error?.code, 'UPSTREAM_UNAVAILABLE', `${probe.route} says UPSTREAM_UNAVAILABLE`);
}

t.test('the database refuses connections (stopped): each route answers 503 at once', async (t) => {
  const api = await startProxiedApi(t);
  const headers = { authorization: `Bearer ${api.sign('answers-refused')}`, 'content-type': 'application/json' };
  const callId = await openCall(api, headers);
  await api.proxy.cut();
  for (const probe of probesFor(callId)) expectUnavailable(t, probe, await ask(api, headers, probe));
  const health = await ask(api, headers, { route: 'GET /api/telephony/health', method: 'GET', path: '/api/telephony/health' });
  t.equal(health.status, 503, 'health answers 503');
  t.match(health.body, { status: 'down', checks: { database: { status: 'down' } } }, 'health names the database as down');
  await api.proxy.restore();
  const after = await ask(api, headers, probesFor(callId)[3] as Probe);
  t.equal(after.status, 200, 'the API serves again as soon as the database is back');
});

t.test('the database stops answering (stalled): each route answers 503 within 5 s, none hangs', async (t) => {
  const api = await startProxiedApi(t);
  const headers = { authorization: `Bearer ${api.sign('answers-stalled')}`, 'content-type': 'application/json' };
  const callId = await openCall(api, headers);
  // The pool's connections go first (as a network partition eventually kills them), then every new one hangs.
  api.proxy.drop();
  await api.proxy.stall();
  const probes = probesFor(callId);
  const answers = await Promise.all(probes.map((probe) => ask(api, headers, probe)));
  probes.forEach((probe, i) => expectUnavailable(t, probe, answers[i] as Awaited<ReturnType<typeof ask>>));
  const health = await ask(api, headers, { route: 'GET /api/telephony/health', method: 'GET', path: '/api/telephony/health' });
  t.equal(health.status, 503, `health answers 503 within its own 2 s check (${health.ms} ms)`);
  await api.proxy.restore();
});

t.test('a connection that dies under a request does not take the API down', async (t) => {
  const api = await startProxiedApi(t);
  const headers = { authorization: `Bearer ${api.sign('answers-dropped')}`, 'content-type': 'application/json' };
  const callId = await openCall(api, headers);
  // Hold the call's row from outside the API, so the PATCH waits inside its transaction (SELECT … FOR
  // UPDATE) on a pooled connection it has checked out; then the link goes.
  const locker = new pg.Client({ connectionString: api.database.url });
  await locker.connect();
  t.teardown(() => locker.end().catch(() => undefined));
  await locker.query('begin');
  await locker.query('select id from call_logs where id = $1 for update', [callId]);
  const patching = ask(api, headers, {
    route: 'PATCH /api/telephony/calls/:id',
    method: 'PATCH',
    path: `/api/telephony/calls/${callId}`,
    body: { status: 'ringing' }
  });
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { rows } = await locker.query(
      "select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
    );
    if (rows[0].waiting > 0) break;
    if (Date.now() > deadline) throw new Error('the PATCH never reached its row lock');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  api.proxy.drop();
  const answer = await patching;
  await locker.query('rollback').catch(() => undefined);
  expectUnavailable(t, { route: 'PATCH /api/telephony/calls/:id', method: 'PATCH', path: '' }, answer);
  const after = await ask(api, headers, { route: 'GET /api/telephony/calls/:id', method: 'GET', path: `/api/telephony/calls/${callId}` });
  t.equal(after.status, 200, 'the API is still up and serving');
  t.match(after.body, { id: callId, status: 'dialing' }, 'the interrupted PATCH changed nothing');
});
