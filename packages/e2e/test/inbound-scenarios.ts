import t from 'tap';
import { launchBrowser, type BrowserName } from './browser.js';
import { documentScreenshot, emulatorCalls, waitUntil } from './e2e-helpers.js';
import { startStack } from './start-stack.js';
import { WidgetAgent, sleep, type Page } from './reliability/widget-agent.js';

/**
 * Incoming calls (issue 20, docs/adr/0100-0102) with the real widget, the real @signalwire/js SDK in a real
 * browser (one file per browser runs this: inbound-calls*.test.ts), the SignalWire emulator's far end calling
 * the agent (`POST /__emulator/calls/inbound`), and the real API and database: a known contact rings with name
 * and presence, is answered and carries audio both ways, and is logged inbound with its duration; a caller who
 * gives up is logged missed and listed as such; a declined call is logged declined-by-agent; a second tab of the
 * same browser does not ring.
 */
export async function inboundScenarios({ browser: browserName }: { browser: BrowserName }): Promise<void> {
  // Four calls with real media and a second tab: more than the default 300 s on a machine shared with other runs.
  t.setTimeout(900_000);
  const stack = await startStack();
  t.teardown(() => stack.stop());
  const browser = await launchBrowser(browserName);
  t.teardown(() => browser.close());

  const ADA = '+12025550100'; // Ada Answers, Northwind Traders, online (the SwitchFree emulator's seed)
  /**
   * The ring time for the missed-call case. The others ring for 2 minutes (and their caller waits 3), so that a
   * loaded machine (a screenshot can take many seconds there) cannot ring them out before the test answers.
   */
  const RING_TIMEOUT_S = 5;
  const LONG_RING_S = 120;

  const userId = 'inbound-agent';
  const context = await WidgetAgent.context(browser);
  t.teardown(() => context.close());
  // The machine these tests share is often loaded: a page load may take longer than playwright's 30 s default.
  context.setDefaultNavigationTimeout(240_000);
  // Every RTCPeerConnection the page makes, so the test can count the audio the browser received.
  await context.addInitScript(() => {
    const Native = window.RTCPeerConnection;
    const all: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
    window.RTCPeerConnection = class extends Native {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        all.push(this);
      }
    } as typeof RTCPeerConnection;
    // What the host page itself sees: unhandled rejections reaching its own listener (installed before any script).
    const hostRejections: string[] = [];
    (window as unknown as { __hostRejections: string[] }).__hostRejections = hostRejections;
    addEventListener('unhandledrejection', (e) => hostRejections.push(String((e.reason as Error | null)?.message ?? e.reason)));
    const seen: Array<{ type: string; detail: unknown }> = [];
    (window as unknown as { __inbound: typeof seen }).__inbound = seen;
    for (const type of ['sw-incoming-call', 'sw-online-change', 'sw-call-logged']) {
      document.addEventListener(type, (event) => seen.push({ type, detail: (event as CustomEvent).detail }));
    }
  });
  const agent = await WidgetAgent.open(browser, stack, userId, { context });
  const page = agent.page;

  /** The far end calls the agent; resolves with the emulator's call id. */
  async function ring(body: Record<string, unknown>): Promise<string> {
    const response = await fetch(`${stack.signalwire.url}/__emulator/calls/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // A caller waits 3 minutes unless the test says otherwise (the emulator's default is its ring timeout, 2.5 s here).
      body: JSON.stringify({ from: ADA, to: userId, answerWithin: 180_000, ...body })
    });
    const answer = (await response.json()) as { callId: string; devices: number };
    if (response.status !== 201) throw new Error(`the emulator refused to ring: ${response.status} ${JSON.stringify(answer)}`);
    return answer.callId;
  }

  const farEnd = async (callId: string) => (await emulatorCalls(stack.signalwire.url)).find((call) => call.callId === callId);

  /** What the incoming panel of the page's widget shows (inside the shadow roots), or null when none. */
  function panel(on: Page): Promise<{ mode: string; name: string; presence: string; text: string } | null> {
    return on.evaluate(() => {
      const incoming = document.getElementById('dialer')?.shadowRoot?.querySelector('sw-incoming-call') as
        (HTMLElement & { name: string; presence: string; mode: string }) | null;
      if (!incoming) return null;
      return {
        mode: incoming.mode,
        name: incoming.name,
        presence: incoming.presence,
        text: (incoming.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim()
      };
    });
  }

  async function waitForPanel(on: Page, mode: string, what: string, timeoutMs = 20_000) {
    let shown: Awaited<ReturnType<typeof panel>> = null;
    await waitUntil(
      async () => {
        shown = await panel(on);
        return shown?.mode === mode && shown.name !== '' && (mode !== 'ringing' || shown.presence !== '');
      },
      what,
      timeoutMs
    );
    return shown!;
  }

  const inboundEvents = (on: Page) => on.evaluate(() => (window as unknown as { __inbound: Array<{ type: string; detail: any }> }).__inbound);

  /** Audio packets the browser received over every peer connection of the page. */
  const browserPacketsReceived = () =>
    page.evaluate(async () => {
      let packets = 0;
      for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
        (await pc.getStats()).forEach((report: { type: string; kind?: string; packetsReceived?: number }) => {
          if (report.type === 'inbound-rtp' && report.kind === 'audio') packets += report.packetsReceived ?? 0;
        });
      }
      return packets;
    });

  /** The newest inbound row of the agent once it is closed. */
  async function inboundRow(clientCallsBefore: number): Promise<Record<string, any>> {
    let row: Record<string, any> | undefined;
    await waitUntil(
      async () => {
        const rows = await stack.app.db.selectFrom('call_logs').selectAll().where('user_id', '=', userId).orderBy('started_at').execute();
        row = rows.length > clientCallsBefore ? (rows.at(-1) as Record<string, any>) : undefined;
        return row?.status === 'ended' || row?.status === 'failed';
      },
      'the inbound call to be logged',
      15_000
    );
    return row!;
  }
  const rowCount = async () => (await stack.app.db.selectFrom('call_logs').select('id').where('user_id', '=', userId).execute()).length;

  await page.evaluate((seconds) => {
    const dialer = document.getElementById('dialer') as HTMLElement & { goOnline(): void };
    dialer.setAttribute('ring-timeout', String(seconds));
    dialer.goOnline();
  }, LONG_RING_S);
  await waitUntil(
    async () => (await inboundEvents(page)).some((e) => e.type === 'sw-online-change' && e.detail.online),
    'the widget to go online',
    60_000
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}; widget events ${JSON.stringify(await agent.events())}; console: ${agent.console.join(' | ')}`);
  });

  t.test('a known contact rings with name and presence, is answered, carries audio both ways, and is logged inbound', async (t) => {
    const before = await rowCount();
    const from = (await agent.events()).length;
    const callId = await ring({});
    const shown = await waitForPanel(page, 'ringing', 'the incoming panel to name the caller with presence');
    t.match(shown, { name: 'Ada Answers', presence: 'available' }, 'who calls, and their presence');
    t.match(shown.text, /Incoming call from Ada Answers, Northwind Traders/);
    t.match((await inboundEvents(page)).filter((e) => e.type === 'sw-incoming-call').at(-1), {
      detail: { number: ADA, contact: { displayName: 'Ada Answers' } }
    });
    // The user guide's pictures are Chromium's.
    if (browserName === 'chromium') await documentScreenshot(page, 'incoming-call.png');

    await page.locator('sw-incoming-call button.answer').click();
    await agent.waitForState('connected', 60_000).catch(async (error) => {
      t.comment(JSON.stringify({ events: (await agent.events()).slice(from), far: await farEnd(callId), console: agent.console }, null, 1));
      throw error;
    });
    t.equal(await panel(page), null, 'the panel is gone once answered');
    await sleep(1_500);
    const received = await browserPacketsReceived();
    t.ok(received > 20, `the browser received the caller's audio (${received} packets)`);
    const during = await farEnd(callId);
    t.ok(during?.rtpPacketsReceived > 20, `the caller received the agent's audio (${during?.rtpPacketsReceived} packets)`);
    t.equal(during?.state, 'active');

    // An ordinary call from here on: mute reaches the far end, and the agent ends it.
    await page.evaluate(() => (document.getElementById('dialer') as HTMLElement & { mute(): void }).mute());
    await waitUntil(async () => ((await farEnd(callId))?.mutes?.length ?? 0) > 0, 'the mute to reach the far end');
    await agent.hangup();
    const ended = await agent.waitForEnd(from);
    t.match(ended, { status: 'ended', endReason: 'local-hangup' });
    t.ok(ended.durationMs >= 1_500, `a duration (${ended.durationMs} ms)`);
    t.same(ended.states, ['dialing', 'connected', 'ended'], 'answering goes straight to connected (dialing: until the relay confirms)');

    const row = await inboundRow(before);
    t.match(row, { direction: 'inbound', number: ADA, status: 'ended', end_reason: 'local-hangup', contact_id: /.+/ });
    t.ok(row.duration_ms >= 1_500 && Math.abs(row.duration_ms - ended.durationMs) < 1_000, `logged with its duration (${row.duration_ms} ms)`);
    t.ok(row.answered_at > row.started_at, 'logged from when it began to ring');
    await waitUntil(async () => (await farEnd(callId))?.state === 'ended', 'the far end to hang up');
    t.match(await farEnd(callId), { direction: 'inbound', hangupBy: 'callee', cause: 'NORMAL_CLEARING' });
  });

  t.test('a caller who gives up while it rings: logged missed, and shown in history as missed', async (t) => {
    const before = await rowCount();
    const from = (await agent.events()).length;
    await page.evaluate((seconds) => document.getElementById('dialer')!.setAttribute('ring-timeout', String(seconds)), RING_TIMEOUT_S);
    t.teardown(() => page.evaluate((seconds) => document.getElementById('dialer')!.setAttribute('ring-timeout', String(seconds)), LONG_RING_S));
    const callId = await ring({ answerWithin: 1_500 });
    await waitUntil(async () => (await panel(page))?.mode === 'ringing', 'the call to ring');
    await waitUntil(async () => (await farEnd(callId))?.cause === 'ORIGINATOR_CANCEL', 'the caller to give up');
    // The SDK says nothing of it: the widget rings out its own time, then logs the call missed.
    await waitUntil(async () => (await panel(page)) === null, 'the ring time to run out', RING_TIMEOUT_S * 1_000 + 5_000);
    const row = await inboundRow(before);
    t.match(row, { direction: 'inbound', number: ADA, status: 'ended', end_reason: 'missed', duration_ms: 0, answered_at: null });
    t.same(
      (await agent.events()).slice(from).filter((event) => event.type === 'state'),
      [],
      'the widget never went into a call'
    );

    await waitUntil(async () => /Incoming · Missed call/.test(await historyText()), 'the history to list the missed call', 10_000);
    const history = await historyText();
    t.match(history, /202.?555.?0100/, 'the history lists the caller');
    t.match(history, /Incoming · Missed call/, 'as an incoming call, missed');
    if (browserName === 'chromium') await documentScreenshot(page, 'missed-call-history.png');
  });

  t.test('a declined call: the caller hears busy, logged declined-by-agent', async (t) => {
    const before = await rowCount();
    const callId = await ring({});
    await waitForPanel(page, 'ringing', 'the call to ring');
    await page.locator('sw-incoming-call button.decline').focus();
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await farEnd(callId))?.state === 'ended', 'the far end to hear the decline');
    t.match(await farEnd(callId), { cause: 'USER_BUSY', hangupBy: 'callee', answeredAt: null });
    const row = await inboundRow(before);
    t.match(row, { direction: 'inbound', status: 'ended', end_reason: 'declined-by-agent', duration_ms: 0 });
    t.equal(await panel(page), null);
  });

  t.test('a second tab of the same browser does not ring; it shows that the call rings in the other tab', async (t) => {
    const second = await WidgetAgent.open(browser, stack, userId, { context });
    t.teardown(() => second.close());
    await second.page.evaluate((seconds) => {
      const dialer = document.getElementById('dialer') as HTMLElement & { goOnline(): void };
      dialer.setAttribute('ring-timeout', String(seconds));
      dialer.goOnline();
    }, LONG_RING_S);
    // The second tab waits for the line: the emulator sees one device online, the first tab.
    await sleep(1_500);
    const callId = await ring({});
    const onFirst = await waitForPanel(page, 'ringing', 'the first tab to ring');
    t.equal(onFirst.name, 'Ada Answers');
    const onSecond = await waitForPanel(second.page, 'elsewhere', 'the second tab to show where it rings');
    t.match(onSecond.text, /Ringing in another tab: Ada Answers/);
    t.same(
      (await inboundEvents(second.page)).filter((e) => e.type === 'sw-incoming-call' || (e.type === 'sw-online-change' && e.detail.online)),
      [],
      'the second tab is not online and is offered nothing'
    );
    const record = (await emulatorCalls(stack.signalwire.url)).find((call) => call.callId === callId);
    t.ok(record, 'the call exists');
    await page.locator('sw-incoming-call button.decline').click();
    await waitUntil(async () => (await panel(second.page)) === null, 'the second tab to clear its notice');

    // The first tab goes offline: the line passes to the second tab, which now rings.
    await page.evaluate(() => (document.getElementById('dialer') as HTMLElement & { goOffline(): void }).goOffline());
    await waitUntil(
      async () => (await inboundEvents(second.page)).some((e) => e.type === 'sw-online-change' && e.detail.online),
      'the second tab to take the line',
      20_000
    );
    await ring({});
    t.match(await waitForPanel(second.page, 'ringing', 'the second tab to ring'), { name: 'Ada Answers' });
    t.equal(await panel(page), null, 'the first tab, offline, does not ring');
    await second.page.locator('sw-incoming-call button.decline').click();
    await waitUntil(async () => (await panel(second.page)) === null, 'the decline');
  });

  t.test('no page errors', async (t) => {
    // WebDriver BiDi (Firefox) reports an unhandled rejection even when the page prevented it (docs/adr/0086, 0124):
    // there the SDK's speaker-watcher rejection of an answered call is the one allowed, and the host page's
    // listener must not see it.
    const sdkWatcher = 'before being able to listen for device changes';
    const errors = browserName === 'firefox' ? agent.pageErrors.filter((error) => !error.includes(sdkWatcher)) : agent.pageErrors;
    t.same(errors, [], agent.console.join('\n'));
    t.same(
      await page.evaluate(() => (window as unknown as { __hostRejections: string[] }).__hostRejections),
      [],
      'no unhandled rejection reached the host page'
    );
  });

  async function historyText(): Promise<string> {
    return page.evaluate(() => (document.getElementById('history')?.shadowRoot?.textContent ?? '').replace(/\s+/g, ' '));
  }
}
