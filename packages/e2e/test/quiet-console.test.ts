import t from 'tap';
import { launchChromium } from './browser.js';
import { startStack } from './start-stack.js';
import { WidgetAgent } from './reliability/widget-agent.js';

/**
 * The embedding page's console stays the host's: every scenario number, placed through the real widget and
 * the real @signalwire/js in Chromium, ends as it should without one console error on the page (the SDK
 * logs busy, unknown numbers and failed set-ups as errors unless the widget tells it not to). The `debug`
 * attribute hands the console back to the SDK.
 */
const stack = await startStack();
t.teardown(() => stack.stop());
const browser = await launchChromium();
t.teardown(() => browser.close());

const SCENARIOS: Array<{ number: string; status: string; endReason: string; hangUp?: boolean }> = [
  { number: '+12025550100', status: 'ended', endReason: 'local-hangup', hangUp: true },
  { number: '+12025550101', status: 'failed', endReason: 'busy' },
  { number: '+12025550102', status: 'failed', endReason: 'no-answer' },
  { number: '+12025550103', status: 'failed', endReason: 'invalid-number' },
  { number: '+12025550104', status: 'failed', endReason: 'network' },
  { number: '+12025550105', status: 'failed', endReason: 'declined' },
  { number: '+12025550106', status: 'ended', endReason: 'remote-hangup' }
];

const errorsOf = (agent: WidgetAgent) => agent.console.filter((line) => / error: /.test(line));

t.test('every scenario number ends as it should and leaves no error in the page console', async (t) => {
  const agent = await WidgetAgent.open(browser, stack, 'quiet-console-agent');
  t.teardown(() => agent.close());
  for (const scenario of SCENARIOS) {
    const from = await agent.dial(scenario.number);
    if (scenario.hangUp) {
      await agent.waitForState('connected');
      await agent.hangup();
    }
    const ended = await agent.waitForEnd(from);
    t.match(ended, { status: scenario.status, endReason: scenario.endReason }, `${scenario.number}: ${scenario.endReason}`);
    t.same(errorsOf(agent), [], `${scenario.number}: no console error on the page`);
  }
  t.same(errorsOf(agent), [], 'nor from loading the page (the standalone page had no icon: a 404 in its console)');
  t.same(agent.pageErrors, [], 'no uncaught error either');
  t.notOk(
    agent.console.some((line) => /Invite error|WSClient/.test(line)),
    `none of the SDK's own lines, at any level: ${agent.console.join(' | ')}`
  );
});

t.test('with the debug attribute the SDK logs to the console again', async (t) => {
  const agent = await WidgetAgent.open(browser, stack, 'debug-console-agent');
  t.teardown(() => agent.close());
  await agent.page.evaluate(() => document.getElementById('dialer')?.setAttribute('debug', ''));
  const ended = await agent.waitForEnd(await agent.dial('+12025550101'));
  t.match(ended, { status: 'failed', endReason: 'busy' });
  t.ok(
    errorsOf(agent).some((line) => line.includes('Invite error')),
    `the SDK's report of the busy far end is in the console: ${agent.console.join(' | ')}`
  );
});
