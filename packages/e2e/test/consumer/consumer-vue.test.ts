// A minimal Vue 3 app outside the workspace installs the packed widget from its tarball, type-checks with vue-tsc
// (strict templates: a misspelt property and a wrong detail field fail, in ExpectedErrors.vue), builds with Vite,
// and mounts <sw-dialer> in Chromium with its properties set by Vue; a call placed through it ends in the
// app's own handler (docs/adr/0094).
import path from 'node:path';
import t from 'tap';
import { launchChromium } from '../browser.js';
import { startStack } from '../start-stack.js';
import { installedConsumerApp, serveStatic, sh, typeCheck } from './consumer-app.js';

const app = await installedConsumerApp(t, 'vue', {
  vue: '^3.5.0',
  '@vitejs/plugin-vue': '^6.0.0',
  'vue-tsc': '^3.1.0',
  typescript: '~5.9.3',
  vite: '^7.3.0'
});
const vueTsc = path.join(app, 'node_modules', 'vue-tsc', 'bin', 'vue-tsc.js');

t.test('the app type-checks with vue-tsc against the installed package', async (t) => {
  const { failed, output } = await typeCheck(vueTsc, 'tsconfig.json', app);
  t.notOk(failed, output);
  t.equal(output.trim(), '');
});

t.test('a misspelt property and a wrong detail field are type errors', async (t) => {
  const { failed, output } = await typeCheck(vueTsc, 'tsconfig.errors.json', app);
  t.ok(failed, 'vue-tsc fails on ExpectedErrors.vue');
  t.match(output, /endReasn/, 'the detail field sw-call-ended does not have');
  t.match(output, /tokenEndpont/, 'the misspelt property');
  t.equal(output.split('\n').filter((line) => /error TS\d+/.test(line)).length, 2, 'and nothing else');
});

t.test('built with Vite, it mounts <sw-dialer> and calls through it', async (t) => {
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
  const mounted = await page.evaluate(() => {
    const el = document.querySelector('sw-dialer') as HTMLElement & { tokenEndpoint: string; apiBase: string; defaultCountry: string };
    return {
      upgraded: customElements.get('sw-dialer') === el.constructor,
      shadow: el.shadowRoot !== null,
      tokenEndpoint: el.tokenEndpoint,
      apiBase: el.apiBase,
      defaultCountry: el.defaultCountry
    };
  });
  t.same(mounted, {
    upgraded: true,
    shadow: true,
    tokenEndpoint: `${stack.apiUrl}/api/telephony/signalwire/token`,
    apiBase: stack.apiUrl,
    defaultCountry: 'US'
  });
  t.equal(await page.evaluate(() => (document.querySelector('sw-dialer') as HTMLElement & { dial(n: string): Promise<boolean> }).dial('+12025550106')), true);
  await page.waitForFunction(() => document.getElementById('last-call')?.textContent !== '', null, { timeout: 120_000 });
  t.equal(await page.textContent('#last-call'), 'ended: remote-hangup', "the Vue handler got the call's end");
  t.same(pageErrors, []);
});
