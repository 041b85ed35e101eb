import t from 'tap';
import { launchChromium } from '../browser.js';
import { startStackThroughProxy } from './stack-through-proxy.js';
import { WidgetAgent, callRows, farEndCalls, waitUntil } from './widget-agent.js';

/**
 * SignalWire's token endpoint failing: the API reaches SignalWire's REST API through a fault proxy, cut
 * here (docs/adr/0041), so token issuance fails as when SignalWire cannot be reached. The widget must
 * show a clear error without dialling anyone, log the attempt as failed, and the user's next try must
 * succeed once SignalWire is back.
 */
const { stack, proxy } = await startStackThroughProxy('signalwireRest');
const browser = await launchChromium();
t.teardown(() => browser.close());
const agent = await WidgetAgent.open(browser, stack, 'token-agent');

const tokenAnswers: number[] = [];
agent.page.on('response', (response) => {
  if (response.url().includes('/api/telephony/signalwire/token')) tokenAnswers.push(response.status());
});

t.test('token issuance fails: a clear error, nothing dialled, the attempt logged as failed', async (t) => {
  await proxy.cut();
  const from = await agent.dial('+12025550100');
  const ended = await agent.waitForEnd(from);
  t.match(ended, { status: 'failed', endReason: 'network' }, 'the call fails at once');
  t.same(ended.states, ['dialing', 'failed'], 'it never rang');
  t.ok(tokenAnswers.length >= 1 && tokenAnswers.every((status) => status === 503), `the token endpoint answered 503 each time (${tokenAnswers.join(', ')})`);
  const error = (await agent.events()).slice(from).find((event) => event.type === 'error');
  t.equal(error?.code, 'UPSTREAM_UNAVAILABLE', 'sw-call-error names the cause');
  t.match(error?.message, /calling token.*SignalWire cannot be reached.*try again/i, `sw-call-error explains it: "${error?.message}"`);
  const shown = await agent.statusText();
  t.match(shown, /Call failed.*Calling service unavailable; try again shortly/, `the status line names the calling service and says to try again: "${shown}"`);
  t.notMatch(shown, /network/i, 'and does not blame the network');
  t.equal((await farEndCalls(stack)).length, 0, 'no call reached SignalWire');
  await waitUntil(async () => (await callRows(stack, [agent.userId])).some((row) => row.status === 'failed'), 'the failed attempt to be logged');
  const [row] = await callRows(stack, [agent.userId]);
  t.match(row, { status: 'failed', end_reason: 'network', error_code: 'UPSTREAM_UNAVAILABLE', duration_ms: 0 }, 'the log says why');
});

t.test("the user's next try succeeds once SignalWire is back", async (t) => {
  await proxy.restore();
  const from = await agent.dial('+12025550100');
  await agent.waitForState('connected');
  await agent.hangup();
  const ended = await agent.waitForEnd(from);
  t.match(ended, { status: 'ended', endReason: 'local-hangup' }, 'the call is placed and ends as hung up');
  t.same(ended.states, ['dialing', 'ringing', 'connected', 'ended'], 'it rang and connected');
  t.equal(tokenAnswers.at(-1), 200, 'a token was issued');
  await waitUntil(async () => (await callRows(stack, [agent.userId])).some((row) => row.status === 'ended'), 'the call log to close');
  const rows = await callRows(stack, [agent.userId]);
  t.equal(rows.length, 2, 'one row per attempt');
  t.match(rows[1], { status: 'ended', end_reason: 'local-hangup', id: ended.callId }, 'logged as the widget saw it');
  t.same(agent.pageErrors, [], 'no page errors');
});
