import t from 'tap';
import { launchChromium } from '../browser.js';
import { closedCallRow, endedFarEndCall, waitUntil } from '../e2e-helpers.js';
import { startStack } from '../start-stack.js';
import { WidgetAgent, sleep, type Page } from './widget-agent.js';

/**
 * The call from any tab (issue 21 item 3, docs/adr/0125), with the real widget and @signalwire/js in
 * Chromium against the SignalWire emulator, the real API and database. Two pages of one browser context are
 * two tabs of one profile: the second shows the first one's call (number, contact, status, timer, mute,
 * hold) within a second of each change, and ends it with its End button; closing the first tab ends the call
 * at the far end and in the second tab; the call log is closed once; the second tab never opens a
 * connection to SignalWire while the call is up.
 */
t.setTimeout(600_000);
const stack = await startStack();
t.teardown(() => stack.stop());
const browser = await launchChromium();
t.teardown(() => browser.close());

const ADA = '+12025550100'; // Ada Answers, Northwind Traders (the SwitchFree emulator's seed): answers after 1 s
/** How late the second tab may show a change of the first tab's call. */
const WITHIN_MS = 1_000;

/** What a tab's widget shows of a call, read inside its shadow roots. */
interface Shown {
  at: number;
  elsewhere: boolean;
  state: string;
  muted: boolean;
  held: boolean;
  status: string;
  contact: string;
  timer: string;
}

/**
 * A context as WidgetAgent's, plus: every WebSocket a page opens (the SDK's connection to SignalWire is one),
 * and a recorder of what the widget shows, sampled every 50 ms from page load (so that the test times when a
 * change appeared, not when it asked).
 */
async function tabsContext() {
  const context = await WidgetAgent.context(browser);
  context.setDefaultNavigationTimeout(240_000);
  await context.addInitScript(() => {
    const sockets: string[] = [];
    (window as unknown as { __sockets: string[] }).__sockets = sockets;
    let open = 0;
    (window as unknown as { __openSockets: () => number }).__openSockets = () => open;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(String(url));
        open += 1;
        this.addEventListener('close', () => (open -= 1), { once: true });
      }
    } as typeof WebSocket;
    // The incoming line's word to the host: whether this tab receives calls.
    const online: boolean[] = [];
    (window as unknown as { __online: boolean[] }).__online = online;
    document.addEventListener('sw-online-change', (event) => online.push((event as CustomEvent<{ online: boolean }>).detail.online));
    const shown: unknown[] = [];
    (window as unknown as { __shown: unknown[] }).__shown = shown;
    const text = (el: Element | null | undefined) => (el?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
    let last = '';
    setInterval(() => {
      const dialer = document.getElementById('dialer');
      const root = dialer?.shadowRoot;
      if (!root) return;
      const controls = root.querySelector('sw-call-controls') as (HTMLElement & { state: string; muted: boolean; held: boolean }) | null;
      const now = {
        elsewhere: root.querySelector('[part="elsewhere"]') !== null,
        state: controls?.state ?? '',
        muted: controls?.muted ?? false,
        held: controls?.held ?? false,
        status: text(root.querySelector('sw-call-status')),
        contact: text(root.querySelector('sw-contact-card'))
      };
      const key = JSON.stringify(now);
      if (key === last) return;
      last = key;
      shown.push({ at: Date.now(), ...now, timer: text(root.querySelector('sw-call-timer')) });
    }, 50);
  });
  // Every closing write of a call log from any tab of this profile (a PATCH that ends the call).
  const closes: Array<{ url: string; body: Record<string, unknown> }> = [];
  await context.route('**/api/telephony/calls/*', async (route) => {
    const request = route.request();
    if (request.method() === 'PATCH') {
      const body = JSON.parse(request.postData() ?? '{}') as Record<string, unknown>;
      if (body.status === 'ended' || body.status === 'failed') closes.push({ url: request.url(), body });
    }
    await route.continue();
  });
  return { context, closes };
}

const openSockets = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __openSockets: () => number }).__openSockets());
const onlineChanges = (page: Page): Promise<boolean[]> => page.evaluate(() => (window as unknown as { __online: boolean[] }).__online);
const goOnline = (page: Page) => page.evaluate(() => (document.getElementById('dialer') as HTMLElement & { goOnline(): void }).goOnline());
const shownIn = (page: Page): Promise<Shown[]> => page.evaluate(() => (window as unknown as { __shown: Shown[] }).__shown);
const socketsOf = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __sockets: string[] }).__sockets);

/** The first thing `page` showed at or after `from` that matches, waiting for it up to `timeoutMs`. */
async function firstShown(page: Page, from: number, match: (s: Shown) => boolean, what: string, timeoutMs = 5_000): Promise<Shown> {
  let found: Shown | undefined;
  await waitUntil(
    async () => {
      found = (await shownIn(page)).find((s) => s.at >= from && match(s));
      return found !== undefined;
    },
    what,
    timeoutMs
  );
  return found!;
}

/** When the owner's widget fired the state change matching `match` (its own clock: the same machine). */
async function ownerChange(agent: WidgetAgent, match: (e: Record<string, unknown>) => boolean, what: string): Promise<number> {
  let at: number | undefined;
  await waitUntil(
    async () => {
      at = (await agent.events()).find((e) => e.type === 'state' && match(e as unknown as Record<string, unknown>))?.at;
      return at !== undefined;
    },
    what,
    20_000
  );
  return at!;
}

/** Presses a control of `page`'s widget (its own page: a person's click). */
async function press(page: Page, part: string): Promise<void> {
  await page.locator(`#dialer sw-call-controls [part="${part}"]`).click();
}

/** Two tabs of one profile, the same user signed in on both, the second's recorder running before any call. */
async function twoTabs(userId: string) {
  const { context, closes } = await tabsContext();
  const tabA = await WidgetAgent.open(browser, stack, userId, { context });
  const tabB = await WidgetAgent.open(browser, stack, userId, { context });
  return { context, closes, tabA, tabB };
}

t.test("the second tab shows the first tab's call within a second of each change and ends it with its End button", async (t) => {
  const { context, closes, tabA, tabB } = await twoTabs('tabs-end-from-b');
  t.teardown(() => context.close());

  await tabA.dial(ADA);
  const dialing = await ownerChange(tabA, (e) => e.state === 'dialing', 'the owner dialing');
  const seenDialing = await firstShown(tabB.page, dialing, (s) => s.elsewhere && s.state === 'dialing', 'the second tab to show dialing');
  t.ok(seenDialing.at - dialing <= WITHIN_MS, `dialing shown ${seenDialing.at - dialing} ms after`);
  const ringing = await ownerChange(tabA, (e) => e.state === 'ringing', 'the owner ringing');
  const seenRinging = await firstShown(tabB.page, ringing, (s) => s.elsewhere && s.state === 'ringing', 'the second tab to show ringing');
  t.ok(seenRinging.at - ringing <= WITHIN_MS, `ringing shown ${seenRinging.at - ringing} ms after`);
  const connected = await ownerChange(tabA, (e) => e.state === 'connected', 'the owner connected');
  const seenConnected = await firstShown(tabB.page, connected, (s) => s.elsewhere && s.state === 'connected', 'the second tab to show connected');
  t.ok(seenConnected.at - connected <= WITHIN_MS, `connected shown ${seenConnected.at - connected} ms after`);

  // The same call in words: status and number, the contact, and a timer that runs in step with the owner's.
  await sleep(2_500);
  const a = await tabA.statusText();
  const b = await tabB.statusText();
  t.equal(b, a, `the status line as the owner's (${a})`);
  t.match(b, /Connected/);
  const contactOf = (page: Page) =>
    page.evaluate(() => document.getElementById('dialer')!.shadowRoot!.querySelector('sw-contact-card')!.shadowRoot!.textContent!.replace(/\s+/g, ' ').trim());
  t.match(await contactOf(tabB.page), /Ada Answers.*Northwind Traders/, 'the contact, as the owner looked it up');
  // Read one after the other, so a second may tick between the two readings.
  const seconds = (timer: string) => timer.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  const timers = [];
  for (const page of [tabA.page, tabB.page])
    timers.push(await page.evaluate(() => document.getElementById('dialer')!.shadowRoot!.querySelector('sw-call-timer')!.shadowRoot!.textContent!.trim()));
  t.ok(Math.abs(seconds(timers[1]!) - seconds(timers[0]!)) <= 1, `the timers in step (${timers.join(' / ')})`);

  // Mute from the second tab (through the owner), hold from the owner: each shown in the other within a second.
  const muteFrom = Date.now();
  await press(tabB.page, 'mute');
  const muted = await ownerChange(tabA, (e) => e.muted === true && (e.at as number) >= muteFrom, 'the owner muted by the second tab');
  const seenMuted = await firstShown(tabB.page, muted, (s) => s.muted, 'the second tab to show muted');
  t.ok(seenMuted.at - muted <= WITHIN_MS, `muted shown ${seenMuted.at - muted} ms after`);
  await press(tabA.page, 'hold');
  const held = await ownerChange(tabA, (e) => e.held === true, 'the owner held');
  const seenHeld = await firstShown(tabB.page, held, (s) => s.held, 'the second tab to show held');
  t.ok(seenHeld.at - held <= WITHIN_MS, `held shown ${seenHeld.at - held} ms after`);

  // End in the second tab ends the call: at the owner, at the far end, and shown ended in both.
  const endFrom = Date.now();
  await press(tabB.page, 'end');
  const ended = await ownerChange(tabA, (e) => e.state === 'ended' && (e.at as number) >= endFrom, 'the owner ended by the second tab');
  const seenEnded = await firstShown(tabB.page, ended, (s) => s.state === 'ended', 'the second tab to show ended');
  t.ok(seenEnded.at - ended <= WITHIN_MS, `ended shown ${seenEnded.at - ended} ms after`);
  t.match(seenEnded.status, /You hung up/, "the owner's reason");
  const far = await endedFarEndCall(stack.signalwire.url, ADA);
  t.equal(far.hangupBy, 'caller', 'the far end heard the hangup');
  t.same(far.mutes, ['mute'], 'the far end heard the mute from the second tab');
  t.same(far.holds, ['hold'], 'and the hold');

  const [end] = (await tabA.events()).filter((e) => e.type === 'ended');
  const row = await closedCallRow(stack.app, end!.callId!);
  t.match(row, { status: 'ended', end_reason: 'local-hangup' }, 'the call log closed');
  await tabA.waitForWritesDelivered('the closing write');
  await sleep(2_000);
  t.equal(closes.length, 1, `one closing write reached the API (${JSON.stringify(closes.map((c) => c.body))})`);

  t.same(await socketsOf(tabB.page), [], 'the second tab opened no connection (no SDK connect) during the call');
  t.ok((await socketsOf(tabA.page)).length >= 1, "the owner's SDK connection is counted the same way");
  t.same(await tabB.events(), [], 'the second tab fired no sw-call-* events for a call it does not carry');
  t.same(tabA.pageErrors.concat(tabB.pageErrors), [], 'no page errors');
});

t.test('the line follows the call: while it is up, the profile has one connection to SignalWire (ADR 137)', async (t) => {
  const userId = 'tabs-line-follows';
  const { context, tabA, tabB } = await twoTabs(userId);
  t.teardown(() => context.close());
  await goOnline(tabA.page);
  await waitUntil(async () => (await onlineChanges(tabA.page)).includes(true), 'the first tab to take the line', 60_000);
  await goOnline(tabB.page);
  await sleep(1_000);
  t.same(await onlineChanges(tabB.page), [], 'the second tab waits for the line');
  t.equal(await openSockets(tabA.page), 1, "the line's connection, in the first tab");
  t.equal(await openSockets(tabB.page), 0, 'none in the second');

  // The agent dials from the second tab: the call's connection carries the line, the first tab's closes.
  await tabB.dial(ADA);
  await tabB.waitForState('connected', 30_000);
  await waitUntil(async () => (await onlineChanges(tabB.page)).includes(true), 'the line to follow the call', 10_000);
  await waitUntil(async () => (await openSockets(tabA.page)) === 0, "the first tab's connection to close", 10_000);
  t.same(await onlineChanges(tabA.page), [true, false], 'the first tab says it no longer receives calls');
  t.equal(await openSockets(tabB.page), 1, 'one connection in the profile: the call and the line share it');

  // A caller meanwhile reaches the one device online, the calling tab, where it shows beside the call.
  const rang = await fetch(`${stack.signalwire.url}/__emulator/calls/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from: '+12025550123', to: userId, answerWithin: 60_000 })
  });
  const offered = (await rang.json()) as { devices: number };
  t.equal(rang.status, 201);
  t.equal(offered.devices, 1, 'the emulator sees one device online');
  const incoming = (page: Page) =>
    page.evaluate(() => {
      const panel = document.getElementById('dialer')!.shadowRoot!.querySelector('sw-incoming-call') as (HTMLElement & { mode: string; busy: boolean }) | null;
      return panel ? { mode: panel.mode, busy: panel.busy } : null;
    });
  await waitUntil(async () => (await incoming(tabB.page))?.busy === true, 'the call that rings meanwhile, shown in the calling tab', 10_000);
  await waitUntil(async () => (await incoming(tabA.page))?.mode === 'elsewhere', 'the first tab to show where it rings', 5_000);
  t.pass('the first tab shows that it rings in the other tab, and offers no answer');
  await tabB.page.locator('sw-incoming-call button.decline').click();
  await tabB.hangup();
  await tabB.waitForState('ended', 10_000);
  t.same(tabA.pageErrors.concat(tabB.pageErrors), [], 'no page errors');
});

t.test('a tab opened during the call shows it within a second, and cannot dial', async (t) => {
  const { context } = await tabsContext();
  const tabA = await WidgetAgent.open(browser, stack, 'tabs-late', { context });
  t.teardown(() => context.close());
  await tabA.dial('+12025550191');
  await tabA.waitForState('connected', 20_000);

  const tabB = await WidgetAgent.open(browser, stack, 'tabs-late', { context });
  // Signed in as the user just now (WidgetAgent.open sets the host's token last): the call is that user's.
  const signedIn = Date.now();
  const first = await firstShown(tabB.page, 0, (s) => s.elsewhere && s.state === 'connected', 'the late tab to show the call');
  t.ok(first.at - signedIn <= WITHIN_MS, `shown ${first.at - signedIn} ms after the tab was signed in`);
  const refused = await tabB.page.evaluate(async () => {
    const errors: string[] = [];
    const dialer = document.getElementById('dialer') as HTMLElement & { dial(n: string): Promise<boolean> };
    dialer.addEventListener('sw-call-error', (event) => errors.push((event as CustomEvent<{ code: string }>).detail.code));
    return { started: await dialer.dial('+12025550192'), errors };
  });
  t.same(refused, { started: false, errors: ['CALL_IN_OTHER_TAB'] }, 'its dial is refused at once');
  t.same(await socketsOf(tabB.page), [], 'and it opened no connection');
  await tabA.hangup();
  await firstShown(tabB.page, 0, (s) => s.state === 'ended', 'the late tab to show the end');
});

for (const runBeforeUnload of [true, false]) {
  t.test(`closing the owner tab (${runBeforeUnload ? 'running beforeunload' : 'a plain close'}) ends the call everywhere, logged once`, async (t) => {
    const userId = `tabs-close-${runBeforeUnload ? 'unload' : 'plain'}`;
    const { context, closes, tabA, tabB } = await twoTabs(userId);
    t.teardown(() => context.close());
    const number = runBeforeUnload ? '+12025550193' : '+12025550194';
    await tabA.dial(number);
    await tabA.waitForState('connected', 20_000);
    await firstShown(tabB.page, 0, (s) => s.elsewhere && s.state === 'connected', 'the second tab to show the call');
    await tabA.waitForWritesDelivered('the opening writes');
    const [farBefore] = (await (await fetch(`${stack.signalwire.url}/__emulator/calls`)).json()).filter((c: { to: string }) => c.to === number);
    const callId = await tabA.page.evaluate(() => (document.getElementById('dialer') as HTMLElement & { callId: string }).callId);

    const closedAt = Date.now();
    await tabA.page.close({ runBeforeUnload });
    const seenEnded = await firstShown(tabB.page, closedAt, (s) => s.state === 'ended', 'the second tab to show the end', 10_000);
    t.ok(seenEnded.at - closedAt <= WITHIN_MS, `shown ended ${seenEnded.at - closedAt} ms after the close (${seenEnded.status})`);
    const far = await endedFarEndCall(stack.signalwire.url, number, 15_000);
    t.equal(far.callId, farBefore.callId, 'the call ended at the far end');
    t.pass(`the far end's call ended by ${far.hangupBy}, ${Date.parse(far.endedAt) - closedAt} ms after the close`);

    const row = await closedCallRow(stack.app, callId);
    t.ok(['ended', 'failed'].includes(row.status), `the call log closed (${row.status}/${row.end_reason})`);
    await tabB.waitForWritesDelivered('nothing left queued');
    await sleep(3_000);
    t.equal(closes.length, 1, `one closing write reached the API (${JSON.stringify(closes.map((c) => c.body))})`);
    t.same(await socketsOf(tabB.page), [], 'the second tab opened no connection');
    t.same(tabB.pageErrors, [], 'no page errors');
  });
}

t.test('an owner tab that crashes: the call is shown ended once its heartbeat stops, ended at the far end, its log closed once', async (t) => {
  const { context, closes, tabA, tabB } = await twoTabs('tabs-crash');
  t.teardown(() => context.close());
  const number = '+12025550195';
  await tabA.dial(number);
  await tabA.waitForState('connected', 20_000);
  await firstShown(tabB.page, 0, (s) => s.elsewhere && s.state === 'connected', 'the second tab to show the call');
  await tabA.waitForWritesDelivered('the opening writes');
  const callId = await tabA.page.evaluate(() => (document.getElementById('dialer') as HTMLElement & { callId: string }).callId);

  // The renderer dies: no pagehide, no goodbye, no last write.
  const cdp = await context.newCDPSession(tabA.page);
  const crashedAt = Date.now();
  // Not awaited: the protocol's answer never comes from a renderer that died.
  void cdp.send('Page.crash').catch(() => undefined);
  const seenEnded = await firstShown(tabB.page, crashedAt, (s) => s.state === 'ended', 'the second tab to show the end', 15_000);
  // Four missed heartbeats (OWNER_TIMEOUT_MS), and a second of slack for a loaded machine.
  t.ok(seenEnded.at - crashedAt <= 5_000 + WITHIN_MS, `shown ended ${seenEnded.at - crashedAt} ms after the crash (${seenEnded.status})`);
  t.match(seenEnded.status, /interrupted/, 'as interrupted');
  const far = await endedFarEndCall(stack.signalwire.url, number, 20_000);
  t.pass(`the far end's call ended by ${far.hangupBy}, ${Date.parse(far.endedAt) - crashedAt} ms after the crash`);
  const row = await closedCallRow(stack.app, callId);
  t.match(row, { status: 'failed', end_reason: 'abandoned' }, 'the call log closed by the tab that stayed');
  await sleep(3_000);
  t.equal(closes.length, 1, `one closing write reached the API (${JSON.stringify(closes.map((c) => c.body))})`);
  t.same(await socketsOf(tabB.page), [], 'the second tab opened no connection');
  t.same(tabB.pageErrors, [], 'no page errors');
});
