import net from 'node:net';
import { errorBodySchema } from '@sw-dialer/shared-types';
import t, { type Test } from 'tap';
import { KEEPALIVE_IDLE_MS } from '../../src/db/serving-pool.js';
import { ask, describe, newCall, type Answer } from './ask-api.js';
import { startProxiedApi } from './proxied-api.js';

/**
 * Issue 14, item 4: PostgreSQL stops answering on the connections the pool already holds (a hung host: the
 * sockets stay open and silent; `statement_timeout` is the frozen server's and never fires). Call-log routes
 * answered nothing for 9 s and more, and health said 200 "degraded: overloaded". Now the pool notices (a query
 * without reply for 1 s while nothing answers → a check on a fresh connection → its failure fails the stuck
 * queries): each route answers 503 in the error shape within about 2 s, and health calls the database down.
 */
const ABOUT_2_S = 3_500; // 2 s by design; the rest is slack for a loaded two-core machine.

function expectPromptOutage(t: Test, what: string, answer: Answer) {
  t.equal(answer.status, 503, `${what}: 503 (${describe(answer)})`);
  t.ok(errorBodySchema.safeParse(answer.body).success, `${what}: in the error shape`);
  t.match(answer.body, { error: { code: 'UPSTREAM_UNAVAILABLE', details: { upstream: 'database' } } }, `${what}: the database is unavailable, not an overload`);
  t.ok(answer.ms < ABOUT_2_S, `${what}: within about 2 s (${answer.ms} ms)`);
}

t.test('frozen on the pooled connections: every call-log route answers 503 within about 2 s', async (t) => {
  const api = await startProxiedApi(t);
  const user = 'frozen-routes';
  const callId = ((await ask(api, user, 'POST', '/api/telephony/calls', newCall())).body as { id: string }).id;
  // Several pooled connections open and idle, then the host hangs with all of them open.
  await Promise.all(Array.from({ length: 4 }, () => ask(api, user, 'GET', '/api/telephony/history?limit=5')));
  await api.proxy.freeze();
  const [create, patch, read, history, health] = await Promise.all([
    ask(api, `${user}-2`, 'POST', '/api/telephony/calls', newCall()),
    ask(api, user, 'PATCH', `/api/telephony/calls/${callId}`, { status: 'ringing' }),
    ask(api, user, 'GET', `/api/telephony/calls/${callId}`),
    ask(api, user, 'GET', '/api/telephony/history?limit=5'),
    ask(api, user, 'GET', '/api/telephony/health')
  ]);
  expectPromptOutage(t, 'POST /calls', create!);
  expectPromptOutage(t, 'PATCH /calls/:id', patch!);
  expectPromptOutage(t, 'GET /calls/:id', read!);
  expectPromptOutage(t, 'GET /history', history!);
  t.equal(health!.status, 503, `health answers 503 (${describe(health!)})`);
  t.match(health!.body, { status: 'down', checks: { database: { status: 'down' } } });
  t.notMatch(JSON.stringify(health!.body), /overloaded/);
  t.ok(api.proxy.stats().frozen > 0, 'the test froze open pooled connections');

  await api.proxy.restore();
  const after = await ask(api, user, 'GET', `/api/telephony/calls/${callId}`);
  t.equal(after.status, 200, `served again once the database answers (${describe(after)})`);
  t.match(after.body, { status: 'dialing' }, 'the PATCH that met the frozen database changed nothing');
});

t.test('frozen with every pooled connection busy: queued requests fail too, and health says down, not overloaded', async (t) => {
  const api = await startProxiedApi(t, {}, { poolMax: 1 });
  const user = 'frozen-exhausted';
  t.equal((await ask(api, user, 'GET', '/api/telephony/history?limit=5')).status, 200, 'the one pooled connection is open');
  await api.proxy.freeze();
  const holding = ask(api, user, 'GET', '/api/telephony/history?limit=5');
  await new Promise((resolve) => setTimeout(resolve, 100));
  const [held, queued, health] = await Promise.all([
    holding,
    ask(api, user, 'POST', '/api/telephony/calls', newCall()),
    ask(api, user, 'GET', '/api/telephony/health')
  ]);
  expectPromptOutage(t, 'the request on the frozen connection', held);
  expectPromptOutage(t, 'the request queued behind it', queued);
  t.equal(health.status, 503, `health answers 503 (${describe(health)})`);
  t.match(health.body, { status: 'down', checks: { database: { status: 'down' } } });
  t.notMatch(JSON.stringify(health.body), /overloaded|127\.0\.0\.1/);
  t.ok(
    api.logs.some((line) => line.includes('"outcome":"database-unavailable"')),
    'logged as the database being unavailable'
  );
  await api.proxy.restore();
  t.equal((await ask(api, user, 'GET', '/api/telephony/history?limit=5')).status, 200, 'served again after the restart');
});

t.test('pooled sockets use TCP keepalive, so a peer gone without a FIN is found by the kernel', async (t) => {
  const calls: Array<[boolean | undefined, number | undefined]> = [];
  const original = net.Socket.prototype.setKeepAlive;
  net.Socket.prototype.setKeepAlive = function (this: net.Socket, enable?: boolean, initialDelay?: number) {
    calls.push([enable, initialDelay]);
    return original.call(this, enable, initialDelay);
  };
  t.teardown(() => {
    net.Socket.prototype.setKeepAlive = original;
  });
  const api = await startProxiedApi(t);
  t.equal((await ask(api, 'keepalive', 'GET', '/api/telephony/history?limit=5')).status, 200);
  t.ok(
    calls.some(([enable, delay]) => enable === true && delay === KEEPALIVE_IDLE_MS),
    `a pooled socket set keepalive after ${KEEPALIVE_IDLE_MS} ms idle (${JSON.stringify(calls)})`
  );
});
