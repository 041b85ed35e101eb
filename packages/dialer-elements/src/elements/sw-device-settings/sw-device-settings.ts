import { canChooseSpeaker, saveChoice, savedChoice, type DeviceChoice, type DeviceTarget } from '../../devices/device-choice.js';
import { watchInputLevel } from '../../devices/input-level.js';
import enDevices, { type DeviceWords } from '../../i18n/en-devices.js';
import { deviceSettingsStyles } from './sw-device-settings.styles.js';

const TEMPLATE = `<div part="panel" class="panel">
  <label><span data-text="microphone"></span><select part="input" name="input"></select></label>
  <label><span data-text="level"></span><meter part="level" min="0" max="1" value="0"></meter></label>
  <p class="hint" role="status" hidden></p>
  <label part="speaker"><span data-text="speaker"></span><select part="output" name="output"></select></label>
</div>`;

/**
 * The agent's audio devices: microphone and speaker choices (the speaker only where the browser lets a page
 * choose one) and a live level of the chosen microphone. Choosing applies at once, mid-call included, and is
 * kept for this browser profile. Loaded on demand by `<sw-dialer>`'s settings button, which passes itself as
 * `target`. A plain custom element, not Lit: it shares no code with the initial bundle (docs/adr/0111).
 *
 * @tag sw-device-settings
 * @summary Microphone and speaker choice with a live input level.
 *
 * @csspart panel - The panel.
 * @csspart input - The microphone list.
 * @csspart output - The speaker list.
 * @csspart speaker - The speaker field (absent where the browser cannot choose a speaker).
 * @csspart level - The input level meter.
 */
export class SwDeviceSettings extends HTMLElement {
  #target: DeviceTarget | null = null;
  #stopLevel: (() => void) | undefined;
  #levelFor: string | undefined;
  readonly #root = this.attachShadow({ mode: 'open' });

  constructor() {
    super();
    const style = document.createElement('style');
    style.textContent = deviceSettingsStyles;
    this.#root.append(style);
    this.#root.append(document.createRange().createContextualFragment(TEMPLATE));
    if (!canChooseSpeaker()) this.#part('speaker').remove();
    for (const kind of ['input', 'output'] as const) {
      this.#root.querySelector(`select[name=${kind}]`)?.addEventListener('change', (event) => {
        void this.#choose(kind, (event.target as HTMLSelectElement).value);
      });
    }
  }

  /** The words shown, in the dialer's language (set by the dialer's devices module; English until then). */
  words: DeviceWords = enDevices;

  /** What the choices apply to (`<sw-dialer>`). */
  get target(): DeviceTarget | null {
    return this.#target;
  }
  set target(target: DeviceTarget | null) {
    this.#target = target;
    if (this.isConnected) void this.#refresh();
  }

  connectedCallback(): void {
    const names = { microphone: this.words.microphone, level: this.words.microphoneLevel, speaker: this.words.speaker };
    for (const span of this.#root.querySelectorAll<HTMLElement>('[data-text]')) span.textContent = names[span.dataset.text as keyof typeof names];
    navigator.mediaDevices?.addEventListener?.('devicechange', this.#refresh);
    void this.#refresh();
  }

  disconnectedCallback(): void {
    navigator.mediaDevices?.removeEventListener?.('devicechange', this.#refresh);
    this.#stopLevel?.();
    this.#stopLevel = this.#levelFor = undefined;
  }

  #part<T extends HTMLElement>(name: string): T {
    return this.#root.querySelector(`[part=${name}]`) as T;
  }

  #refresh = async () => {
    if (!this.#target) return;
    const { inputs, outputs } = await this.#target.audioDevices();
    // A chosen device that went away shows as the default (device-choice.ts switched and said so).
    const choice = savedChoice();
    this.#fill('input', inputs, choice.input, this.words.microphone);
    this.#fill('output', outputs, choice.output, this.words.speaker);
    if (this.#levelFor !== choice.input) this.#meter(choice.input);
  };

  #fill(name: keyof DeviceChoice, devices: MediaDeviceInfo[], chosen: string, kind: string): void {
    const select = this.#root.querySelector<HTMLSelectElement>(`select[name=${name}]`);
    if (!select) return;
    // Chromium lists the default as an entry of its own ("default"): here it is the empty choice.
    const named = devices.filter((device) => device.deviceId && device.deviceId !== 'default');
    const options = [new Option(this.words.systemDefault, '')];
    named.forEach((device, i) => options.push(new Option(device.label || this.words.unnamedDevice(kind, i + 1), device.deviceId)));
    select.replaceChildren(...options);
    select.value = named.some((device) => device.deviceId === chosen) ? chosen : '';
  }

  #meter(deviceId: string): void {
    this.#stopLevel?.();
    this.#stopLevel = undefined;
    this.#levelFor = deviceId;
    const hint = this.#part<HTMLElement>('panel').querySelector<HTMLElement>('.hint')!;
    const meter = this.#part<HTMLMeterElement>('level');
    watchInputLevel(deviceId, (level) => (meter.value = level)).then(
      (stop) => {
        if (this.#levelFor === deviceId && this.isConnected) {
          this.#stopLevel = stop;
          hint.hidden = true;
        } else stop();
      },
      () => {
        hint.textContent = this.words.noMicrophoneLevel;
        hint.hidden = false;
      }
    );
  }

  async #choose(kind: keyof DeviceChoice, deviceId: string): Promise<void> {
    saveChoice({ ...savedChoice(), [kind]: deviceId });
    if (kind === 'input') {
      this.#meter(deviceId);
      await this.#target?.setInputDevice(deviceId);
    } else await this.#target?.setOutputDevice(deviceId);
  }
}
