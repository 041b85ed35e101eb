/**
 * The proof that the emulator speaks the SDK's language: Debian's Chromium loads a page bundling the
 * real @signalwire/js, dials every scenario number through the emulator, and we assert what the SDK
 * reports (states, causes) and what the far end received (digits, RTP, hold and mute changes).
 */
import { existsSync } from 'node:fs';
import t from 'tap';
import type { Browser, Page } from 'playwright-core';
import type { SignalWireEmulator } from '../src/signalwire/index.js';
import { CHROMIUM_PATH, launchChromium } from '@sw-dialer/test-support/launch-chromium';
import { servePage } from './browser/serve-page.js';
import type { CallLog } from './browser/dialer-page.js';
import { controlCall, controlCalls, mintToken, setScenario, startEmulator, waitFor, type ControlCall } from './fixtures/signalwire-helpers.js';

const RING_TIMEOUT_MS = 2500;

type Harness = {
  connect(token: string, host: string): Promise<void>;
  dial(to: string): Promise<string>;
  log(id: string): CallLog;
  sendDigits(id: string, digits: string): Promise<void>;
  hold(id: string): Promise<void>;
  unhold(id: string): Promise<void>;
  mute(id: string): Promise<void>;
  unmute(id: string): Promise<void>;
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

  const logOf = (id: string) => call('log', id);
  const until = (id: string, what: string, check: (log: CallLog) => boolean, timeoutMs = 8000) =>
    waitFor(
      what,
      async () => {
        const log = await logOf(id);
        return check(log) ? log : undefined;
      },
      timeoutMs
    );

  /** The emulator's view of the newest webrtc call to `to`. */
  const farEnd = async (to: string): Promise<ControlCall> =>
    waitFor(`emulator record for ${to}`, async () => (await controlCalls(emulator)).filter((c) => c.channel === 'webrtc' && c.to === to).at(-1));

  t.before(async () => {
    emulator = await startEmulator({ ringTimeoutMs: RING_TIMEOUT_MS, pingIntervalMs: 5000 });
    // Shorter rings than the defaults keep the whole test well under two minutes; outcomes are unchanged.
    await setScenario(emulator, '+12025550100', { outcome: 'answer', ringMs: 400 });
    await setScenario(emulator, '+12025550105', { outcome: 'declined', ringMs: 400 });
    await setScenario(emulator, '+12025550106', { outcome: 'answer', ringMs: 300, hangupAfterMs: 1500 });
    pageServer = await servePage();
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(pageServer.url);
    await page.waitForFunction(() => document.title === 'harness-ready');
    const { token } = await mintToken(emulator, { reference: 'browser-user' });
    await call('connect', token, emulator.wsUrl);
  });

  t.teardown(async () => {
    await browser?.close();
    await pageServer?.close();
    await emulator?.close();
  });

  t.test('+12025550100 rings, answers; DTMF, hold, mute reach the far end; local hangup', async (t) => {
    const id = await call('dial', '+12025550100');
    // start() resolves on call.joined; the phone leg's `answered` follows it (as on SignalWire), so wait for both.
    const joined = await until(
      id,
      'call.start() to resolve and the phone leg to answer',
      (log) => log.startOutcome === 'resolved' && log.phoneStates.includes('answered')
    );
    t.same(joined.states, ['requesting', 'trying', 'early', 'active'], 'SDK states up to active');
    t.same(joined.phoneStates, ['created', 'ringing', 'answered'], 'phone leg states');
    t.ok(joined.joined, 'call.joined received');

    await call('sendDigits', id, '1#');
    await call('sendDigits', id, '*9');
    await call('hold', id);
    await call('unhold', id);
    await call('mute', id);
    await call('unmute', id);
    const muted = await until(id, 'member.updated twice', (log) => log.memberAudioMuted.length >= 2);
    t.same(muted.memberAudioMuted, [true, false], 'member.updated reported mute then unmute');

    // Let media flow both ways for a moment, then check it did.
    await new Promise((resolve) => setTimeout(resolve, 800));
    t.ok((await call('inboundPackets', id)) > 10, 'the browser received the far end audio');

    await call('hangup', id);
    const ended = await until(id, 'destroy', (log) => log.destroyed);
    t.same(ended.states.slice(-2), ['hangup', 'destroy'], 'local hangup ends with hangup, destroy');

    const record = await waitFor('far end to record the end', async () => {
      const found = await farEnd('+12025550100');
      return found.state === 'ended' ? found : undefined;
    });
    t.equal(record.dtmf, '1#*9', 'digits received in order');
    t.same(record.holds, ['hold', 'unhold']);
    t.same(record.mutes, ['mute', 'unmute']);
    t.equal(record.hangupBy, 'caller');
    t.equal(record.cause, 'NORMAL_CLEARING');
    t.ok(record.rtpPacketsReceived > 20, `emulator received RTP (${record.rtpPacketsReceived} packets)`);
    // The far end's own RFC 3550 figures of the browser's audio: measured (not null), and what a 20 ms
    // stream over loopback gives, not a clock or unit mix-up (seconds or timestamp units would be off by 1000× or 8×).
    t.type(record.rtpJitterMs, 'number', 'the far end measured the jitter');
    const jitterMs = record.rtpJitterMs ?? -1;
    t.ok(jitterMs > 0 && jitterMs < 100, `jitter ${jitterMs} ms`);
    t.ok(record.rtpPacketsLost < record.rtpPacketsReceived / 10, `${record.rtpPacketsLost} audio packets lost`);
  });

  const failures = [
    { to: '+12025550101', cause: 'USER_BUSY', code: '17', rings: false },
    { to: '+12025550102', cause: 'NO_ANSWER', code: '19', rings: true },
    { to: '+12025550103', cause: 'UNALLOCATED_NUMBER', code: '1', rings: false },
    { to: '+12025550104', cause: 'NETWORK_OUT_OF_ORDER', code: '38', rings: false },
    { to: '+12025550105', cause: 'CALL_REJECTED', code: '21', rings: true }
  ];
  for (const failure of failures) {
    t.test(`${failure.to} fails with ${failure.cause}`, async (t) => {
      const started = Date.now();
      const id = await call('dial', failure.to);
      const log = await until(id, 'destroy', (l) => l.destroyed);
      const expected = failure.rings ? ['requesting', 'trying', 'early', 'hangup', 'destroy'] : ['requesting', 'trying', 'hangup', 'destroy'];
      t.same(log.states, expected, 'SDK states');
      t.same(log.phoneStates, failure.rings ? ['created', 'ringing', 'ending', 'ended'] : ['created', 'ending', 'ended'], 'phone leg states');
      t.equal(log.cause, failure.cause, 'call.cause');
      t.equal(log.causeCode, failure.code, 'call.causeCode');
      t.not(log.startOutcome, 'resolved', 'start() never resolves for a call that was not answered');
      t.notOk(log.joined);
      if (failure.cause === 'NO_ANSWER') t.ok(Date.now() - started >= RING_TIMEOUT_MS, 'rang for the ring timeout');
      const record = await farEnd(failure.to);
      t.equal(record.cause, failure.cause);
      t.equal(record.hangupBy, 'callee');
      t.equal(record.answeredAt, null);
    });
  }

  t.test('+12025550106 answers, then the far end hangs up (NORMAL_CLEARING)', async (t) => {
    const id = await call('dial', '+12025550106');
    await until(id, 'start() to resolve', (log) => log.startOutcome === 'resolved');
    const log = await until(id, 'remote hangup', (l) => l.destroyed, 6000);
    t.same(log.states, ['requesting', 'trying', 'early', 'active', 'hangup', 'destroy']);
    t.equal(log.cause, 'NORMAL_CLEARING');
    t.equal(log.causeCode, '16');
    t.same(log.phoneStates, ['created', 'ringing', 'answered', 'ending', 'ended']);
    const record = await farEnd('+12025550106');
    t.equal(record.hangupBy, 'callee');
    t.ok(record.rtpPacketsReceived > 0, 'emulator received RTP');
  });

  t.test('any other E.164 number rings, then answers', async (t) => {
    await setScenario(emulator, '+14155550123', { outcome: 'answer', ringMs: 500 });
    const id = await call('dial', '+14155550123');
    const log = await until(id, 'start() to resolve', (l) => l.startOutcome === 'resolved');
    t.same(log.states, ['requesting', 'trying', 'early', 'active']);
    await call('hangup', id);
    await until(id, 'destroy', (l) => l.destroyed);
  });

  t.test('a number outside the table uses the default (rings about 2 s)', async (t) => {
    const started = Date.now();
    const id = await call('dial', '+442079460000');
    const log = await until(id, 'start() to resolve', (l) => l.startOutcome === 'resolved');
    t.ok(Date.now() - started >= 1900, 'rang about two seconds');
    t.same(log.states, ['requesting', 'trying', 'early', 'active']);
    await call('hangup', id);
    await until(id, 'destroy', (l) => l.destroyed);
  });

  t.test('hanging up while it rings cancels (ORIGINATOR_CANCEL) and it is never answered', async (t) => {
    await setScenario(emulator, '+12025550100', { outcome: 'answer', ringMs: 1200 });
    const id = await call('dial', '+12025550100');
    await until(id, 'early media', (log) => log.states.includes('early'));
    await call('hangup', id);
    await until(id, 'destroy', (log) => log.destroyed);
    // Past the moment it would have answered.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const log = await logOf(id);
    t.notOk(log.states.includes('active'), 'the SDK never went active');
    const record = await farEnd('+12025550100');
    t.equal(record.cause, 'ORIGINATOR_CANCEL');
    t.equal(record.causeCode, 487);
    t.equal(record.hangupBy, 'caller');
    t.equal(record.answeredAt, null, 'the far end never answered');
    t.equal(record.state, 'ended');
  });

  t.test('no uncaught errors on the page', async (t) => {
    t.same(pageErrors, []);
    const all = await controlCalls(emulator);
    t.ok(
      all.every((c) => c.state === 'ended'),
      'every call has ended'
    );
    t.ok(await controlCall(emulator, all[0]!.callId));
  });
}
