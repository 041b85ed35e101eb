// The audio settings (issue 21, docs/adr/0111) in real browsers with their fake devices: the lists come from
// enumerateDevices, a choice reaches the target and is kept for the profile, the level meter reads the real
// (fake) microphone, and a chosen device that disappears falls back to the default with a notice.
import { expect, fixture, html } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { attachDevices } from '../../devices/devices-on-demand.js';
import { expectAccessible } from '../../../test/browser/helpers.js';
import enDevices from '../../i18n/en-devices.js';
import { DEVICE_STORAGE_KEY, followDevices, savedChoice, type DeviceTarget } from '../../devices/device-choice.js';
import { listAudioDevices } from '../../transport/call-transport.js';
import { SwDeviceSettings } from './sw-device-settings.js';

async function until(check: () => boolean, timeoutMs = 5_000, what = 'the condition'): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A target recording what it was asked, listing the devices `list()` returns. */
function target(list: () => Promise<{ inputs: MediaDeviceInfo[]; outputs: MediaDeviceInfo[] }> = listAudioDevices) {
  const asked: string[] = [];
  const t: DeviceTarget = {
    audioDevices: list,
    setInputDevice: async (id) => void asked.push(`input:${id}`),
    setOutputDevice: async (id) => void asked.push(`output:${id}`)
  };
  return { t, asked };
}

/**
 * The panel, put on the page by the handler of a real click (WebDriver/CDP input, a user activation the page
 * cannot fake), as the dialer's settings button does.
 */
async function openedByClick(t: DeviceTarget): Promise<SwDeviceSettings> {
  const button = document.createElement('button');
  button.textContent = 'Audio settings';
  button.style.cssText = 'position: fixed; inset: 0 auto auto 0; width: 120px; height: 40px';
  let el: SwDeviceSettings | undefined;
  if (!customElements.get('sw-device-settings')) customElements.define('sw-device-settings', SwDeviceSettings);
  button.addEventListener('click', () => {
    el = document.createElement('sw-device-settings') as SwDeviceSettings;
    el.target = t;
    document.body.append(el);
  });
  document.body.append(button);
  await sendMouse({ type: 'click', position: [60, 20] });
  button.remove();
  await until(() => !!el, 5_000, 'the click to open the panel');
  return el!;
}

const fakeDevice = (kind: MediaDeviceKind, deviceId: string, label: string) => ({ kind, deviceId, label, groupId: 'g' }) as MediaDeviceInfo;

describe('the settings button (devices-on-demand)', () => {
  it("opens the panel in the dialer's devices part and closes it again, saying so on the button", async () => {
    const host = document.createElement('div');
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<button part="devices-button" aria-expanded="false"></button><div part="devices"></div>';
    document.body.append(host);
    const { t } = target();
    // The dialer's words (here German, as a dialer with lang="de" has them) label the panel.
    const attached = attachDevices({ ...t, renderRoot: root, state: 'idle', m: { microphone: 'Mikrofon' } });
    attached.toggle();
    const panel = root.querySelector<SwDeviceSettings>('[part=devices] sw-device-settings')!;
    expect(panel, 'the panel is there').to.not.equal(null);
    expect(panel.shadowRoot!.querySelector('[data-text=microphone]')!.textContent, "in the dialer's language").to.equal('Mikrofon');
    expect(panel.shadowRoot!.querySelector('[data-text=level]')!.textContent, 'English where the dialer has no word').to.equal(enDevices.microphoneLevel);
    expect(panel.target).to.not.equal(null);
    expect(root.querySelector('button')!.getAttribute('aria-expanded')).to.equal('true');
    attached.toggle();
    expect(root.querySelector('sw-device-settings')).to.equal(null);
    expect(root.querySelector('button')!.getAttribute('aria-expanded')).to.equal('false');
    attached.stop();
    host.remove();
  });
});

describe('sw-device-settings', () => {
  before(async () => {
    // Labels and ids are listed once the microphone was allowed (the fake device flags grant it).
    for (const track of (await navigator.mediaDevices.getUserMedia({ audio: true })).getTracks()) track.stop();
  });
  beforeEach(() => localStorage.removeItem(DEVICE_STORAGE_KEY));

  it("lists the browser's microphones, applies and keeps a choice, and meters the chosen one; axe", async () => {
    const { inputs } = await listAudioDevices();
    const { t, asked } = target();
    // Opened by a real click, as the dialer's settings button opens it: browsers start the meter's AudioContext
    // only on a page the user has interacted with (Firefox keeps it `suspended` otherwise; docs/adr/0136).
    const el = await openedByClick(t);
    const select = () => el.shadowRoot!.querySelector<HTMLSelectElement>('select[name=input]')!;
    await until(() => select().options.length > 1, 5_000, 'the microphones listed');
    const named = inputs.filter((d) => d.deviceId && d.deviceId !== 'default');
    expect([...select().options].map((o) => o.value)).to.deep.equal(['', ...named.map((d) => d.deviceId)]);
    expect(select().value).to.equal('', 'the default until the agent chooses');
    const chosen = named.at(-1)!.deviceId;
    select().value = chosen;
    select().dispatchEvent(new Event('change'));
    await until(() => asked.includes(`input:${chosen}`), 5_000, 'the choice applied');
    expect(savedChoice().input).to.equal(chosen, 'kept in localStorage for this profile');
    const meter = el.shadowRoot!.querySelector<HTMLMeterElement>('meter')!;
    // Every browser's fake microphone plays a tone: the level rises above silence. (Firefox needs an audio output
    // for any AudioContext to run: web-test-runner.config.mjs gives it a private PulseAudio null sink.)
    await until(() => meter.value > 0.01, 10_000, 'the level to rise');
    await expectAccessible(el, 'device settings');
    el.remove();
  });

  it('shows the speaker choice only where the browser can choose a speaker', async () => {
    const { t } = target();
    const el = await fixture<SwDeviceSettings>(html`<sw-device-settings .target=${t}></sw-device-settings>`);
    const speaker = el.shadowRoot!.querySelector('select[name=output]');
    expect(!!speaker).to.equal('setSinkId' in HTMLMediaElement.prototype);
    el.remove();
  });
});

describe('device choice followed', () => {
  beforeEach(() => localStorage.removeItem(DEVICE_STORAGE_KEY));

  it('applies the saved choice at start; a chosen microphone that disappears falls back to the default with a notice', async () => {
    localStorage.setItem(DEVICE_STORAGE_KEY, JSON.stringify({ input: 'headset', output: '' }));
    let present = [fakeDevice('audioinput', 'default', 'Default'), fakeDevice('audioinput', 'headset', 'Headset')];
    const { t, asked } = target(async () => ({ inputs: present, outputs: [] }));
    const notices: string[] = [];
    const stop = followDevices(t, (message) => notices.push(message));
    await until(() => asked.includes('input:headset'));
    present = present.slice(0, 1);
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    await until(() => asked.includes('input:'));
    expect(notices).to.deep.equal([enDevices.inputGone]);
    expect(savedChoice().input).to.equal('', 'the default from now on');
    stop();
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked.filter((a) => a === 'input:').length).to.equal(1, 'no longer followed once stopped');
  });

  it('nothing chosen: nothing applied, no notice on a device change', async () => {
    const { t, asked } = target(async () => ({ inputs: [], outputs: [] }));
    const notices: string[] = [];
    const stop = followDevices(t, (message) => notices.push(message));
    navigator.mediaDevices.dispatchEvent(new Event('devicechange'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked).to.deep.equal([]);
    expect(notices).to.deep.equal([]);
    stop();
  });
});
