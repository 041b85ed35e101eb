// Everything of the audio devices `<sw-dialer>` loads on demand, through one import() on its first warm-up
// (docs/adr/0111): the saved choice applied and followed, the microphone hint, and the settings panel,
// which this module opens and closes in the dialer's `devices` part. The dialer itself keeps only its
// button and that empty part, so the initial bundle and the call path stay as they were.
import { SwDeviceSettings } from '../elements/sw-device-settings/sw-device-settings.js';
import enDevices from '../i18n/en-devices.js';
import type { Messages } from '../i18n/en.js';
import { followDevices, microphoneHint, type DeviceTarget } from './device-choice.js';

/** What of `<sw-dialer>` this module needs. */
export interface DeviceHost extends DeviceTarget {
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** The widget state; the microphone hint is shown only before a call. */
  readonly state: string;
  /** The dialer's words (its language, the host's overrides); this chunk brings the English of its own keys. */
  readonly m: Partial<Messages>;
}

export interface AttachedDevices {
  /** Opens or closes the settings panel (the settings button). */
  toggle(): void;
  stop(): void;
}

export function attachDevices(host: DeviceHost): AttachedDevices {
  const part = (name: string) => host.renderRoot.querySelector<HTMLElement>(`[part~=${name}]`);
  const notify = (message: string) => {
    const place = part('devices');
    if (!place) return;
    let notice = place.querySelector<HTMLElement>('[part=device-notice]');
    if (!notice) {
      notice = document.createElement('p');
      notice.setAttribute('part', 'device-notice');
      notice.setAttribute('role', 'status');
      place.append(notice);
    }
    notice.textContent = message;
  };
  const words = () => ({ ...enDevices, ...host.m });
  const stopFollowing = followDevices(host, notify, words());
  void microphoneHint(words()).then((hint) => hint && host.state === 'idle' && notify(hint));
  return {
    toggle() {
      const place = part('devices');
      if (!place) return;
      // Registered here, the one tag define.ts does not: importing define.ts would pull the elements of the
      // initial bundle into a chunk shared with this one (docs/adr/0111).
      if (!customElements.get('sw-device-settings')) customElements.define('sw-device-settings', SwDeviceSettings);
      const open = place.querySelector('sw-device-settings');
      if (open) open.remove();
      else {
        const panel = document.createElement('sw-device-settings');
        panel.setAttribute('part', 'device-settings');
        panel.words = words();
        panel.target = host;
        place.prepend(panel);
      }
      part('devices-button')?.setAttribute('aria-expanded', String(!open));
    },
    stop: stopFollowing
  };
}
