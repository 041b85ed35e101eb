import { launchChromium as launchChromiumAt, type LaunchOptions } from '@sw-dialer/test-support/launch-chromium';
import { launchFirefox as launchFirefoxAt, type FirefoxLaunchOptions } from '@sw-dialer/test-support/launch-firefox';

/**
 * Nice of every browser the end-to-end tests start. The emulators and the API stand in for servers that
 * have CPUs of their own in production; on a 2-core machine running twenty calls (or two test files at
 * once) the browsers' audio threads would otherwise keep the emulator's handshakes and the relay waiting
 * (docs/adr/0046). Below them, a browser still gets every cycle they leave.
 */
export const BROWSER_NICE = 10;

/** Chromium as launch-chromium.ts starts it, at BROWSER_NICE. */
export function launchChromium(options: LaunchOptions = {}) {
  return launchChromiumAt({ nice: BROWSER_NICE, ...options });
}

/** Firefox ESR as launch-firefox.ts starts it (docs/adr/0086), at BROWSER_NICE. */
export function launchFirefox(options: FirefoxLaunchOptions = {}) {
  return launchFirefoxAt({ nice: BROWSER_NICE, ...options });
}

export type BrowserName = 'chromium' | 'firefox';

export function launchBrowser(name: BrowserName) {
  return name === 'firefox' ? launchFirefox() : launchChromium();
}
