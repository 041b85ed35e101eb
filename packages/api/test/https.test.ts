import t from 'tap';
import { buildTestApp } from './helpers/build-test-app.js';

// app.inject() connects from 127.0.0.1: that is "the proxy" for these tests.
const behindProxy = await buildTestApp(t, { env: 'production', trustProxy: ['127.0.0.1'] });

t.test('production refuses plain HTTP with a 403 in the error shape, before authentication', async (t) => {
  const response = await behindProxy.app.inject({ method: 'GET', url: '/api/telephony/history', headers: behindProxy.authHeader('u1') });
  t.equal(response.statusCode, 403);
  const error = response.json().error;
  t.equal(error.code, 'FORBIDDEN');
  t.match(error.message, /^HTTPS is required/);
  t.ok(error.requestId, 'carries the request id');
  t.equal(response.headers['x-content-type-options'], 'nosniff', 'the refusal still carries the security headers');
  const post = await behindProxy.app.inject({ method: 'POST', url: '/api/telephony/calls', headers: { 'x-forwarded-proto': 'http' }, payload: {} });
  t.equal(post.statusCode, 403, 'a proxy that says http is believed too');
});

t.test('a request the trusted proxy received over HTTPS is served, with HSTS', async (t) => {
  const response = await behindProxy.app.inject({
    method: 'GET',
    url: '/api/telephony/history',
    headers: { ...behindProxy.authHeader('u1'), 'x-forwarded-proto': 'https' }
  });
  t.equal(response.statusCode, 200);
  t.match(String(response.headers['strict-transport-security']), /max-age=31536000; includeSubDomains/);
  const anonymous = await behindProxy.app.inject({ method: 'GET', url: '/api/telephony/history', headers: { 'x-forwarded-proto': 'https' } });
  t.equal(anonymous.statusCode, 401, 'authentication still applies');
});

t.test('X-Forwarded-Proto from a client that is not a trusted proxy is ignored', async (t) => {
  const elsewhere = await buildTestApp(t, { env: 'production', trustProxy: ['10.0.0.1'] });
  const response = await elsewhere.app.inject({
    method: 'GET',
    url: '/api/telephony/history',
    headers: { ...elsewhere.authHeader('u1'), 'x-forwarded-proto': 'https' }
  });
  t.equal(response.statusCode, 403, 'a forged header does not make plain HTTP look secure');
  const hops = await buildTestApp(t, { env: 'production', trustProxy: 1 });
  const viaOneHop = await hops.app.inject({
    method: 'GET',
    url: '/api/telephony/history',
    headers: { ...hops.authHeader('u1'), 'x-forwarded-proto': 'https' }
  });
  t.equal(viaOneHop.statusCode, 200, 'a hop count trusts the nearest proxy');
});

t.test('/metrics stays reachable over plain HTTP for the scraper on the private network', async (t) => {
  const response = await behindProxy.app.inject({ method: 'GET', url: '/metrics' });
  t.equal(response.statusCode, 200);
  t.match(response.body, /sw_dialer_http_request_duration_seconds/);
});

t.test('outside production plain HTTP is served and no HSTS is sent (local development)', async (t) => {
  const development = await buildTestApp(t, { env: 'development' });
  const response = await development.app.inject({ method: 'GET', url: '/api/telephony/history', headers: development.authHeader('u1') });
  t.equal(response.statusCode, 200);
  t.notOk(response.headers['strict-transport-security']);
});
