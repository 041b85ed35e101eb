import { once } from 'node:events';
import { createServer } from 'node:http';
import t from 'tap';
import { AlertState } from '../src/alerts/failure-rate-alert.js';
import { buildTestApp } from './helpers/build-test-app.js';
import { newCallBody } from './helpers/call-bodies.js';

t.test('the failure-rate alert fires once, stays quiet, and resolves once', async (t) => {
  const state = new AlertState({ failureRate: 0.5, minCalls: 4, windowMs: 60_000, tokenFailures: 3 });
  const events = [];
  let now = 0;
  for (let i = 0; i < 3; i += 1) events.push(state.recordCall('network', (now += 1000)));
  t.same(events, [undefined, undefined, undefined], 'too few calls to judge');
  const fired = state.recordCall('error', (now += 1000));
  t.match(fired, { kind: 'firing', alert: 'call-failure-rate', failureRate: 1, calls: 4 });
  for (let i = 0; i < 20; i += 1) t.equal(state.recordCall('network', (now += 1000)), undefined, 'no storm while firing');
  // Busy and no-answer are the far end's answers, not failures.
  const quieting = [];
  for (let i = 0; i < 80; i += 1) quieting.push(state.recordCall(i % 2 ? 'busy' : 'no-answer', (now += 1000)));
  const resolved = quieting.filter(Boolean);
  t.equal(resolved.length, 1);
  t.match(resolved[0], { kind: 'resolved', alert: 'call-failure-rate' });
  t.ok((resolved[0] as { failureRate: number }).failureRate < 0.25, 'resolved only well below the threshold');
});

t.test('old calls leave the window', async (t) => {
  const state = new AlertState({ failureRate: 0.5, minCalls: 2, windowMs: 10_000, tokenFailures: 3 });
  state.recordCall('network', 0);
  t.equal(state.recordCall('local-hangup', 20_000), undefined, 'the failure 20 s ago is out of a 10 s window');
});

t.test('token issuance alerts after consecutive failures and resolves on success', async (t) => {
  const state = new AlertState({ failureRate: 0.5, minCalls: 4, windowMs: 60_000, tokenFailures: 3 });
  t.equal(state.recordTokenIssuance(false), undefined);
  t.equal(state.recordTokenIssuance(true), undefined, 'a success resets the count');
  t.equal(state.recordTokenIssuance(false), undefined);
  t.equal(state.recordTokenIssuance(false), undefined);
  t.match(state.recordTokenIssuance(false), { kind: 'firing', alert: 'token-issuance', consecutiveFailures: 3 });
  t.equal(state.recordTokenIssuance(false), undefined);
  t.match(state.recordTokenIssuance(true), { kind: 'resolved', alert: 'token-issuance' });
});

t.test('the API posts one alert to the webhook when calls keep failing', async (t) => {
  const received: unknown[] = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push(JSON.parse(body));
      response.writeHead(204).end();
    });
  }).listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  t.teardown(() => receiver.close());
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/alerts`;
  const { app, authHeader, logs } = await buildTestApp(t, {
    alerts: { webhookUrl, policy: { failureRate: 0.5, minCalls: 5, windowMs: 60_000, tokenFailures: 5 } }
  });
  const headers = authHeader('unlucky');
  const startedAt = new Date(Date.now() - 10_000).toISOString();
  for (let i = 0; i < 12; i += 1) {
    const response = await app.inject({
      method: 'POST',
      url: '/api/telephony/calls',
      headers,
      payload: newCallBody({ status: 'failed', endReason: 'network', startedAt, endedAt: new Date().toISOString() })
    });
    t.equal(response.statusCode, 201);
  }
  const deadline = Date.now() + 3000;
  while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.equal(received.length, 1, 'one notification for the whole incident');
  t.match(received[0], { service: 'sw-dialer-api', kind: 'firing', alert: 'call-failure-rate', failureRate: 1, calls: 5 });
  t.match(logs.join(''), /"action":"alert","outcome":"firing"/, 'and it is logged');
});

t.test('the window keeps exact counts over many calls', async (t) => {
  const state = new AlertState({ failureRate: 0.5, minCalls: 10, windowMs: 1000, tokenFailures: 3 });
  let fired = 0;
  // 5,000 healthy calls at 10 per ms-tick, then failures: it fires once the window is mostly failures.
  for (let i = 0; i < 5000; i += 1) if (state.recordCall('local-hangup', i / 10)) fired += 1;
  t.equal(fired, 0);
  let firedAt = -1;
  for (let i = 0; i < 20_000 && firedAt < 0; i += 1) if (state.recordCall('network', 500 + i / 10)?.kind === 'firing') firedAt = i;
  // The window holds 1,000 ms × 10 calls: it fires when failures reach half of the ~10,000 calls in it.
  t.ok(firedAt >= 4900 && firedAt <= 5100, `fires when half the window failed (${firedAt})`);
});
