import { randomUUID } from 'node:crypto';
import t from 'tap';
import { buildTestApp } from './helpers/build-test-app.js';

const ORIGIN = 'https://crm.example';

/** The requests one widget call makes, as the browser preflights them (Authorization and a JSON body). */
const WIDGET_PREFLIGHTS: Array<[method: string, url: string, headers: string]> = [
  ['POST', '/api/telephony/signalwire/token', 'authorization,content-type'],
  ['GET', '/api/telephony/contacts?number=%2B12025550100', 'authorization'],
  ['GET', '/api/telephony/presence?number=%2B12025550100', 'authorization'],
  ['GET', '/api/telephony/presence/stream?numbers=%2B12025550100', 'authorization'],
  ['POST', '/api/telephony/calls', 'authorization,content-type'],
  ['PATCH', `/api/telephony/calls/${randomUUID()}`, 'authorization,content-type'],
  ['GET', '/api/telephony/history?limit=20', 'authorization'],
  ['PUT', `/api/telephony/calls/${randomUUID()}/wrap-up`, 'authorization,content-type']
];

t.test('every preflight the widget causes may be cached by the browser for 2 hours (Chromium’s cap)', async (t) => {
  const { app } = await buildTestApp(t, { corsOrigins: [ORIGIN] });
  for (const [method, url, requestHeaders] of WIDGET_PREFLIGHTS) {
    const answer = await app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin: ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': requestHeaders }
    });
    t.equal(answer.statusCode, 204, `${method} ${url}: preflight granted`);
    t.equal(answer.headers['access-control-max-age'], '7200', `${method} ${url}: cached for 7200 s`);
    t.match(String(answer.headers['access-control-allow-methods']), new RegExp(method), `${method} ${url}: method allowed`);
    for (const header of requestHeaders.split(',')) {
      t.match(String(answer.headers['access-control-allow-headers']), new RegExp(header), `${method} ${url}: ${header} allowed`);
    }
  }
});

t.test('a preflight is not counted against the rate limit and reaches no route', async (t) => {
  const { app, authHeader } = await buildTestApp(t, { corsOrigins: [ORIGIN], rateLimit: { max: 2, timeWindowMs: 60_000 } });
  const preflight = { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' };
  const statuses: number[] = [];
  for (let i = 0; i < 5; i += 1) statuses.push((await app.inject({ method: 'OPTIONS', url: '/api/telephony/history', headers: preflight })).statusCode);
  t.same(statuses, [204, 204, 204, 204, 204], 'preflights are answered before authentication and rate limiting');
  const user = authHeader(`preflighted-${randomUUID()}`);
  const real = [];
  for (let i = 0; i < 3; i += 1)
    real.push((await app.inject({ method: 'GET', url: '/api/telephony/history', headers: { ...user, origin: ORIGIN } })).statusCode);
  t.same(real, [200, 200, 429], 'the real requests still have their whole budget');
});

t.test('an unknown origin gets no grant, so nothing is cached for it', async (t) => {
  const { app } = await buildTestApp(t, { corsOrigins: [ORIGIN] });
  const answer = await app.inject({
    method: 'OPTIONS',
    url: '/api/telephony/history',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' }
  });
  t.notOk(answer.headers['access-control-allow-origin']);
});

t.test('HEAD /api/telephony/calls: 204 with nothing else, its preflight the create’s, so a widget pays it ahead (ADR 139)', async (t) => {
  const { app, authHeader } = await buildTestApp(t, { corsOrigins: [ORIGIN] });
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/api/telephony/calls',
    headers: { origin: ORIGIN, 'access-control-request-method': 'HEAD', 'access-control-request-headers': 'authorization,content-type' }
  });
  t.equal(preflight.statusCode, 204);
  t.match(String(preflight.headers['access-control-allow-headers']), /authorization/);
  t.match(String(preflight.headers['access-control-allow-headers']), /content-type/);
  const warm = await app.inject({
    method: 'HEAD',
    url: '/api/telephony/calls',
    headers: { ...authHeader('warm-user'), origin: ORIGIN, 'content-type': 'application/json' }
  });
  t.equal(warm.statusCode, 204);
  t.equal(warm.body, '');
  t.equal(warm.headers['access-control-allow-origin'], ORIGIN);
  const anonymous = await app.inject({ method: 'HEAD', url: '/api/telephony/calls', headers: { origin: ORIGIN } });
  t.equal(anonymous.statusCode, 401, 'signed in only, as the create');
  const history = await app.inject({ method: 'GET', url: '/api/telephony/history', headers: authHeader('warm-user') });
  t.same(history.json().items, [], 'and it writes nothing');
});
