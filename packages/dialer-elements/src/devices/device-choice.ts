// The agent's microphone and speaker choice (issue 21, docs/adr/0111): kept per browser profile in
// localStorage, applied to the transport when the widget warms up, and followed through `devicechange`: a
// chosen device that disappears (a headset unplugged, mid-call included) falls back to the browser's
// default and the agent is told. Loaded on demand, outside the call path.
import enDevices, { type DeviceWords } from '../i18n/en-devices.js';
import type { AudioDevices } from '../transport/call-transport.js';

/** Words shown to the agent (plain English, one place, for the message catalogue). */

export const DEVICE_STORAGE_KEY = 'sw-dialer:audio-devices';

/** Device ids; '' is the browser's default. */
export interface DeviceChoice {
  input: string;
  output: string;
}

/** What the choice is applied to: `<sw-dialer>`'s own device methods (they reach the transport). */
export interface DeviceTarget {
  audioDevices(): Promise<AudioDevices>;
  setInputDevice(deviceId: string): Promise<void>;
  setOutputDevice(deviceId: string): Promise<void>;
}

export function savedChoice(): DeviceChoice {
  try {
    const saved = JSON.parse(globalThis.localStorage?.getItem(DEVICE_STORAGE_KEY) ?? '{}') as Partial<DeviceChoice>;
    return { input: typeof saved.input === 'string' ? saved.input : '', output: typeof saved.output === 'string' ? saved.output : '' };
  } catch {
    // Storage blocked or a value we did not write: the defaults.
    return { input: '', output: '' };
  }
}

export function saveChoice(choice: DeviceChoice): void {
  try {
    globalThis.localStorage?.setItem(DEVICE_STORAGE_KEY, JSON.stringify(choice));
  } catch {
    // Private mode or storage full: the choice lasts for this page only.
  }
}

/** Whether a page may choose the speaker (`setSinkId`: Chromium, Firefox ≥ 116; not Safari). */
export const canChooseSpeaker = () => typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/**
 * Applies the saved choice, then follows device changes; `notice` is called with what the agent must know
 * (a chosen device went away). Returns the stop.
 */
export function followDevices(target: DeviceTarget, notice: (message: string) => void, words: DeviceWords = enDevices): () => void {
  const media = globalThis.navigator?.mediaDevices;
  const check = async (first: boolean) => {
    const choice = savedChoice();
    if (!choice.input && !choice.output) return;
    const { inputs, outputs } = await target.audioDevices();
    const has = (list: MediaDeviceInfo[], id: string) => list.some((device) => device.deviceId === id);
    const next = { ...choice };
    const told: string[] = [];
    if (choice.input && !has(inputs, choice.input)) {
      next.input = '';
      told.push(words.inputGone);
    }
    if (choice.output && !has(outputs, choice.output)) {
      next.output = '';
      told.push(words.outputGone);
    }
    if (first || next.input !== choice.input) await target.setInputDevice(next.input);
    if (canChooseSpeaker() && (first || next.output !== choice.output)) await target.setOutputDevice(next.output);
    if (told.length) {
      saveChoice(next);
      notice(told.join(' '));
    }
  };
  const changed = () => void check(false).catch(() => undefined);
  void check(true).catch(() => undefined);
  media?.addEventListener?.('devicechange', changed);
  return () => media?.removeEventListener?.('devicechange', changed);
}

/**
 * The microphone permission before the first call (where `navigator.permissions` can tell): the hint to show,
 * or '' when there is nothing to say (granted, or the browser does not say).
 */
export async function microphoneHint(words: DeviceWords = enDevices): Promise<string> {
  try {
    const { state } = await globalThis.navigator.permissions.query({ name: 'microphone' as PermissionName });
    return state === 'prompt' ? words.allowMicrophone : state === 'denied' ? words.microphoneBlocked : '';
  } catch {
    // Firefox before 124 and others do not know the `microphone` name: say nothing.
    return '';
  }
}
