import { launchChromium as launchChromiumAt, type LaunchOptions } from '@sw-dialer/test-support/launch-chromium';

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
