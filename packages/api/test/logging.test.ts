import t from 'tap';
import { createLogger } from '../src/logging/create-logger.js';
import { maskSensitiveText } from '../src/logging/mask-sensitive-text.js';
import { TEST_JWT_SECRET, buildTestApp } from './helpers/build-test-app.js';
import { isoAfter, newCallBody } from './helpers/call-bodies.js';

t.test('a whole call cycle logs who, what and how, and no full number or secret', async (t) => {
  const { app, logs, authHeader } = await buildTestApp(t);
  const headers = { ...authHeader('agent-7'), cookie: 'session=very-secret-cookie' };
  const number = '+12025550199';
  const body = newCallBody({ number, startedAt: new Date(Date.now() - 10_000).toISOString() });
  const { id } = (await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: body })).json();
  await app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers, payload: { status: 'ringing' } });
  await app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers, payload: { status: 'connected', answeredAt: isoAfter(body.startedAt as string, 1000) } });
  await app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers, payload: { status: 'ended', endReason: 'local-hangup' } });
  await app.inject({ method: 'GET', url: `/api/telephony/history?number=${encodeURIComponent(number)}`, headers });
  await app.inject({ method: 'GET', url: `/api/telephony/history?number=${number}`, headers });
  await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: { ...body, number: '12025550199', clientSessionId: 'x' } });

  const text = logs.join('');
  const lines = logs.map((line) => JSON.parse(line));
  const requests = lines.filter((line) => line.msg === 'request completed');
  t.equal(requests.length, 7, 'one line per request');
  for (const line of requests) {
    t.type(line.requestId, 'string');
    t.equal(line.userId, 'agent-7');
    t.type(line.action, 'string');
    t.ok(['ok', 'rejected', 'error'].includes(line.outcome));
  }
  t.same(
    requests.map((line) => line.action),
    ['calls.create', 'calls.update', 'calls.update', 'calls.update', 'history.list', 'history.list', 'calls.create']
  );
  t.notMatch(text, /2025550199/, 'no full phone number, in any encoding');
  t.match(text, /\*\*\*0199/, 'the last four digits remain for support');
  t.notMatch(text, /eyJ[A-Za-z0-9_-]{10,}/, 'no bearer token');
  t.notMatch(text, new RegExp(TEST_JWT_SECRET), 'no signing secret');
  t.notMatch(text, /very-secret-cookie/, 'no cookie');
});

t.test('the masking covers the encodings a number arrives in', async (t) => {
  t.equal(maskSensitiveText('number=%2B12025550100&x=1'), 'number=***0100&x=1');
  t.equal(maskSensitiveText('"+442071838750"'), '"***8750"');
  t.equal(maskSensitiveText('dial 12025550100 now'), 'dial ***0100 now');
  t.equal(maskSensitiveText('2026-11-23T10:00:00.000Z took 12.5ms'), '2026-11-23T10:00:00.000Z took 12.5ms', 'times survive');
  t.equal(maskSensitiveText('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig'), 'Bearer [redacted-jwt]');
});

t.test('secret fields are censored wherever a log call puts them', async (t) => {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  const upstreamError = Object.assign(new Error('SignalWire refused'), { apiToken: 'PT-error-field-secret1x', config: { password: 'pw-two-deep-secret2x' } });
  logger.info(
    {
      token: 'top-level-token-secret3x',
      apiKey: 'top-level-key-secret4x',
      secret: { nested: 'object-under-secret-secret5x' },
      headers: { authorization: 'Basic header-auth-secret6x', cookie: 'sid=cookie-secret7x' },
      req: { headers: { authorization: 'Basic req-auth-secret8x', 'x-ok': 'kept-secret9x' } },
      res: { headers: { 'set-cookie': 'sid=set-cookie-secret10x' } },
      body: { jwt: 'one-deep-jwt-secret11x', Authorization: 'Capital-secret12x', count: 3 },
      options: { deeper: { apiKey: 'two-deep-secret13x', secret: 987654 } },
      err: upstreamError,
      action: 'test',
      outcome: 'ok'
    },
    'secrets everywhere'
  );
  const text = lines.join('');
  for (let i = 1; i <= 13; i++) {
    if (i === 9) continue;
    t.notMatch(text, new RegExp(`secret${i}x`), `secret ${i} is gone`);
  }
  t.notMatch(text, /987654/, 'a number under a secret name is gone');
  t.match(text, /kept-secret9x/, 'an ordinary header is kept');
  t.match(text, /"count":3/, 'ordinary fields beside secrets are kept');
  const line = JSON.parse(text);
  t.equal(line.token, '[redacted]');
  t.equal(line.secret, '[redacted]', 'an object under a secret name goes as a whole');
  t.equal(line.body.jwt, '[redacted]');
  t.equal(line.options.deeper.apiKey, '[redacted]', 'at any depth');
  t.equal(line.err.apiToken, '[redacted]', 'on errors too');
  t.equal(line.err.message, 'SignalWire refused');
});
