// Element tests in real browsers from Debian's packages (TOOLCHAIN.md). Chromium always; Firefox ESR
// when installed (puppeteer-core over WebDriver BiDi). Each run takes a free port so that concurrent
// runs on this machine never collide.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import puppeteer from 'puppeteer-core';
import { phoneZonesDevServer } from './scripts/phone-zones.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const browsers = [
  chromeLauncher({
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']
    }
  })
];

// SW_BROWSERS=chromium,firefox,webkit narrows the run; by default every installed browser takes part.
const wanted = (process.env.SW_BROWSERS ?? 'chromium,firefox,webkit').split(',');
const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * A private PulseAudio server with one null sink, for Firefox. Firefox runs an AudioContext only on a real
 * audio output stream: with no sound server (this machine, CI) its graph stays on the fallback clock and every
 * AudioContext stays `suspended` with currentTime 0, so the device settings' level meter reads nothing
 * (docs/adr/0136). The null sink is timed like a sound card and plays nowhere. Its own socket and folder per
 * run (no TCP, nothing of a user's own sound server touched), stopped with the run.
 */
async function privatePulseAudio() {
  const pulseaudio = '/usr/bin/pulseaudio';
  if (!existsSync(pulseaudio)) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-wtr-pulse-'));
  const socket = path.join(dir, 'native');
  const env = { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, PULSE_RUNTIME_PATH: dir, XDG_CONFIG_HOME: dir };
  const args = ['-n', '--daemonize=no', '--exit-idle-time=-1', '--use-pid-file=no', '--system=no', '--realtime=no', '--high-priority=no'];
  args.push('-L', 'module-null-sink sink_name=wtr', '-L', `module-native-protocol-unix socket=${socket} auth-anonymous=1`);
  const server = spawn(pulseaudio, args, { stdio: 'ignore', env });
  const stop = () => {
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stop(), process.exit(1)));
  for (let waited = 0; !existsSync(socket) && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
  return existsSync(socket) ? `unix:${socket}` : (stop(), undefined);
}

if (wanted.includes('firefox') && existsSync(firefoxPath)) {
  const pulseServer = await privatePulseAudio();
  browsers.push(
    chromeLauncher({
      puppeteer,
      // Firefox on a busy 2-core machine can take longer than puppeteer's 30 s to load a test page.
      async createPage({ browser }) {
        const page = await browser.newPage();
        page.setDefaultNavigationTimeout(120_000);
        return page;
      },
      launchOptions: {
        browser: 'firefox',
        executablePath: firefoxPath,
        headless: true,
        ...(pulseServer ? { env: { ...process.env, PULSE_SERVER: pulseServer } } : {}),
        extraPrefsFirefox: { 'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true }
      }
    })
  );
}

// WebKitGTK: Debian's WebKitWebDriver driving MiniBrowser on a private Xvfb display (MiniBrowser has no
// headless mode). This WebKit build has no RTCPeerConnection, which is what the no-WebRTC test checks.
const webkitDriver = '/usr/bin/WebKitWebDriver';
const miniBrowser = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
if (wanted.includes('webkit') && existsSync(webkitDriver) && existsSync(miniBrowser) && existsSync('/usr/bin/Xvfb')) {
  let display = 0;
  for (let n = 90 + Math.floor(Math.random() * 400); n < 1000; n++) {
    if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) {
      display = n;
      break;
    }
  }
  const driverPort = await freePort();
  const xvfb = spawn('/usr/bin/Xvfb', [`:${display}`, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  const driver = spawn(webkitDriver, [`--port=${driverPort}`], { stdio: 'ignore', env: { ...process.env, DISPLAY: `:${display}` } });
  const stop = () => {
    driver.kill();
    xvfb.kill();
  };
  process.on('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stop(), process.exit(1)));
  await new Promise((resolve) => setTimeout(resolve, 1000));
  browsers.push(
    webdriverLauncher({
      hostname: '127.0.0.1',
      port: driverPort,
      automationProtocol: 'webdriver',
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': {
          binary: miniBrowser,
          args: ['--automation', '--enable-media-stream=true', '--enable-mock-capture-devices=true']
        }
      }
    })
  );
}
if (!wanted.includes('chromium')) browsers.shift();

const rootDir = path.resolve(here, '../..');

export default {
  rootDir,
  files: [path.join(here, 'src/**/*.test.ts')],
  nodeResolve: true,
  port: await freePort(),
  concurrency: 1,
  concurrentBrowsers: 1,
  browsers,
  testFramework: { config: { timeout: 10000 } },
  // The phone metadata arrives by zone here as in the production build, so the tests run that code path.
  plugins: [phoneZonesDevServer({ rootDir }), esbuildPlugin({ ts: true, target: 'es2022', tsconfig: path.join(here, 'tsconfig.json') })]
};
