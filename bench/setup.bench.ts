/**
 * `pnpm bench:setup`: how long call setup takes with the real @signalwire/js in Debian's Chromium against
 * the SignalWire emulator on loopback, the far end answering at once. Over 20 calls, each in a fresh page
 * (the SDK is a page-wide singleton): (a) token request to the API → SignalWire() connected, (b) dial() →
 * `early` (on a number that rings first: an instant answer sends no early media), (c) dial() → `active`.
 * Times are taken inside the page with performance.now().
 */
import { launchChromium } from '@sw-dialer/test-support/launch-chromium';
import { buildApp } from '@sw-dialer/api';
import { startSignalWireEmulator } from '@sw-dialer/emulators/signalwire';
import { servePage } from '../packages/emulators/test/browser/serve-page.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 20);
const NUMBER = '+12025550177';
// With no ringing there is no early media, so `early` is timed on a second number that rings first.
const RINGING = '+12025550178';

const signalwire = await startSignalWireEmulator({ projectId: 'bench', apiToken: 'bench-token' });
await fetch(`${signalwire.url}/__emulator/scenarios/${encodeURIComponent(NUMBER)}`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ outcome: 'answer', ringMs: 0, hangupAfterMs: null })
});
await fetch(`${signalwire.url}/__emulator/scenarios/${encodeURIComponent(RINGING)}`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ outcome: 'answer', ringMs: 5000, hangupAfterMs: null })
});
const page = await servePage();
const app = await buildApp(
  {
    env: 'production',
    // Loopback plain HTTP: this benchmark is not about the HTTPS rule (ADR 15), so it is off.
    requireHttps: false,
    database: { kind: 'pglite', dataDir: 'memory://' },
    migrate: true,
    signalwire: { spaceUrl: signalwire.url, projectId: 'bench', apiToken: 'bench-token', tokenTtlS: 900, relayHost: signalwire.wsUrl, timeoutMs: 3000 },
    auth: { jwt: { kind: 'secret', secret: 'bench-secret-that-is-at-least-32-characters' }, devLogin: false },
    rateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
    corsOrigins: [new URL(page.url).origin],
    alerts: { policy: { failureRate: 0.2, minCalls: 20, windowMs: 300_000, tokenFailures: 5 } },
    logLevel: 'warn'
  },
  { logDestination: { write: () => undefined } }
);
const apiUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const bearer = `Bearer ${app.jwt.sign({ sub: 'bench-agent' }, { expiresIn: 3600 })}`;

const browser = await launchChromium();

const samples = { connect: [] as number[], early: [] as number[], active: [] as number[] };
for (let i = 0; i < CALLS; i += 1) {
  const tab = await browser.newPage();
  await tab.goto(page.url);
  await tab.waitForFunction(() => 'harness' in window);
  const connectMs = await tab.evaluate(
    async ({ tokenUrl, authorization }) => {
      const started = performance.now();
      const response = await fetch(tokenUrl, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ deviceType: 'browser' }) });
      const { token, relayHost } = (await response.json()) as { token: string; relayHost: string };
      await window.harness.connect(token, relayHost);
      return performance.now() - started;
    },
    { tokenUrl: `${apiUrl}/api/telephony/signalwire/token`, authorization: bearer }
  );
  const id = await tab.evaluate((to) => window.harness.dial(to), NUMBER);
  await tab.waitForFunction((callId) => window.harness.log(callId).states.includes('active'), id, { timeout: 20_000 });
  const log = await tab.evaluate((callId) => window.harness.log(callId), id);
  samples.connect.push(connectMs);
  samples.active.push((log.stateAt.active as number) - log.dialedAt);
  await tab.evaluate((callId) => window.harness.hangup(callId), id);
  await tab.waitForFunction((callId) => window.harness.log(callId).destroyed, id);
  const ringing = await tab.evaluate((to) => window.harness.dial(to), RINGING);
  await tab.waitForFunction((callId) => window.harness.log(callId).states.includes('early'), ringing, { timeout: 20_000 });
  const ringLog = await tab.evaluate((callId) => window.harness.log(callId), ringing);
  samples.early.push((ringLog.stateAt.early as number) - ringLog.dialedAt);
  await tab.evaluate((callId) => window.harness.hangup(callId), ringing);
  await tab.close();
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const row = (name: string, values: number[]) =>
  `| ${name} | ${values.length} | ${percentile(values, 50).toFixed(0)} | ${percentile(values, 95).toFixed(0)} |`;
process.stdout.write(
  [
    `# bench:setup (Chromium ${browser.version()}, Node ${process.version}; emulator answer delay 0; loopback)`,
    '',
    '| step | calls | median ms | p95 ms |',
    '|---|---|---|---|',
    row('(a) token request → SignalWire() connected', samples.connect),
    row('(b) dial() → early', samples.early),
    row('(c) dial() → active', samples.active),
    ''
  ].join('\n')
);
await browser.close();
await app.close();
await page.close();
await signalwire.close();
