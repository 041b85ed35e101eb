import t from 'tap';
import { launchChromium } from '../browser.js';
import { emulatorCalls } from '../e2e-helpers.js';
import { startStack } from '../start-stack.js';
import { WidgetAgent, callRows, sleep, waitUntil, type Page } from './widget-agent.js';

/**
 * One call at a time per user, seen from SignalWire (issue 15, docs/adr/0053): with a call up in one
 * widget, a dial in a second widget of the same page, or in a second tab of the same browser, must never
 * reach the SignalWire emulator, not even as a call that rings and is cancelled a moment later. The second
 * widget of a page is refused before anything is sent; so is a second tab, which hears of the first tab's
 * call on the tabs' channel and shows it (docs/adr/0125); behind that, the call log refuses it too (the API's
 * 409 names the open call, and the tab carrying it answers "mine": sw-dialer.test.ts), and an SDK dial never
 * starts before the log has accepted the call. Each case runs at natural timing and with the API's answer to the
 * call-log create held back 1 s (a route in the page), the case that used to let the SDK dial win the race.
 */
const stack = await startStack();
t.teardown(() => stack.stop());
const browser = await launchChromium();
t.teardown(() => browser.close());

const CREATE_DELAY_MS = 1_000;

/** Holds back the API's answer to every call-log create of this page by `ms`. */
async function delayCreates(page: Page, ms: number): Promise<void> {
  await page.route('**/api/telephony/calls', async (route) => {
    if (route.request().method() === 'POST') await sleep(ms);
    await route.continue();
  });
}

/** Every call the emulator's far end has seen to `number`, whatever became of it. */
const callsTo = async (number: string) => (await emulatorCalls(stack.signalwire.url)).filter((call) => call.to === number);

/** A second `<sw-dialer>` in the agent's page, configured as the first, signed in as the same user. */
async function addSecondWidget(page: Page): Promise<void> {
  await page.evaluate(() => {
    const first = document.getElementById('dialer') as HTMLElement & { authToken: string };
    const second = document.createElement('sw-dialer') as HTMLElement & { authToken: string };
    second.id = 'dialer-b';
    for (const name of ['api-base', 'token-endpoint', 'default-country']) second.setAttribute(name, first.getAttribute(name) ?? '');
    second.authToken = first.authToken;
    first.after(second);
  });
}

/** `dial()` on the second widget; what it resolved, and the errors it fired. */
async function dialSecond(page: Page, number: string): Promise<{ started: boolean; errors: Array<{ code: string }>; state: string }> {
  return page.evaluate(async (n) => {
    const second = document.getElementById('dialer-b') as HTMLElement & { dial(n: string): Promise<boolean>; state: string };
    const errors: Array<{ code: string }> = [];
    second.addEventListener('sw-call-error', (event) => errors.push((event as CustomEvent<{ code: string }>).detail));
    const started = await second.dial(n);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { started, errors, state: second.state };
  }, number);
}

for (const delayed of [false, true]) {
  const timing = delayed ? `the create answered ${CREATE_DELAY_MS} ms late` : 'natural timing';

  t.test(`two widgets on one page, ${timing}: the second never reaches SignalWire`, async (t) => {
    const agent = await WidgetAgent.open(browser, stack, `one-page-${delayed ? 'late' : 'natural'}`);
    t.teardown(() => agent.close());
    if (delayed) await delayCreates(agent.page, CREATE_DELAY_MS);
    await addSecondWidget(agent.page);
    const first = delayed ? '+12025550181' : '+12025550180';
    const second = delayed ? '+12025550183' : '+12025550182';

    // While the first call is still being placed (its log has no id yet), then once it is up.
    const dialledAt = Date.now();
    await agent.dial(first);
    const early = await dialSecond(agent.page, second);
    t.match(early, { started: false, errors: [{ code: 'CALL_IN_PROGRESS' }], state: 'idle' }, 'refused while the first call is being placed');
    await agent.waitForState('connected', 20_000);
    const late = await dialSecond(agent.page, second);
    t.match(late, { started: false, errors: [{ code: 'CALL_IN_PROGRESS' }], state: 'idle' }, 'refused while the first call is up');

    await sleep(1_500);
    t.same(await callsTo(second), [], 'the emulator never received the second call');
    const [firstCall, ...more] = await callsTo(first);
    t.equal(more.length, 0, 'and received the first once');
    if (delayed) {
      const invitedAfterMs = Date.parse(firstCall?.createdAt) - dialledAt;
      t.ok(invitedAfterMs >= CREATE_DELAY_MS, `the first call reached SignalWire only once its log accepted it (${invitedAfterMs} ms after dial())`);
    }
    t.equal(await agent.state(), 'connected', 'the first call is untouched');
    await agent.hangup();
    await agent.waitForState('ended');
  });

  t.test(`two tabs of one browser, ${timing}: the second tab's call never reaches SignalWire`, async (t) => {
    const userId = `two-tabs-${delayed ? 'late' : 'natural'}`;
    const tabA = await WidgetAgent.open(browser, stack, userId);
    t.teardown(() => tabA.close());
    // Same browser context: the tabs share storage, Web Locks and the BroadcastChannel, as a person's tabs do.
    const tabB = await WidgetAgent.open(browser, stack, userId, { context: tabA.context });
    if (delayed) await delayCreates(tabB.page, CREATE_DELAY_MS);
    const first = delayed ? '+12025550185' : '+12025550184';
    const second = delayed ? '+12025550187' : '+12025550186';

    await tabA.dial(first);
    await tabA.waitForState('connected', 20_000);
    await tabA.waitForWritesDelivered("the first tab's opening writes");
    const from = (await tabB.events()).length;
    const started = await tabB.page.evaluate((n) => (document.getElementById('dialer') as HTMLElement & { dial(n: string): Promise<boolean> }).dial(n), second);
    t.equal(started, false, 'the second tab refuses its call at once');
    const errors = (await tabB.events()).slice(from).filter((event) => event.type === 'error');
    t.match(errors, [{ code: 'CALL_IN_OTHER_TAB' }], 'because the first tab carries a call');

    await sleep(1_500);
    t.same(await callsTo(second), [], 'the emulator never received the second call');
    t.equal(await tabA.state(), 'connected', 'the first call is untouched');
    await tabA.hangup();
    await tabA.waitForState('ended');
    await waitUntil(async () => (await tabB.pendingWrites()) === 0, 'every write delivered', 15_000);
    t.same(
      (await callRows(stack, [userId])).map((row) => row.number),
      [first],
      'the call log has the first call only: the refused one never reached it'
    );
  });
}
