import t from 'tap';
import { launchChromium } from '../browser.js';
import { endedFarEndCall } from '../e2e-helpers.js';
import { startStack } from '../start-stack.js';
import { WidgetAgent, callRows, farEndCalls, sleep, waitUntil } from './widget-agent.js';

/**
 * The API stopped mid-call and started again (a deploy, a crash and its restart): the Fastify app is
 * closed and a new one listens on the same port and database. The call itself does not need the API once
 * it is up, so it completes; its call log row appears once, whether the call ended after the API was
 * back or while it was away (the widget's outbox holds the closing write until it can deliver it).
 */
const stack = await startStack();
t.teardown(() => stack.stop());
const browser = await launchChromium();
t.teardown(() => browser.close());
const agent = await WidgetAgent.open(browser, stack, 'restart-agent');

// Writes that reached no API at all, by method: the ones sent while it was away.
const unanswered: string[] = [];
agent.page.on('requestfailed', (request) => {
  if (request.url().includes('/api/telephony/calls')) unanswered.push(request.method());
});

async function closedRow(number: string) {
  await waitUntil(
    async () => (await callRows(stack, [agent.userId])).some((row) => row.number === number && row.status === 'ended'),
    `the call log of ${number} to close`,
    45_000
  );
  const rows = (await callRows(stack, [agent.userId])).filter((row) => row.number === number);
  return rows;
}

t.test('restarted while a call is up: the call completes and its row appears once', async (t) => {
  const number = '+12025550160';
  const from = await agent.dial(number);
  await agent.waitForState('connected');
  await agent.waitForWritesDelivered('the opening writes to be acknowledged');
  await stack.stopApi();
  await sleep(1_500);
  t.equal(await agent.state(), 'connected', 'the call stays up without the API');
  await stack.startApi();
  await sleep(1_000);
  await agent.hangup();
  const ended = await agent.waitForEnd(from);
  t.match(ended, { status: 'ended', endReason: 'local-hangup' }, 'the call completed, hung up by the caller');
  const rows = await closedRow(number);
  t.equal(rows.length, 1, 'one row');
  t.match(
    rows[0],
    { status: 'ended', end_reason: 'local-hangup', duration_ms: ended.durationMs, id: ended.callId },
    'the row the widget was given, closed as the widget saw the call'
  );
  const far = await endedFarEndCall(stack.signalwire.url, number);
  t.equal(far.hangupBy, 'caller');
  const farDuration = Date.parse(far.endedAt) - Date.parse(far.answeredAt);
  t.ok(Math.abs((rows[0]?.duration_ms as number) - farDuration) <= 250, `logged ${rows[0]?.duration_ms} ms, the far end ${farDuration} ms`);
});

t.test('the call ends while the API is away: the closing write waits, then lands once', async (t) => {
  const number = '+12025550161';
  const from = await agent.dial(number);
  await agent.waitForState('connected');
  await agent.waitForWritesDelivered('the opening writes to be acknowledged');
  const unansweredBefore = unanswered.length;
  await stack.stopApi();
  await sleep(1_000);
  await agent.hangup();
  const ended = await agent.waitForEnd(from);
  t.match(ended, { status: 'ended', endReason: 'local-hangup' }, 'the call completed, hung up by the caller');
  await waitUntil(() => unanswered.length > unansweredBefore, 'the closing write to fail while the API is away');
  t.ok((await agent.pendingWrites()) > 0, 'the closing write waits in the outbox');
  await sleep(2_000);
  await stack.startApi();
  const rows = await closedRow(number);
  t.equal(rows.length, 1, 'one row');
  t.match(
    rows[0],
    { status: 'ended', end_reason: 'local-hangup', duration_ms: ended.durationMs, id: ended.callId },
    'the replayed closing write closed the right row'
  );
  await agent.waitForWritesDelivered('the outbox to drain');
  const far = await endedFarEndCall(stack.signalwire.url, number);
  const farDuration = Date.parse(far.endedAt) - Date.parse(far.answeredAt);
  t.ok(Math.abs((rows[0]?.duration_ms as number) - farDuration) <= 250, `logged ${rows[0]?.duration_ms} ms, the far end ${farDuration} ms`);
});

t.test('a new call after the restarts works, and every call has exactly one row', async (t) => {
  const from = await agent.dial('+12025550101');
  const ended = await agent.waitForEnd(from);
  t.match(ended, { status: 'failed', endReason: 'busy' }, 'the busy scenario ends as busy');
  await waitUntil(async () => (await callRows(stack, [agent.userId])).length === 3 && (await agent.pendingWrites()) === 0, 'the third row');
  const rows = await callRows(stack, [agent.userId]);
  t.equal(rows.length, 3);
  t.equal(new Set(rows.map((row) => row.client_session_id)).size, 3, 'no call stored twice');
  t.notOk(
    rows.some((row) => ['dialing', 'ringing', 'connected'].includes(row.status)),
    'none left open'
  );
  t.equal((await farEndCalls(stack)).length, 3, 'the far end saw each call once');
  t.same(agent.pageErrors, [], 'no page errors');
});
