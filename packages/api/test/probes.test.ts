import t from 'tap';
import { HTTP_TIMEOUT_DEFAULTS } from '../src/config.js';
import { buildTestApp } from './helpers/build-test-app.js';

const REDIS_URL = process.env.TEST_REDIS_URL;
/** Nothing listens on port 1: a refused connection, at once. */
const CLOSED_POSTGRES = 'postgres://postgres@127.0.0.1:1/nothing';
const CLOSED_REDIS = 'redis://127.0.0.1:1';

t.test('/livez answers 200 without touching a dependency, even with the database gone', async (t) => {
  const { app } = await buildTestApp(t, { database: { kind: 'postgres', url: CLOSED_POSTGRES }, migrate: false });
  const response = await app.inject({ method: 'GET', url: '/livez' });
  t.equal(response.statusCode, 200);
  t.same(response.json(), { status: 'ok' });
});

t.test('/readyz answers 200 naming each part when the database is migrated (and Redis answers, when configured)', async (t) => {
  const { app } = await buildTestApp(t, REDIS_URL ? { redisUrl: REDIS_URL } : {});
  const response = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(response.statusCode, 200);
  t.same(response.json(), { status: 'ready', checks: { database: 'ok', migrations: 'ok', redis: REDIS_URL ? 'ok' : 'not-configured' } });
  t.notMatch(response.body, /version|postgres:|redis:|secret/i, 'no versions, addresses or settings');
});

t.test('/readyz: 503 naming the database when it cannot be reached', async (t) => {
  const { app } = await buildTestApp(t, { database: { kind: 'postgres', url: CLOSED_POSTGRES }, migrate: false });
  const response = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(response.statusCode, 503);
  const { error } = response.json();
  t.equal(error.code, 'UPSTREAM_UNAVAILABLE');
  t.match(error.message, /^not ready: database unreachable/);
  t.same(error.details.failing, ['database', 'migrations']);
  t.type(error.requestId, 'string');
  t.notMatch(response.body, /127\.0\.0\.1|ECONNREFUSED|postgres:/, 'the reason stays in the server, not the body');
});

t.test('/readyz: 503 naming the migrations when some are not applied', async (t) => {
  const { app } = await buildTestApp(t, { migrate: false });
  const response = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(response.statusCode, 503);
  t.equal(response.json().error.message, 'not ready: migrations pending');
  t.same(response.json().error.details, { failing: ['migrations'], checks: { database: 'ok', migrations: 'pending', redis: 'not-configured' } });
});

t.test('/readyz: 503 naming Redis when it is configured and does not answer', async (t) => {
  const { app } = await buildTestApp(t, { redisUrl: CLOSED_REDIS });
  const response = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(response.statusCode, 503);
  t.equal(response.json().error.message, 'not ready: redis unreachable');
  t.same(response.json().error.details.failing, ['redis']);
});

t.test('/readyz turns 503 first when a stop begins, and responses then close their connections', async (t) => {
  const { app, authHeader } = await buildTestApp(t);
  t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
  app.lifecycle.startDraining();
  const readiness = await app.inject({ method: 'GET', url: '/readyz' });
  t.equal(readiness.statusCode, 503);
  t.equal(readiness.json().error.message, 'not ready: shutting down');
  t.same(readiness.json().error.details.failing, ['shutdown']);
  const history = await app.inject({ method: 'GET', url: '/api/telephony/history', headers: authHeader('drain-user') });
  t.equal(history.statusCode, 200, 'requests are still served while draining');
  t.equal(history.headers.connection, 'close', 'so a proxy retires its pooled connection to this instance');
  t.equal((await app.inject({ method: 'GET', url: '/livez' })).statusCode, 200, 'the process is still alive');
});

t.test('probes are exempt from rate limits, unauthenticated, and answer over plain HTTP where HTTPS is required', async (t) => {
  const { app } = await buildTestApp(t, { rateLimit: { max: 2, timeWindowMs: 60_000 }, requireHttps: true });
  for (let round = 0; round < 5; round += 1) {
    t.equal((await app.inject({ method: 'GET', url: '/livez' })).statusCode, 200, `livez ${round}`);
    t.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200, `readyz ${round}`);
  }
  t.equal((await app.inject({ method: 'GET', url: '/readyz?x=1' })).statusCode, 200, 'a query string changes nothing');
  t.equal((await app.inject({ method: 'GET', url: '/api/telephony/history' })).statusCode, 403, 'the API itself still refuses plain HTTP');
});

t.test('unmatched URLs are rate-limited per address, in the error shape', async (t) => {
  const { app } = await buildTestApp(t, { rateLimit: { max: 3, timeWindowMs: 60_000 } });
  const statuses: number[] = [];
  let last;
  for (let round = 0; round < 5; round += 1) {
    last = await app.inject({ method: 'GET', url: `/wp-admin/${round}.php`, remoteAddress: '198.51.100.7' });
    statuses.push(last.statusCode);
  }
  t.same(statuses, [404, 404, 404, 429, 429]);
  t.equal(last!.json().error.code, 'RATE_LIMITED');
  t.type(last!.json().error.requestId, 'string');
  const other = await app.inject({ method: 'GET', url: '/wp-admin/x.php', remoteAddress: '198.51.100.8' });
  t.equal(other.statusCode, 404, 'another address has its own budget');
  t.equal(other.json().error.code, 'NOT_FOUND');
});

t.test('METRICS_PORT set: /metrics is not served on the API port', async (t) => {
  const { app } = await buildTestApp(t, { metricsPort: 9464 });
  t.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404);
  const { app: plain } = await buildTestApp(t);
  t.equal((await plain.inject({ method: 'GET', url: '/metrics' })).statusCode, 200);
});

t.test('HTTP timeouts: the documented defaults, or the configured values, reach the server', async (t) => {
  const { app } = await buildTestApp(t);
  t.equal(app.server.requestTimeout, HTTP_TIMEOUT_DEFAULTS.requestTimeoutMs);
  t.equal(app.server.headersTimeout, HTTP_TIMEOUT_DEFAULTS.headersTimeoutMs);
  t.equal(app.server.keepAliveTimeout, HTTP_TIMEOUT_DEFAULTS.keepAliveTimeoutMs);
  const { app: tuned } = await buildTestApp(t, { http: { requestTimeoutMs: 20_000, headersTimeoutMs: 5000, keepAliveTimeoutMs: 65_000 } });
  t.same([tuned.server.requestTimeout, tuned.server.headersTimeout, tuned.server.keepAliveTimeout], [20_000, 5000, 65_000]);
});
