// The versioned CDN build (docs/adr/0093) as a plain HTML page uses it: one <script type="module"> with the
// integrity hash of sri.json, loaded from another origin (its chunks follow by relative URL), places a real call
// through the emulators in Chromium. A wrong hash stops the script, so the SRI line really guards the entry.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { launchChromium } from '../browser.js';
import { emulatorCalls, endedFarEndCall, waitUntil } from '../e2e-helpers.js';
import { startStack } from '../start-stack.js';
import { packWidget, removeApp, serveStatic, sh } from './consumer-app.js';

// The CDN folder as the npm tarball carries it (unpkg and jsDelivr serve it from there).
// Packing, an npm install, tsc and a Vite build before the call: longer than .taprc's 300 s on a loaded machine.
t.setTimeout(15 * 60_000);
const tarball = await packWidget();
t.teardown(() => removeApp(path.dirname(tarball)));
const unpacked = await mkdtemp(path.join(tmpdir(), 'sw-dialer-cdn-'));
t.teardown(() => rm(unpacked, { recursive: true, force: true }));
await sh('tar', ['xzf', tarball, '-C', unpacked], unpacked);
const { version } = JSON.parse(await readFile(path.join(unpacked, 'package', 'package.json'), 'utf8')) as { version: string };
const cdnRoot = path.join(unpacked, 'package', 'dist', 'cdn');
const sri = JSON.parse(await readFile(path.join(cdnRoot, version, 'sri.json'), 'utf8')) as Record<string, string>;

const cdn = await serveStatic(cdnRoot);
t.teardown(() => new Promise((resolve) => cdn.server.close(resolve)));
const pages = await mkdtemp(path.join(tmpdir(), 'sw-dialer-cdn-page-'));
t.teardown(() => rm(pages, { recursive: true, force: true }));
const template = await readFile(path.join(import.meta.dirname, '../../consumer-apps/cdn/index.html'), 'utf8');
const page = (integrity: string) => template.replace('CDN_URL', `${cdn.origin}/${version}`).replace('SRI_HASH', integrity);
await writeFile(path.join(pages, 'index.html'), page(sri['sw-dialer.js']!));
await writeFile(path.join(pages, 'tampered.html'), page(`sha384-${Buffer.alloc(48).toString('base64')}`));
const host = await serveStatic(pages);
t.teardown(() => new Promise((resolve) => host.server.close(resolve)));

const stack = await startStack({ api: (config) => ({ ...config, corsOrigins: [...config.corsOrigins, host.origin] }) });
t.teardown(() => stack.stop());
const browser = await launchChromium();
t.teardown(() => browser.close());

t.test('sri.json holds the sha384 of the entry', async (t) => {
  const entry = await readFile(path.join(cdnRoot, version, 'sw-dialer.js'));
  const { createHash } = await import('node:crypto');
  t.equal(sri['sw-dialer.js'], `sha384-${createHash('sha384').update(entry).digest('base64')}`);
  t.match(await readFile(path.join(cdnRoot, version, 'THIRD-PARTY.txt'), 'utf8'), /@signalwire\/js@3\.30\.0 \(MIT\)[\s\S]*lit@[\d.]+ \(BSD-3-Clause\)/);
});

t.test('the page with the SRI line places a real call', async (t) => {
  const tab = await browser.newPage();
  const pageErrors: string[] = [];
  tab.on('pageerror', (error) => pageErrors.push(String(error)));
  await tab.goto(`${host.origin}/index.html?api=${encodeURIComponent(stack.apiUrl)}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await tab.waitForFunction(
    () => customElements.get('sw-dialer') && (document.getElementById('dialer') as HTMLElement & { authToken?: string }).authToken,
    null,
    {
      timeout: 60_000
    }
  );
  // +12025550100 answers and stays up: hang up once the far end has received audio, so media is proven whatever the load.
  t.equal(await tab.evaluate(() => (document.getElementById('dialer') as HTMLElement & { dial(n: string): Promise<boolean> }).dial('+12025550100')), true);
  await waitUntil(
    async () => (await emulatorCalls(stack.signalwire.url)).some((c) => c.to === '+12025550100' && c.rtpPacketsReceived > 0),
    'audio at the far end',
    120_000
  );
  // The far end hears the browser from the first media, before it answers: wait for the answer too, so the
  // hangup is of a connected call (else it is rightly a cancel).
  await tab.waitForFunction(() => (document.getElementById('dialer') as (HTMLElement & { state?: string }) | null)?.state === 'connected', null, {
    timeout: 120_000
  });
  await tab.evaluate(() => (document.getElementById('dialer') as HTMLElement & { hangup(): void }).hangup());
  await tab.waitForFunction(() => document.getElementById('last-call')?.textContent !== '', null, { timeout: 120_000 });
  t.equal(await tab.textContent('#last-call'), 'ended: local-hangup', "the page's handler got the call's end");
  const far = await endedFarEndCall(stack.signalwire.url, '+12025550100');
  t.equal(far.hangupBy, 'caller', 'the far end saw the widget hang up');
  t.same(pageErrors, []);
});

t.test('a wrong integrity hash keeps the script out', async (t) => {
  const tab = await browser.newPage();
  const messages: string[] = [];
  tab.on('console', (message) => messages.push(message.text()));
  await tab.goto(`${host.origin}/tampered.html?api=${encodeURIComponent(stack.apiUrl)}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  t.equal(await tab.evaluate(() => customElements.get('sw-dialer') === undefined), true, 'sw-dialer is not defined');
  t.ok(
    messages.some((text) => /integrity/i.test(text)),
    'the browser reports the integrity failure'
  );
});
