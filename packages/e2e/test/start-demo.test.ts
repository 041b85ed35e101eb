import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { launchChromium } from './browser.js';
import { endedFarEndCall, waitUntil } from './e2e-helpers.js';

/**
 * The README's first command as a user runs it: `pnpm start` (scripts/start-demo.mjs) in its own process
 * group, on free ports and a data folder of its own. It prints the one URL to open; the pages, the API and
 * both emulators answer there, wired to each other; a call placed on the demo page reaches the emulated
 * far end and lands in the call log; Ctrl+C (SIGINT to the group, as a terminal sends it) stops every
 * process; started again on the same data folder, the call is still in the history.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
const [api, examples, portal, signalwire, switchfree] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()] as [
  number,
  number,
  number,
  number,
  number
];
const apiOrigin = `http://127.0.0.1:${api}`;
const examplesOrigin = `http://127.0.0.1:${examples}`;
const signalwireUrl = `http://127.0.0.1:${signalwire}`;
const dataDir = await mkdtemp(path.join(tmpdir(), 'sw-dialer-demo-'));
t.teardown(() => rm(dataDir, { recursive: true, force: true }));

interface Demo {
  child: ChildProcess;
  output: () => string;
  /** The demo agent's headers, once signed in to this run of the demo. */
  headers?: Record<string, string>;
}

function startDemo(): Demo {
  const child = spawn('pnpm', ['start'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: String(api),
      EXAMPLES_PORT: String(examples),
      PORTAL_PORT: String(portal),
      SIGNALWIRE_EMULATOR_PORT: String(signalwire),
      SWITCHFREE_EMULATOR_PORT: String(switchfree),
      DEMO_DATA_DIR: dataDir
    }
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  // Whatever a failed test leaves running is stopped with the file.
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
  });
  return { child, output: () => output };
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(!!socket.destroy()));
    socket.once('error', () => resolve(false));
  });

async function stopDemo(t: Test, demo: Demo) {
  const exited = once(demo.child, 'exit');
  process.kill(-demo.child.pid!, 'SIGINT');
  await Promise.race([exited, new Promise((_, reject) => setTimeout(() => reject(new Error(`the demo did not stop within 10 s:\n${demo.output()}`)), 10_000))]);
  await waitUntil(
    async () => !(await Promise.all([api, examples, portal, signalwire, switchfree].map(listening))).some(Boolean),
    'every port of the demo to close',
    5_000
  );
  t.pass('Ctrl+C stopped the demo and every service it started');
}

const waitForUrl = (demo: Demo) =>
  waitUntil(() => demo.output().includes(`Open ${examplesOrigin}/`), `the demo to print its URL (output so far:\n${demo.output()})`, 90_000);

/** The headers of the demo page's user, signed in through the demo login as the page does (once per demo run). */
async function asDemoAgent(demo: Demo): Promise<Record<string, string>> {
  if (demo.headers) return demo.headers;
  const login = await fetch(`${apiOrigin}/api/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'demo-agent', name: 'Demo Agent' })
  });
  const { token } = (await login.json()) as { token: string };
  demo.headers = { authorization: `Bearer ${token}` };
  return demo.headers;
}

async function history(demo: Demo): Promise<Array<Record<string, any>>> {
  const answer = await fetch(`${apiOrigin}/api/telephony/history`, { headers: await asDemoAgent(demo) });
  return ((await answer.json()) as { items: Array<Record<string, any>> }).items;
}

t.test('pnpm start: one URL, every service answering and wired, a call through the demo page, Ctrl+C stops it all', async (t) => {
  const demo = startDemo();
  await waitForUrl(demo);
  t.match(demo.output(), `API: ${apiOrigin} (reference at ${apiOrigin}/docs)`, 'and where the API and its reference are');

  const index = await fetch(`${examplesOrigin}/`);
  t.equal(index.status, 200, 'the index of the examples');
  const links = await index.text();
  for (const page of ['/crm/', '/standalone/']) t.ok(links.includes(page), `the index links ${page}`);
  t.ok(links.includes(`http://127.0.0.1:${portal}/`), "the index links the portal on its own origin (the demo's port, rewritten)");
  t.equal((await fetch(`http://127.0.0.1:${portal}/`)).status, 200, 'the portal answers on its origin');
  t.equal((await fetch(`${examplesOrigin}/dist/sw-dialer.js`)).status, 200, 'the widget bundle is built and served');
  t.equal((await fetch(`${apiOrigin}/docs`)).status, 200, 'the API reference');
  const health = await fetch(`${apiOrigin}/api/telephony/health`, { headers: await asDemoAgent(demo) });
  const checked = (await health.json()) as unknown;
  t.match(
    { status: health.status, body: checked },
    { status: 200, body: { status: 'ok', checks: { database: { status: 'ok' }, signalwire: { status: 'ok' }, switchfree: { status: 'ok' } } } },
    `the API reaches its database and both emulators with the demo credentials (${JSON.stringify(checked)})`
  );

  const browser = await launchChromium();
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  // From the index, as a visitor goes: its links name the default ports, which the demo rewrites to its own.
  await page.goto(`${examplesOrigin}/`);
  await page.locator('#standalone-link').click();
  await page.waitForURL(`${examplesOrigin}/standalone/?api=${apiOrigin}`);
  await page.waitForFunction(() => document.getElementById('session')?.textContent?.includes('Signed in'), null, { timeout: 20_000 });
  // +1 202 555 0106 answers, and the far end hangs up after 3 s.
  await page.evaluate(() => (document.getElementById('dialer') as HTMLElement & { dial(n: string): boolean }).dial('+12025550106'));
  await page.waitForFunction(() => (document.getElementById('dialer') as HTMLElement & { state: string }).state === 'connected', null, { timeout: 20_000 });
  const far = await endedFarEndCall(signalwireUrl, '+12025550106', 15_000);
  t.match(far, { hangupBy: 'callee', causeCode: 16 }, 'the far end answered and hung up');
  t.ok(far.rtpPacketsReceived > 20, `audio reached the far end (${far.rtpPacketsReceived} RTP packets)`);
  await page.waitForFunction(() => (document.getElementById('dialer') as HTMLElement & { state: string }).state === 'ended', null, { timeout: 10_000 });
  await waitUntil(
    async () => (await history(demo)).some((call) => call.number === '+12025550106' && call.status === 'ended'),
    'the call in the history',
    10_000
  );
  t.match(
    (await history(demo)).filter((call) => call.number === '+12025550106'),
    [{ status: 'ended', endReason: 'remote-hangup' }],
    'one row, ended by the far end'
  );
  t.same(pageErrors, [], 'no page errors');
  await browser.close();

  await stopDemo(t, demo);
});

t.test('started again on the same data folder: the call log is still there', async (t) => {
  const demo = startDemo();
  await waitForUrl(demo);
  t.match(
    (await history(demo)).filter((call) => call.number === '+12025550106'),
    [{ status: 'ended', endReason: 'remote-hangup' }],
    'the row survived the restart, once'
  );
  await stopDemo(t, demo);
});
