import t from 'tap';
import { buildTestApp } from './helpers/build-test-app.js';
import { isoAfter, newCallBody } from './helpers/call-bodies.js';

const { app, authHeader } = await buildTestApp(t, { corsOrigins: ['https://crm.example'] });

t.test('/metrics counts finished calls by status and reason, with their durations', async (t) => {
  const headers = authHeader('metered');
  const startedAt = new Date(Date.now() - 60_000).toISOString();
  const { id } = (await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: newCallBody({ startedAt }) })).json();
  await app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers, payload: { status: 'ringing' } });
  await app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers, payload: { status: 'connected', answeredAt: isoAfter(startedAt, 1000) } });
  const finish = { status: 'ended', endReason: 'remote-hangup', endedAt: isoAfter(startedAt, 41_000) };
  await app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers, payload: finish });
  await app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers, payload: finish });
  await app.inject({
    method: 'POST',
    url: '/api/telephony/calls',
    headers,
    payload: newCallBody({ status: 'failed', endReason: 'busy', startedAt, endedAt: isoAfter(startedAt, 2000) })
  });
  const metrics = await app.inject({ method: 'GET', url: '/metrics' });
  t.equal(metrics.statusCode, 200);
  t.match(metrics.headers['content-type'], /text\/plain/);
  const text = metrics.body;
  t.match(text, /sw_dialer_calls_total\{status="ended",end_reason="remote-hangup"\} 1\n/, 'a replayed finishing patch is not counted twice');
  t.match(text, /sw_dialer_calls_total\{status="failed",end_reason="busy"\} 1\n/);
  t.match(text, /sw_dialer_call_duration_seconds_bucket\{le="60"\} 1\n/, 'the 40 s call falls in the 60 s bucket');
  t.match(text, /sw_dialer_http_request_duration_seconds_count\{route="\/api\/telephony\/calls\/:id",method="PATCH",status_code="200"\} 4/);
  t.notMatch(text, /2025550100/, 'no phone number in any label');
});

t.test('CORS answers only the configured origins', async (t) => {
  const allowed = await app.inject({
    method: 'OPTIONS',
    url: '/api/telephony/history',
    headers: { origin: 'https://crm.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' }
  });
  t.equal(allowed.statusCode, 204);
  t.equal(allowed.headers['access-control-allow-origin'], 'https://crm.example');
  t.match(String(allowed.headers['access-control-allow-headers']), /authorization/);
  const foreign = await app.inject({ method: 'GET', url: '/api/telephony/history', headers: { ...authHeader('x'), origin: 'https://evil.example' } });
  t.notOk(foreign.headers['access-control-allow-origin'], 'no CORS grant for an unknown origin');
});

t.test('the security headers of a JSON API (OWASP REST list), and none meant for HTML pages', async (t) => {
  const answers = [
    await app.inject({ method: 'GET', url: '/api/telephony/history', headers: authHeader('x') }),
    await app.inject({ method: 'GET', url: '/api/telephony/history' }),
    await app.inject({ method: 'GET', url: '/nowhere' })
  ];
  for (const response of answers) {
    t.equal(response.headers['cache-control'], 'no-store', `${response.statusCode}: nothing cached`);
    t.equal(response.headers['cross-origin-resource-policy'], 'same-origin');
    for (const name of [
      'x-dns-prefetch-control',
      'x-download-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
      'origin-agent-cluster',
      'referrer-policy'
    ]) {
      t.notOk(name in response.headers, `${response.statusCode}: no ${name}`);
    }
  }
  const production = await buildTestApp(t, { env: 'production', trustProxy: true });
  const secure = await production.app.inject({
    method: 'GET',
    url: '/api/telephony/history',
    headers: { ...production.authHeader('x'), 'x-forwarded-proto': 'https' }
  });
  t.equal(secure.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains', 'HSTS in production');
});

t.test('security headers are set on every answer', async (t) => {
  const response = await app.inject({ method: 'GET', url: '/api/telephony/history', headers: authHeader('x') });
  t.equal(response.headers['x-content-type-options'], 'nosniff');
  t.match(String(response.headers['content-security-policy']), /default-src 'none'/);
  t.equal(response.headers['x-frame-options'], 'DENY');
  t.equal(response.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'", 'the strictest policy, nothing a JSON API does not need');
});

t.test('every answer carries its request id, the same one as in an error body', async (t) => {
  const answers = {
    created: await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: authHeader('request-ids'), payload: newCallBody() }),
    'bad body': await app.inject({ method: 'POST', url: '/api/telephony/calls', headers: authHeader('request-ids'), payload: { direction: 'sideways' } }),
    unauthorized: await app.inject({ method: 'GET', url: '/api/telephony/history' }),
    'unknown route': await app.inject({ method: 'GET', url: '/api/telephony/nothing-here', headers: authHeader('request-ids') }),
    'no route at all': await app.inject({ method: 'GET', url: '/nowhere' })
  };
  for (const [name, response] of Object.entries(answers)) {
    const id = response.headers['x-request-id'];
    t.match(id, /^[A-Za-z0-9_-]{8,64}$/, `${name} (${response.statusCode}): x-request-id`);
    if (response.statusCode >= 400) t.equal(response.json().error.requestId, id, `${name}: the body names the same request`);
  }
  const kept = await app.inject({
    method: 'GET',
    url: '/api/telephony/history',
    headers: { ...authHeader('request-ids'), 'x-request-id': 'caller-chosen-id-42' }
  });
  t.equal(kept.headers['x-request-id'], 'caller-chosen-id-42', "a caller's harmless id is kept");
});
