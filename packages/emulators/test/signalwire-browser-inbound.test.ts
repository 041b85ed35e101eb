/**
 * Inbound calls with the real SDK: Chromium bundles @signalwire/js, goes online with
 * `client.online({incomingCallHandlers})`, and the emulator's control API makes the far end call it
 * (`POST /__emulator/calls/inbound`). Answered: media both ways (RTP counted at both ends) and a hangup;
 * declined; and a caller who gives up while it rings (missed).
 */
import { existsSync } from 'node:fs';
import t from 'tap';
import type { Browser, Page } from 'playwright-core';
import type { SignalWireEmulator } from '../src/signalwire/index.js';
import { CHROMIUM_PATH, launchChromium } from '@sw-dialer/test-support/launch-chromium';
import { servePage } from './browser/serve-page.js';
import type { CallLog } from './browser/dialer-page.js';
import { controlCall, mintToken, startEmulator, waitFor, type ControlCall } from './fixtures/signalwire-helpers.js';

const SUBSCRIBER = 'agent-inbound';
const CALLER = '+12025550100';

type Invite = { callID: string; caller_id_number: string; callee_id_number: string; display_direction: string };
type Harness = {
  mute(id: string): Promise<void>;
  unmute(id: string): Promise<void>;
  hold(id: string): Promise<void>;
  unhold(id: string): Promise<void>;
  sendDigits(id: string, digits: string): Promise<void>;
  connect(token: string, host: string): Promise<void>;
  online(): Promise<void>;
  offline(): Promise<void>;
  invites(): Invite[];
  accept(index: number): Promise<string>;
  reject(index: number): Promise<void>;
  log(id: string): CallLog;
  hangup(id: string): Promise<void>;
  inboundPackets(id: string): Promise<number>;
};

if (!existsSync(CHROMIUM_PATH)) {
  t.fail(`${CHROMIUM_PATH} is missing: apt-get install -y chromium`);
} else {
  let emulator: SignalWireEmulator;
  let browser: Browser;
  let page: Page;
  let pageServer: { url: string; close(): Promise<void> };
  const pageErrors: string[] = [];

  const call = <K extends keyof Harness>(method: K, ...args: Parameters<Harness[K]>) =>
    page.evaluate(([m, a]) => (window as unknown as { harness: Record<string, (...x: unknown[]) => unknown> }).harness[m]!(...a), [
      method,
      args
    ] as const) as Promise<Awaited<ReturnType<Harness[K]>>>;

  const ring = async (body: Record<string, unknown>) => {
    const response = await fetch(`${emulator.url}/__emulator/calls/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body)
    });
    return { status: response.status, body: (await response.json()) as { callId: string; devices: number; error?: string } };
  };
  const invite = (callId: string) =>
    waitFor(`the page to be offered ${callId}`, async () => {
      const all = await call('invites');
      const index = all.findIndex((offered) => offered.callID === callId);
      return index >= 0 ? { index, details: all[index] as Invite } : undefined;
    });
  const ended = (callId: string) =>
    waitFor(`the emulator to record the end of ${callId}`, async () => {
      const record = await controlCall(emulator, callId);
      return record?.state === 'ended' ? record : undefined;
    });

  t.before(async () => {
    emulator = await startEmulator({ ringTimeoutMs: 5000, pingIntervalMs: 5000 });
    pageServer = await servePage();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(pageServer.url);
    await page.waitForFunction(() => document.title === 'harness-ready');
    const { token } = await mintToken(emulator, { reference: SUBSCRIBER });
    await call('connect', token, emulator.wsUrl);
  });

  t.teardown(async () => {
    await browser?.close();
    await pageServer?.close();
    await emulator?.close();
  });

  t.test('nobody online: the control API refuses with 409, and checks its body', async (t) => {
    t.equal((await ring({ from: CALLER, to: SUBSCRIBER })).status, 409, 'connected but not online');
    t.equal((await ring({ from: '555', to: SUBSCRIBER })).status, 400);
    t.equal((await ring({ from: CALLER })).status, 400);
    await call('online');
  });

  t.test('rings the page, is answered, carries audio both ways, and the page hangs up', async (t) => {
    const placed = await ring({ from: CALLER, to: SUBSCRIBER });
    t.equal(placed.status, 201);
    t.equal(placed.body.devices, 1);
    const { index, details } = await invite(placed.body.callId);
    t.match(details, { caller_id_number: CALLER, callee_id_number: SUBSCRIBER, display_direction: 'inbound' }, 'the invite says who calls');
    t.equal((await controlCall(emulator, placed.body.callId))?.state, 'ringing');

    const id = await call('accept', index);
    const active = await waitFor('the SDK to go active', async () => {
      const log = await call('log', id);
      return log.states.includes('active') ? log : undefined;
    });
    t.ok(active.states.includes('active'), `SDK states ${active.states.join(' ')}`);
    await waitFor('call.joined', async () => ((await call('log', id)).joined ? true : undefined));

    // Let media flow both ways, then count it at both ends.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const browserPackets = await call('inboundPackets', id);
    t.ok(browserPackets > 10, `the browser received the caller's audio (${browserPackets} packets)`);
    const during = (await controlCall(emulator, placed.body.callId)) as ControlCall;
    t.ok(during.rtpPacketsReceived > 10, `the caller received the browser's audio (${during.rtpPacketsReceived} packets)`);
    t.equal(during.state, 'active');
    t.type(during.answeredAt, 'string');

    // The SDK's server-side mute (call.mute) works on an answered inbound call as on a dialled one.
    await call('mute', id);
    await call('unmute', id);
    t.match((await controlCall(emulator, placed.body.callId)) as ControlCall, { mutes: ['mute', 'unmute'], muted: false }, 'mute and unmute reach the relay');
    // Hold (verto.modify) and keypad tones (verto.info) too: a real space does not care which way the call came.
    await call('hold', id);
    await call('unhold', id);
    await call('sendDigits', id, '12#');
    t.match(
      (await controlCall(emulator, placed.body.callId)) as ControlCall,
      { holds: ['hold', 'unhold'], held: false, dtmf: '12#' },
      'hold, unhold and digits reach the relay'
    );

    await call('hangup', id);
    await waitFor('destroy', async () => ((await call('log', id)).destroyed ? true : undefined));
    const record = await ended(placed.body.callId);
    t.match(record, { direction: 'inbound', cause: 'NORMAL_CLEARING', hangupBy: 'callee', from: CALLER, to: SUBSCRIBER });
  });

  t.test('the caller hangs up an answered call: the SDK hears the bye', async (t) => {
    const placed = await ring({ from: CALLER, to: SUBSCRIBER, hangupAfterMs: 800 });
    const { index } = await invite(placed.body.callId);
    const id = await call('accept', index);
    const log = await waitFor('destroy after the caller hung up', async () => {
      const current = await call('log', id);
      return current.destroyed ? current : undefined;
    });
    t.ok(log.states.includes('active'), 'it was answered first');
    const record = await ended(placed.body.callId);
    t.match(record, { cause: 'NORMAL_CLEARING', hangupBy: 'caller' });
    t.ok(record.rtpPacketsReceived > 0, 'media flowed while it lasted');
  });

  t.test('the page declines: the call ends declined (USER_BUSY from the SDK)', async (t) => {
    const placed = await ring({ from: CALLER, to: SUBSCRIBER });
    const { index } = await invite(placed.body.callId);
    await call('reject', index);
    const record = await ended(placed.body.callId);
    t.match(record, { direction: 'inbound', cause: 'USER_BUSY', hangupBy: 'callee', answeredAt: null });
  });

  t.test('the caller gives up while it rings: missed', async (t) => {
    const placed = await ring({ from: CALLER, to: SUBSCRIBER, answerWithin: 700 });
    await invite(placed.body.callId);
    const record = await ended(placed.body.callId);
    t.match(record, { direction: 'inbound', cause: 'ORIGINATOR_CANCEL', causeCode: 487, hangupBy: 'caller', answeredAt: null, rtpPacketsReceived: 0 });
  });

  t.test('two devices online: both ring, the first to answer wins, the other is refused', async (t) => {
    const second = await browser.newPage();
    t.teardown(() => second.close());
    await second.goto(pageServer.url);
    await second.waitForFunction(() => document.title === 'harness-ready');
    const onSecond = <K extends keyof Harness>(method: K, ...args: Parameters<Harness[K]>) =>
      second.evaluate(([m, a]) => (window as unknown as { harness: Record<string, (...x: unknown[]) => unknown> }).harness[m]!(...a), [
        method,
        args
      ] as const) as Promise<Awaited<ReturnType<Harness[K]>>>;
    const { token } = await mintToken(emulator, { reference: SUBSCRIBER });
    await onSecond('connect', token, emulator.wsUrl);
    await onSecond('online');

    const placed = await ring({ from: CALLER, to: SUBSCRIBER });
    t.equal(placed.body.devices, 2, 'rang on both devices');
    const first = await invite(placed.body.callId);
    const other = await waitFor('the second device to be offered the call', async () => {
      const index = (await onSecond('invites')).findIndex((offered) => offered.callID === placed.body.callId);
      return index >= 0 ? index : undefined;
    });
    const id = await call('accept', first.index);
    await waitFor('the first device to go active', async () => ((await call('log', id)).states.includes('active') ? true : undefined));
    // The second device's SDK keeps the invite (the LOSE_RACE bye reaches no call object); answering it is refused.
    const late = await onSecond('accept', other);
    const lateLog = await waitFor(
      'the late answer to end',
      async () => {
        const log = await onSecond('log', late);
        return log.destroyed ? log : undefined;
      },
      20_000
    );
    t.notOk(lateLog.states.includes('active'), 'the second device never went active');
    t.equal((await controlCall(emulator, placed.body.callId))?.state, 'active', 'the call stays with the first device');
    await call('hangup', id);
    t.match(await ended(placed.body.callId), { cause: 'NORMAL_CLEARING', hangupBy: 'callee' });
    await onSecond('offline');
  });

  t.test('offline: no longer rings', async (t) => {
    await call('offline');
    t.equal((await ring({ from: CALLER, to: SUBSCRIBER })).status, 409);
    t.same(pageErrors, [], 'no uncaught errors on the page');
  });
}
