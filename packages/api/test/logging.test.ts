import t from 'tap';
import { createLogger, isoTimeField } from '../src/logging/create-logger.js';
import { maskSensitiveText } from '../src/logging/mask-sensitive-text.js';
import { TEST_JWT_SECRET, buildTestApp } from './helpers/build-test-app.js';
import { isoAfter, newCallBody } from './helpers/call-bodies.js';
// @ts-expect-error: a plain .mjs script without type declarations
import { findFormattedNumber } from '../../../scripts/scan-test-logs.mjs';

t.test('the time field is what pino.stdTimeFunctions.isoTime writes, across seconds and at every width of the milliseconds', async (t) => {
  const start = Date.parse('2026-12-31T23:59:58.990Z');
  // 2,100 consecutive milliseconds: two second boundaries and the year's end, in order and then out of it.
  const times = Array.from({ length: 2100 }, (_, i) => start + i);
  for (const now of [...times, ...times.reverse()]) {
    const field = isoTimeField(now);
    if (field !== `,"time":"${new Date(now).toISOString()}"`) t.fail(`${now}: ${field}`);
  }
  t.equal(isoTimeField(Date.parse('2026-01-02T03:04:05.006Z')), ',"time":"2026-01-02T03:04:05.006Z"');
  t.equal(isoTimeField(Date.parse('2026-01-02T03:04:05.060Z')), ',"time":"2026-01-02T03:04:05.060Z"');
  t.equal(isoTimeField(Date.parse('2026-01-02T03:04:05.600Z')), ',"time":"2026-01-02T03:04:05.600Z"');
  t.equal(isoTimeField(Date.parse('2026-01-02T03:04:06.000Z')), ',"time":"2026-01-02T03:04:06.000Z"');
});

t.test('a whole call cycle logs who, what and how, and no full number or secret', async (t) => {
  const { app, logs, authHeader } = await buildTestApp(t);
  const headers = { ...authHeader('agent-7'), cookie: 'session=very-secret-cookie' };
  const number = '+12025550199';
  const body = newCallBody({ number, startedAt: new Date(Date.now() - 10_000).toISOString() });
  const { id } = (await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: body })).json();
  await app.inject({ method: 'PATCH', url: `/api/telephony/calls/${id}`, headers, payload: { status: 'ringing' } });
  await app.inject({
    method: 'PATCH',
    url: `/api/telephony/calls/${id}`,
    headers,
    payload: { status: 'connected', answeredAt: isoAfter(body.startedAt as string, 1000) }
  });
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

// Issue 14, item 3: numbers written the way people write them, in every encoding a URL or a body carries.
const FORMATTED: Array<[string, string]> = [
  ['202-555-0161', '0161'],
  ['(202) 555-0162', '0162'],
  ['+1 202 555 0163', '0163'],
  ['202.555.0164', '0164'],
  ['+1.202.555.0170', '0170'],
  ['202/555-0171', '0171'],
  ['\u0662\u0660\u0662\u0665\u0665\u0665\u0660\u0661\u0666\u0665', '0165'],
  ['\u06f2\u06f0\u06f2\u06f5\u06f5\u06f5\u06f0\u06f1\u06f6\u06f7', '0167'],
  ['\uff12\uff10\uff12\uff15\uff15\uff15\uff10\uff11\uff16\uff16', '0166'],
  ['\uff0b\uff11\u3000\uff12\uff10\uff12\u3000\uff15\uff15\uff15\u3000\uff10\uff11\uff16\uff18', '0168'],
  ['+44 20 7183 8750', '8750']
];

t.test('formatted and non-ASCII numbers are masked in URLs, query strings, bodies and messages', async (t) => {
  for (const [number, last4] of FORMATTED) {
    const leading = [...number]
      .filter((c) => /\p{Nd}/u.test(c))
      .slice(0, 6)
      .join('');
    for (const [where, text] of [
      ['raw', `number=${number}&x=1`],
      ['URL-encoded', `/api/telephony/history?number=${encodeURIComponent(number)}&limit=5`],
      ['form-encoded', `/api/telephony/history?${new URLSearchParams({ number })}`],
      ['double-encoded plus', `?n=${encodeURIComponent(encodeURIComponent(number))}`],
      ['JSON body', JSON.stringify({ body: { number, note: `call ${number} back` } })],
      ['error message', `"err":{"message":"dial ${number}: busy"}`]
    ] as const) {
      const masked = maskSensitiveText(text);
      t.ok(masked.includes(`***${last4}`), `${where} ${number}: keeps the last four (${masked})`);
      const leftover = masked.replace(/\*\*\*\d{4}/g, '');
      t.notOk(leftover.includes(leading) || leftover.includes(encodeURIComponent(leading)), `${where} ${number}: no leading digits left`);
    }
  }
  t.test('the test-run log scan finds each of these forms unmasked, and none once masked', async (t) => {
    for (const [number] of FORMATTED) {
      for (const text of [
        `number=${number}`,
        `?number=${encodeURIComponent(number)}`,
        `?${new URLSearchParams({ number })}`,
        `?n=${encodeURIComponent(encodeURIComponent(number))}`
      ]) {
        t.ok(findFormattedNumber(text), `found in ${text}`);
        t.notOk(findFormattedNumber(maskSensitiveText(text)), `not after masking: ${maskSensitiveText(text)}`);
      }
    }
  });
  for (const harmless of [
    '"time":"2026-12-06T15:27:10.123Z"',
    'from=2026-12-06T00:00:00Z&to=2026-12-07',
    'request 0b6f3f56-2a43-4c38-9a3e-0d4f6b8a1c11',
    'at 127.0.0.1:5432 and 192.168.100.200',
    '"responseTimeMs":1234.56,"latencyMs":12,"pid":123456',
    'version 10.20.3 took 12.5 ms',
    'at 2026-12-06 15:27:10.123+00',
    '555-0100'
  ]) {
    t.equal(maskSensitiveText(harmless), harmless, `left alone: ${harmless}`);
    t.notOk(findFormattedNumber(harmless), `and not a finding for the scan: ${harmless}`);
  }
});

t.test('through the API: formatted numbers sent to the number routes leave only their last four digits', async (t) => {
  const { app, logs, authHeader } = await buildTestApp(t);
  const headers = authHeader('agent-formatted');
  for (const [number] of FORMATTED) {
    for (const route of ['history', 'contacts', 'presence']) {
      await app.inject({ method: 'GET', url: `/api/telephony/${route}?number=${encodeURIComponent(number)}`, headers });
      await app.inject({ method: 'GET', url: `/api/telephony/${route}?${new URLSearchParams({ number })}`, headers });
    }
    await app.inject({ method: 'POST', url: '/api/telephony/calls', headers, payload: newCallBody({ number }) });
    app.log.warn({ action: 'test', body: { number }, err: new Error(`could not dial ${number}`) }, `dialing ${number} failed`);
  }
  const text = logs.join('');
  for (const [number, last4] of FORMATTED) {
    const leading = [...number]
      .filter((c) => /\p{Nd}/u.test(c))
      .slice(0, 7)
      .join('');
    t.notOk(text.includes(leading) || text.includes(encodeURIComponent(leading)), `no leading digits of ${number}`);
    t.match(text, `***${last4}`);
  }
  for (const pattern of [/\u0662\u0660\u0662/, /\uff12\uff10\uff12/, /%D9%A2%D9%A0/i, /%EF%BC%92/i, /202[-. )/]+555/]) t.notMatch(text, pattern);
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
