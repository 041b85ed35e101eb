import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (nothing here may download a browser of its own); CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const NICE_WRAPPER = fileURLToPath(new URL('./chromium-nice.sh', import.meta.url));

export interface LaunchOptions {
  /** Further command-line switches. */
  args?: string[];
  /**
   * Run the browser (every process it starts) at this nice, below the emulators and the API: on a small
   * machine with many calls, the stand-ins for servers that run elsewhere in production then answer as
   * promptly as those would, instead of queueing behind the browsers' audio threads.
   */
  nice?: number;
}

/**
 * Headless Chromium as every browser test and benchmark of the project runs it: a fake microphone that
 * needs no permission prompt, and none of the background connections this closed network refuses.
 */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    ...(options.nice
      ? { executablePath: NICE_WRAPPER, env: { ...process.env, CHROMIUM_EXECUTABLE: CHROMIUM_PATH, CHROMIUM_NICE: String(options.nice) } }
      : { executablePath: CHROMIUM_PATH }),
    args: [
      '--no-sandbox',
      '--headless=new',
      '--disable-gpu',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
      ...(options.args ?? [])
    ]
  });
}
