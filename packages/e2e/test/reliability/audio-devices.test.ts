import t from 'tap';
import { launchChromium } from '../browser.js';
import { startStack } from '../start-stack.js';
import { WidgetAgent, callRows, farEndCalls, sleep, waitUntil } from './widget-agent.js';

/**
 * The agent's audio devices on a real SDK call through the emulator (issue 21, docs/adr/0111), with Chromium's
 * fake devices (three microphones: default, "Fake Audio Input 1", "Fake Audio Input 2"). Choosing a
 * microphone in the settings panel switches the call's sending track to it; the device disappearing
 * (Chromium's fake devices cannot be unplugged: the page's device list is narrowed, `devicechange` fired and
 * the track ended, as an unplugged headset does) falls back to the default with a notice, and the far end
 * goes on receiving RTP.
 */
const stack = await startStack();
t.teardown(() => stack.stop());
const browser = await launchChromium();
t.teardown(() => browser.close());
const context = await WidgetAgent.context(browser);
// Every peer connection the page makes, to read the call's sending track.
await context.addInitScript(() => {
  const Native = window.RTCPeerConnection;
  const made: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = made;
  window.RTCPeerConnection = class extends Native {
    constructor(...args: ConstructorParameters<typeof Native>) {
      super(...args);
      made.push(this);
    }
  } as typeof Native;
});
const agent = await WidgetAgent.open(browser, stack, 'devices-agent', { context });
t.teardown(() => context.close());

const sendingDevice = () =>
  agent.page.evaluate(() => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed');
    const track = pcs
      .at(-1)
      ?.getSenders()
      .find((s) => s.track?.kind === 'audio')?.track;
    return track ? { deviceId: track.getSettings().deviceId ?? '', state: track.readyState } : null;
  });
const farEnd = async (number: string) => (await farEndCalls(stack)).filter((call) => call.to === number).pop() as Record<string, any>;
const inDialer = <T>(fn: (root: ShadowRoot) => T | Promise<T>) =>
  agent.page.evaluate(`(${fn.toString()})(document.getElementById('dialer').shadowRoot)`) as Promise<T>;

t.test('choose a microphone mid-call, then lose it: the track follows, falls back, and RTP keeps arriving', async (t) => {
  const number = '+12025550160';
  const from = await agent.dial(number);
  await agent.waitForState('connected');
  await waitUntil(async () => (await sendingDevice())?.deviceId === 'default', 'the call to send from the default microphone');

  // The settings panel: its lists come from the browser.
  await inDialer((root) => (root.querySelector('[part=devices-button]') as HTMLButtonElement).click());
  await waitUntil(
    async () => (await inDialer((root) => root.querySelector('sw-device-settings')?.shadowRoot?.querySelectorAll('select[name=input] option').length ?? 0)) > 2,
    'the microphone list'
  );
  const chosen = await inDialer((root) => {
    const select = root.querySelector('sw-device-settings')!.shadowRoot!.querySelector('select[name=input]') as HTMLSelectElement;
    const option = Array.from(select.options).find((o) => o.text === 'Fake Audio Input 2')!;
    select.value = option.value;
    select.dispatchEvent(new Event('change'));
    return option.value;
  });
  await waitUntil(async () => (await sendingDevice())?.deviceId === chosen, 'the call to send from the chosen microphone', 10_000);
  t.pass('the sending track switched to the chosen microphone');
  t.equal(await agent.page.evaluate(() => JSON.parse(localStorage.getItem('sw-dialer:audio-devices') ?? '{}').input), chosen, 'the choice is kept');

  // The headset goes away.
  await agent.page.evaluate((gone) => {
    const media = navigator.mediaDevices;
    const list = media.enumerateDevices.bind(media);
    media.enumerateDevices = async () => (await list()).filter((device) => device.deviceId !== gone);
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
    const track = pcs
      .at(-1)!
      .getSenders()
      .find((s) => s.track?.kind === 'audio')!.track!;
    track.stop();
    track.dispatchEvent(new Event('ended'));
    media.dispatchEvent(new Event('devicechange'));
  }, chosen);
  await waitUntil(
    async () => (await sendingDevice())?.deviceId === 'default' && (await sendingDevice())?.state === 'live',
    'the fallback to the default microphone',
    10_000
  );
  const notice = await inDialer((root) => root.querySelector('[part=device-notice]')?.textContent ?? '');
  t.match(notice, /microphone was disconnected.*default/, `the agent is told: "${notice}"`);
  t.equal(await agent.state(), 'connected', 'the call goes on');
  const before = (await farEnd(number)).rtpPacketsReceived as number;
  await sleep(2_000);
  const after = (await farEnd(number)).rtpPacketsReceived as number;
  t.ok(after - before > 40, `RTP keeps arriving at the far end after the fallback (${after - before} packets in 2 s)`);

  await agent.hangup();
  const ended = await agent.waitForEnd(from);
  t.match(ended, { status: 'ended', endReason: 'local-hangup' });
  await waitUntil(async () => (await callRows(stack, [agent.userId])).some((row) => row.status === 'ended'), 'the call log to close');
  t.equal((await callRows(stack, [agent.userId])).length, 1, 'one row');
  t.same(agent.pageErrors, [], 'no page errors');
});
