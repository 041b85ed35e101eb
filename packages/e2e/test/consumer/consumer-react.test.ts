// Issue 18's "done when": a fresh Vite + React 19 + TypeScript app outside the workspace installs the packed
// widget from its tarball, type-checks a component rendering <sw-dialer> with a typed sw-call-ended handler (and
// fails to type-check the expected-failure file), builds with Vite, is served, and places a real call through
// the emulators in Chromium (docs/adr/0094).
import path from 'node:path';
import t from 'tap';
import { launchChromium } from '../browser.js';
import { emulatorCalls, endedFarEndCall, waitUntil } from '../e2e-helpers.js';
import { startStack } from '../start-stack.js';
import { installedConsumerApp, serveStatic, sh, typeCheck } from './consumer-app.js';

const app = await installedConsumerApp(t, 'react', {
  react: '^19.2.0',
  'react-dom': '^19.2.0',
  '@types/react': '^19.2.0',
  '@types/react-dom': '^19.2.0',
  typescript: '~5.9.3',
  vite: '^7.3.0'
});
const tsc = path.join(app, 'node_modules', 'typescript', 'bin', 'tsc');

t.test('the component type-checks against the installed package', async (t) => {
  const { failed, output } = await typeCheck(tsc, 'tsconfig.json', app);
  t.notOk(failed, output);
  t.equal(output.trim(), '');
});

t.test('a misspelt property and wrong detail fields are type errors', async (t) => {
  const { failed, output } = await typeCheck(tsc, 'tsconfig.errors.json', app);
  t.ok(failed, 'tsc fails on expected-errors.tsx');
  const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
  t.match(errors.find((line) => line.includes('(6,')) ?? '', /tokenEndpont/, 'the misspelt property');
  t.match(errors.find((line) => line.includes('(7,')) ?? '', /endReasn/, 'the detail field sw-call-ended does not have');
  t.ok(
    errors.some((line) => line.includes('(8,')),
    'a listener typed for another detail'
  );
  t.match(errors.find((line) => line.includes('(9,')) ?? '', /durationSeconds/, 'addEventListener is typed too');
  t.equal(errors.length, 4, errors.join('\n'));
});

t.test('built with Vite, served, it places a real call through the emulators', async (t) => {
  await sh(process.execPath, [path.join(app, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], app);
  const site = await serveStatic(path.join(app, 'dist'));
  t.teardown(() => new Promise((resolve) => site.server.close(resolve)));
  const stack = await startStack({ api: (config) => ({ ...config, corsOrigins: [...config.corsOrigins, site.origin] }) });
  t.teardown(() => stack.stop());
  const browser = await launchChromium();
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto(`${site.origin}/?api=${encodeURIComponent(stack.apiUrl)}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.waitForFunction(() => (document.querySelector('sw-dialer') as (HTMLElement & { authToken?: string }) | null)?.authToken, null, {
    timeout: 60_000
  });
  // +12025550100 answers and stays up: hang up once the far end has received audio, so media is proven whatever the load.
  t.equal(await page.evaluate(() => (document.querySelector('sw-dialer') as HTMLElement & { dial(n: string): Promise<boolean> }).dial('+12025550100')), true);
  await waitUntil(
    async () => (await emulatorCalls(stack.signalwire.url)).some((c) => c.to === '+12025550100' && c.rtpPacketsReceived > 0),
    'audio at the far end',
    120_000
  );
  // The far end hears the browser from the first media, before it answers: wait for the answer too, so the
  // hangup is of a connected call (else it is rightly a cancel).
  await page.waitForFunction(() => (document.querySelector('sw-dialer') as (HTMLElement & { state?: string }) | null)?.state === 'connected', null, {
    timeout: 120_000
  });
  await page.evaluate(() => (document.querySelector('sw-dialer') as HTMLElement & { hangup(): void }).hangup());
  await page.waitForFunction(() => document.getElementById('last-call')?.textContent !== '', null, { timeout: 120_000 });
  t.equal(await page.textContent('#last-call'), 'ended: local-hangup', "the page's handler got the call's end");
  const far = await endedFarEndCall(stack.signalwire.url, '+12025550100');
  t.equal(far.hangupBy, 'caller', 'the far end saw the widget hang up');
  t.same(pageErrors, []);
});
