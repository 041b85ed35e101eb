import t from 'tap';
import { closedCallRow, documentScreenshot, emulatorCalls, endedFarEndCall, waitForCallEnd, waitUntil, widgetEvents } from './e2e-helpers.js';
import { openExamplePage } from './examples-stack.js';

/**
 * The CRM example (examples/crm) in Debian's Chromium against the whole stack: the login and its redirect,
 * the sidebar, deep links and their confirmation, a call that lives through client-side navigation (back and
 * forward included) without being dialled twice, click-to-call on the Buyers page, the history list, and
 * the call_logs rows behind all of it. The tests run in order on one signed-in page, as a person would.
 */
const { stack, page, pageErrors } = await openExamplePage((close) => t.teardown(close));

const USER = 'agent-7';
const crm = (route: string) => new URL(route, stack.crmUrl).href;
const here = () => {
  const url = new URL(page.url());
  return url.pathname + url.search;
};
/** The app marks the route it has rendered; everything a route does on arrival has happened by then. */
const waitForRoute = (route: string) => page.waitForFunction((r) => document.body.dataset.route === r, route, { timeout: 15_000 });
const dialer = () =>
  page.evaluate(() => {
    const element = document.getElementById('dialer') as (HTMLElement & { state: string; callId: string | null; number: string }) | null;
    if (!element) return null;
    return {
      state: element.state,
      callId: element.callId,
      number: element.number,
      inDock: Boolean(element.closest('#dock')),
      inPage: Boolean(element.closest('#main')),
      mark: (element as unknown as { __mark?: string }).__mark ?? null
    };
  });
const waitForState = (state: string) =>
  page.waitForFunction((s) => (document.getElementById('dialer') as unknown as { state: string } | null)?.state === s, state, { timeout: 20_000 });
const statusText = () => page.locator('#dialer sw-call-status .state').textContent();
const reasonText = () => page.locator('#dialer sw-call-status .reason').textContent();
const confirmDialog = page.locator('#confirm-dial');
const farCalls = async (number: string) => (await emulatorCalls(stack.signalwire.url)).filter((call) => call.to === number);
const rowsFor = (number: string) => stack.app.db.selectFrom('call_logs').selectAll().where('number', '=', number).execute();
const sidebarLink = (name: string) => page.locator('nav[aria-label="Main"]').getByRole('link', { name, exact: true });

t.test('a signed-out visit to a deep link goes to the login and back, query included; declining the confirmation places no call', async (t) => {
  await page.goto(crm('dialer?number=+12025550105&call=1'));
  await waitForRoute('login');
  const login = new URL(page.url());
  t.equal(login.pathname, '/crm/login');
  t.equal(login.searchParams.get('next'), '/crm/dialer?number=+12025550105&call=1', 'the login remembers the whole URL');
  t.equal(await page.locator('#shell').isVisible(), false, 'no CRM before signing in');
  t.equal(await page.locator('sw-dialer').count(), 0, 'no dialer before signing in');

  await page.getByLabel('User ID').fill(USER);
  await page.getByLabel('Your name').fill('Casey Agent');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await waitForRoute('dialer');
  t.equal(here(), '/crm/dialer?number=+12025550105', 'back on the deep link; its one-shot call=1 is consumed');
  t.equal(await page.locator('#user-name').textContent(), 'Casey Agent');
  t.equal(await page.locator('#dialer input#number').inputValue(), '+12025550105', 'the number is filled in, its + kept');

  await confirmDialog.waitFor({ state: 'visible' });
  t.match(await confirmDialog.textContent(), /\+12025550105/, 'the confirmation names the number');
  t.equal((await dialer())?.state, 'idle', 'nothing is dialled before the answer');
  await confirmDialog.getByRole('button', { name: 'Cancel' }).click();
  await confirmDialog.waitFor({ state: 'hidden' });
  // The last test checks that neither the far end nor the database ever saw this number.
});

t.test('a deep link with call=1 dials once the user confirms; reloading it or going back never dials again', async (t) => {
  await page.goto(crm('dialer?number=+12025550106&call=1'));
  await waitForRoute('dialer');
  await confirmDialog.waitFor({ state: 'visible' });
  t.match(await confirmDialog.textContent(), /\+12025550106/);
  const from = (await widgetEvents(page)).length;
  await confirmDialog.getByRole('button', { name: 'Call', exact: true }).click();
  await waitForState('connected');
  t.equal(await statusText(), 'Connected');
  const { ended, states } = await waitForCallEnd(page, from);
  t.match(ended, { number: '+12025550106', status: 'ended', endReason: 'remote-hangup' });
  t.same(states, ['dialing', 'ringing', 'connected', 'ended']);
  t.equal(await statusText(), 'Call ended');
  t.equal(await reasonText(), 'The other side hung up');
  const row = await closedCallRow(stack.app, ended.callId as string);
  t.match(row, { user_id: USER, number: '+12025550106', direction: 'outbound', status: 'ended', end_reason: 'remote-hangup' });
  t.ok(row.duration_ms >= 2500 && row.duration_ms <= 3750, `about 3 s connected (${row.duration_ms} ms)`);
  t.equal(here(), '/crm/dialer?number=+12025550106', 'call=1 is gone from the address');

  await page.reload();
  await waitForRoute('dialer');
  t.equal(await confirmDialog.isVisible(), false, 'a reload asks nothing');
  await page.goBack();
  await waitForRoute('dialer');
  t.equal(here(), '/crm/dialer?number=+12025550105');
  t.equal(await confirmDialog.isVisible(), false, 'going back to the first deep link asks nothing');
  t.equal((await dialer())?.state, 'idle');
  t.equal((await rowsFor('+12025550106')).length, 1, 'one call, one row');
  t.equal((await farCalls('+12025550106')).length, 1, 'the far end was called once');
});

t.test('the sidebar has Dialer directly above Buyers, and Dialer opens /dialer without a page load', async (t) => {
  await page.goto(crm(''));
  await waitForRoute('');
  const items = (await page.locator('nav[aria-label="Main"] li').allTextContents()).map((text) => text.trim());
  const at = items.indexOf('Dialer');
  t.ok(at >= 0, `Dialer is in the sidebar (${items.join(', ')})`);
  t.equal(items[at + 1], 'Buyers', 'Buyers comes right after Dialer');
  const [dialerBox, buyersBox] = [await sidebarLink('Dialer').boundingBox(), await sidebarLink('Buyers').boundingBox()];
  t.ok(dialerBox && buyersBox && dialerBox.y + dialerBox.height <= buyersBox.y && dialerBox.x === buyersBox.x, 'and is drawn directly above it');

  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await sidebarLink('Dialer').click();
  await waitForRoute('dialer');
  t.equal(here(), '/crm/dialer');
  t.equal(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument), true, 'client-side navigation, no page load');
  t.equal(await sidebarLink('Dialer').getAttribute('aria-current'), 'page');
  t.match(await dialer(), { inPage: true, inDock: false, state: 'idle' });
  t.equal(await page.locator('#dock').isVisible(), false, 'no dock on the Dialer page');
});

let callId = '';

t.test('a call from the Dialer page: DTMF, mute and hold reach the far end; it survives Buyers, back and forward, and is dialled once', async (t) => {
  const from = (await widgetEvents(page)).length;
  await page.locator('#dialer input#number').fill('(202) 555-0100');
  await page.locator('#dialer button[part="call"]').click();
  await waitForState('connected');
  t.equal(await statusText(), 'Connected');
  t.ok(await page.locator('#dialer sw-call-timer').isVisible(), 'the timer runs');
  t.match(await page.locator('#call-indicator').textContent(), /On a call · \(202\) 555-0100/);
  callId = (await dialer())?.callId as string;
  t.ok(callId, 'the call has its log id');

  await page.locator('#dialer button[part="keypad-toggle"]').click();
  for (const key of ['1', '2', '#']) await page.locator(`#dialer [part="dtmf"] button[data-key="${key}"]`).click();
  await waitUntil(async () => (await farCalls('+12025550100'))[0]?.dtmf === '12#', 'the digits at the far end');

  const mute = page.locator('#dialer button[part="mute"]');
  const pressed = (button: typeof mute, value: 'true' | 'false') =>
    waitUntil(async () => (await button.getAttribute('aria-pressed')) === value, `${value === 'true' ? 'a pressed' : 'a released'} toggle`);
  await mute.click();
  await waitUntil(async () => (await farCalls('+12025550100'))[0]?.muted === true, 'mute at the far end');
  await pressed(mute, 'true');
  t.equal((await mute.textContent())?.trim(), 'Unmute');
  await mute.click();
  await waitUntil(async () => (await farCalls('+12025550100'))[0]?.muted === false, 'unmute at the far end');
  await pressed(mute, 'false');

  const hold = page.locator('#dialer button[part="hold"]');
  await hold.click();
  await waitUntil(async () => (await farCalls('+12025550100'))[0]?.held === true, 'hold at the far end');
  await pressed(hold, 'true');
  t.equal((await hold.textContent())?.trim(), 'Resume');
  await hold.click();
  await waitUntil(async () => (await farCalls('+12025550100'))[0]?.held === false, 'resume at the far end');
  await pressed(hold, 'false');
  await page.locator('#dialer button[part="keypad-toggle"]').click();
  await documentScreenshot(page, 'crm-dialer.png');

  // The same element, and so the same call, all along: marked here, checked after every move.
  await page.evaluate(() => ((document.getElementById('dialer') as unknown as { __mark: string }).__mark = 'the one dialer'));
  const stillOnTheCall = async (where: 'inDock' | 'inPage', what: string) => {
    t.match(await dialer(), { state: 'connected', callId, mark: 'the one dialer', [where]: true }, what);
    t.equal(await statusText(), 'Connected', `${what}: shown as connected`);
  };

  await sidebarLink('Buyers').click();
  await waitForRoute('buyers');
  t.equal(here(), '/crm/buyers');
  await stillOnTheCall('inDock', 'on Buyers, the call goes on in the dock');
  t.ok(await page.locator('#dock').isVisible(), 'the dock is shown');
  t.ok(await page.locator('#dock-body').isVisible(), 'and open, with the call controls');
  t.match(await page.locator('#dock-summary').textContent(), /On a call · \(202\) 555-0100/);
  await documentScreenshot(page, 'crm-buyers.png');

  await page.goBack();
  await waitForRoute('dialer');
  t.equal(here(), '/crm/dialer');
  await stillOnTheCall('inPage', 'back on the Dialer page');
  await page.goForward();
  await waitForRoute('buyers');
  await stillOnTheCall('inDock', 'forward to Buyers again');
  await page.goBack();
  await waitForRoute('dialer');
  await stillOnTheCall('inPage', 'and back once more');

  const far = await farCalls('+12025550100');
  t.equal(far.length, 1, 'the far end has one call');
  t.equal(far[0]?.state, 'active', 'still up');
  const rows = await rowsFor('+12025550100');
  t.equal(rows.length, 1, 'the log has one row');
  t.equal(rows[0]?.status, 'connected');
  t.equal((await widgetEvents(page)).slice(from).filter((event) => event.type === 'state' && event.state === 'dialing').length, 1, 'dialled once');

  // Hang up from the dock, on another page.
  await sidebarLink('Buyers').click();
  await waitForRoute('buyers');
  await page.locator('#dock #dialer button[part="end"]').click();
  const { ended, states } = await waitForCallEnd(page, from);
  t.match(ended, { callId, number: '+12025550100', status: 'ended', endReason: 'local-hangup' });
  t.same(states, ['dialing', 'ringing', 'connected', 'ended']);
  t.equal(await statusText(), 'Call ended');
  t.equal(await page.locator('#call-indicator').textContent(), '', 'the top bar no longer shows a call');

  const farEnd = await endedFarEndCall(stack.signalwire.url, '+12025550100');
  t.equal((await farCalls('+12025550100')).length, 1, 'the far end saw one call');
  t.equal(farEnd?.dtmf, '12#', 'digits received by the far end');
  t.same(farEnd?.holds, ['hold', 'unhold']);
  t.same(farEnd?.mutes, ['mute', 'unmute']);
  t.ok((farEnd?.rtpPacketsReceived as number) > 20, `audio reached the far end (${farEnd?.rtpPacketsReceived} RTP packets)`);
  t.equal(farEnd?.hangupBy, 'caller');
  const row = await closedCallRow(stack.app, callId);
  t.match(row, { user_id: USER, number: '+12025550100', status: 'ended', end_reason: 'local-hangup' });
  const farDuration = Date.parse(farEnd?.endedAt) - Date.parse(farEnd?.answeredAt);
  t.ok(Math.abs(row.duration_ms - farDuration) <= 250, `logged duration ${row.duration_ms} ms is within 250 ms of the far end's ${farDuration} ms`);
});

let busyCallId = '';

t.test('a tel: link on the Buyers page dials through the dialer, and the page stays', async (t) => {
  t.equal(here(), '/crm/buyers');
  const from = (await widgetEvents(page)).length;
  await page.getByRole('link', { name: /^Call Bruno Busy/ }).click();
  const { ended, states } = await waitForCallEnd(page, from);
  t.match(ended, { number: '+12025550101', status: 'failed', endReason: 'busy' });
  t.equal(states[0], 'dialing');
  t.equal(states.at(-1), 'failed');
  busyCallId = ended.callId as string;
  t.equal(here(), '/crm/buyers', 'no navigation to the tel: URL');
  t.ok(await page.locator('#dock-body').isVisible(), 'the dock shows the call');
  t.equal(await statusText(), 'Call failed');
  t.equal(await reasonText(), 'The line is busy');
  t.match(await closedCallRow(stack.app, busyCallId), { user_id: USER, number: '+12025550101', status: 'failed', end_reason: 'busy', duration_ms: 0 });
});

t.test('the history list on the Dialer page shows the calls, newest first', async (t) => {
  await sidebarLink('Dialer').click();
  await waitForRoute('dialer');
  const rows = page.locator('#history li[part="row"]');
  await page.waitForFunction(() => document.querySelector('#history')?.shadowRoot?.querySelectorAll('li[part="row"]').length === 3, null, { timeout: 10_000 });
  const ids = await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-call-id')));
  const remoteHangup = (await rowsFor('+12025550106'))[0]?.id;
  t.same(ids, [busyCallId, callId, remoteHangup]);
  t.match(await rows.nth(0).textContent(), /Failed · The line is busy/);
  // A call to a known contact names them, the number beside the company (issue 20).
  t.match(await rows.nth(1).textContent(), /Ada Answers\s+Northwind Traders · \+1 202 555 0100 · Ended · You hung up/);
  t.match(await rows.nth(2).textContent(), /Ended · The other side hung up/);
});

t.test('signing out returns to the login and removes the dialer; the CRM is closed to a signed-out visitor again', async (t) => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await waitForRoute('login');
  t.equal(await page.locator('sw-dialer').count(), 0);
  await page.goto(crm('buyers'));
  await waitForRoute('login');
  t.equal(new URL(page.url()).searchParams.get('next'), '/crm/buyers');
});

t.test('each call has one row, none is left open, the declined deep link never dialled, and no page errors', async (t) => {
  const rows = await stack.app.db.selectFrom('call_logs').select(['number', 'status', 'user_id', 'client_session_id']).execute();
  t.equal(rows.length, 3);
  t.same(rows.map((row) => row.number).sort(), ['+12025550100', '+12025550101', '+12025550106']);
  t.equal(new Set(rows.map((row) => row.client_session_id)).size, 3);
  t.notOk(
    rows.some((row) => ['dialing', 'ringing', 'connected'].includes(row.status)),
    'none open'
  );
  t.ok(
    rows.every((row) => row.user_id === USER),
    'all the signed-in user’s'
  );
  t.same(await farCalls('+12025550105'), [], 'the far end never saw the declined deep link’s number');
  t.same(pageErrors, []);
});
