import t from 'tap';
import { buildTestApp } from './helpers/build-test-app.js';

t.test('the OpenAPI document lists every route with its schemas', async (t) => {
  const { app } = await buildTestApp(t);
  const response = await app.inject({ method: 'GET', url: '/docs/json' });
  t.equal(response.statusCode, 200);
  const document = response.json();
  t.equal(document.openapi.slice(0, 2), '3.');
  const paths = Object.keys(document.paths);
  for (const path of [
    '/api/telephony/calls',
    '/api/telephony/calls/{id}',
    '/api/telephony/calls/bridge',
    '/api/telephony/history',
    '/api/telephony/signalwire/token',
    '/api/telephony/contacts',
    '/api/telephony/presence',
    '/api/telephony/presence/stream',
    '/api/telephony/health'
  ]) {
    t.ok(paths.includes(path), `documents ${path}`);
  }
  const create = document.paths['/api/telephony/calls'].post;
  t.ok(create.requestBody.content['application/json'].schema.properties.clientSessionId, 'request bodies come from the zod schemas');
  t.same(create.requestBody.content['application/json'].schema.properties.direction.enum, ['outbound', 'inbound']);
  t.ok(document.components.schemas.Error, 'the error shape is documented');
  const page = await app.inject({ method: 'GET', url: '/docs' });
  t.ok([200, 302].includes(page.statusCode), 'a browsable page');
  // The page runs scripts and styles, which the API's own `default-src 'none'` would block.
  t.match(String(page.headers['content-security-policy']), /script-src 'self'/, 'the page carries a policy that lets it run');
  const history = await app.inject({ method: 'GET', url: '/api/telephony/history' });
  t.equal(history.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'", 'the API keeps the strict one');
});

t.test('no reference in production', async (t) => {
  const { app } = await buildTestApp(t, { env: 'production', trustProxy: true });
  t.equal((await app.inject({ method: 'GET', url: '/docs/json', headers: { 'x-forwarded-proto': 'https' } })).statusCode, 404);
});
