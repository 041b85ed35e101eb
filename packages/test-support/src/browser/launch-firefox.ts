import { fileURLToPath } from 'node:url';
import { firefox, type Browser } from 'playwright-core';

/** Debian's Firefox ESR (nothing here may download a browser of its own); FIREFOX_PATH overrides it. */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

// The same wrapper as Chromium's: it lowers the nice of whatever executable it is given.
const NICE_WRAPPER = fileURLToPath(new URL('./chromium-nice.sh', import.meta.url));

/**
 * The profile preferences a call with the real SDK needs in Firefox (docs/adr/0086): a fake microphone
 * without a prompt, and loopback addresses in ICE (Firefox leaves them out by default, so media to a far end
 * on 127.0.0.1, the emulator, would never connect), unobfuscated so the emulator can pair them.
 */
export const FIREFOX_CALL_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.autoplay.default': 0
} as const;

export interface FirefoxLaunchOptions {
  /** Run the browser (every process it starts) at this nice: see launch-chromium.ts. */
  nice?: number;
  /**
   * A sound server (`startPulseAudio().server`, pulse-audio.ts) whose devices the browser uses instead of its
   * fake ones: microphones that can be chosen among and unplugged, and a speaker (docs/adr/0135).
   */
  pulseServer?: string;
}

/**
 * Headless Firefox ESR driven by playwright-core over WebDriver BiDi (its `moz-firefox` channel, which
 * starts a stock Firefox rather than Playwright's patched build): the tests keep Playwright's page API in
 * both browsers. Puppeteer-core over BiDi would do as well, with another page API.
 */
export function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<Browser> {
  const env: Record<string, string | undefined> = { ...process.env, ...(options.pulseServer ? { PULSE_SERVER: options.pulseServer } : {}) };
  return firefox.launch({
    channel: 'moz-firefox',
    headless: true,
    ...(options.nice
      ? { executablePath: NICE_WRAPPER, env: { ...env, CHROMIUM_EXECUTABLE: FIREFOX_PATH, CHROMIUM_NICE: String(options.nice) } }
      : { executablePath: FIREFOX_PATH, env }),
    firefoxUserPrefs: { ...FIREFOX_CALL_PREFS, ...(options.pulseServer ? { 'media.navigator.streams.fake': false } : {}) }
  });
}
