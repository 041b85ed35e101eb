#!/usr/bin/env node
// UI latency of the production bundle in Debian's Chromium (puppeteer-core, headless), three figures:
//  (1) keypress → digit rendered: real key presses in the number field (CDP key events) and clicks on
//      the keypad, from the input event's timestamp to the digit in the DOM with every Lit update of the
//      widget done and style and layout computed (a forced layout); and, apart, to the end of the next
//      frame (which adds the wait for the display's next refresh, 0–16.7 ms at 60 Hz);
//  (2) machine state change → status rendered: the provider's ringing, answer, mute and hangup driving
//      the call machine, from just before the machine gets the event to the status words in the DOM,
//      laid out (and, apart, to the end of the next frame);
//  (3) call end → the call's row in the history list: from the far end's hangup to the row showing the
//      call as ended, through the real pipeline: closing PATCH through the outbox, `sw-call-logged`,
//      the history's GET, the phone metadata for its numbers, the render. The API is the in-memory API of
//      the browser tests behind `fetch` (test/fakes/fake-api-server.ts), with every request delayed by a
//      simulated round trip, reported for 0 and for 100 ms.
// The provider is the scripted transport of the browser tests (no media): these are the widget's own
// costs. Targets (issue 5): (1) and (2) p95 ≤ 16 ms, (3) ≤ 1 s. Prints a table and JSON.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { buildBundle } from '../scripts/build.mjs';

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const KEYS = Number(process.env.BENCH_KEYS ?? 240);
const CALLS = Number(process.env.BENCH_CALLS ?? 60);
const HISTORY_CALLS = Number(process.env.BENCH_HISTORY_CALLS ?? 25);

const outdir = await mkdtemp(path.join(tmpdir(), 'sw-dialer-ui-bench-'));
// The stand-ins the browser tests use, bundled for the page (not part of the measured bundle).
const harness = await build({
  absWorkingDir: here,
  stdin: {
    contents: `import { createFakeApiServer } from './test/fakes/fake-api-server.ts';
import { createScriptedTransport } from './test/fakes/scripted-transport.ts';
window.benchApi = createFakeApiServer();
window.fetch = window.benchApi.fetch;
window.benchTransport = createScriptedTransport();`,
    resolveDir: here,
    loader: 'ts'
  },
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  write: false,
  logLevel: 'warning'
});

const page = `<!doctype html><html><head><meta charset="utf-8"></head><body>
<sw-dialer token-endpoint="/api/telephony/signalwire/token" api-base="" default-country="US">
  <sw-call-history slot="history" page-size="10"></sw-call-history>
</sw-dialer>
<script type="module" src="/harness.js"></script>
<script type="module" src="/sw-dialer.js"></script></body></html>`;

const server = createServer(async (req, res) => {
  if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  if (req.url === '/harness.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(harness.outputFiles[0].contents);
  try {
    const body = await readFile(path.join(outdir, path.normalize(req.url).replace(/^\/+/, '')));
    res.writeHead(200, { 'content-type': req.url.endsWith('.js') ? 'text/javascript' : 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const summary = (values) => ({ n: values.length, p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) });

let browser;
try {
  await buildBundle(outdir);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--no-first-run']
  });
  const tab = await browser.newPage();
  const errors = [];
  tab.on('pageerror', (error) => errors.push(error.message));
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.waitForFunction(() => customElements.get('sw-dialer') && 'benchApi' in window);

  // In-page measuring helpers: "DOM" = updates done + forced layout; "frame" = after the next frame.
  await tab.evaluate(() => {
    const dialer = document.querySelector('sw-dialer');
    dialer.transport = window.benchTransport;
    dialer.authToken = 'bench';
    const input = () => dialer.shadowRoot.querySelector('sw-number-input');
    const settle = async () => {
      await dialer.updateComplete;
      for (const child of dialer.shadowRoot.querySelectorAll('*')) if (child.updateComplete) await child.updateComplete;
    };
    const afterFrame = () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => resolve(performance.now());
          channel.port2.postMessage(0);
        })
      );
    window.bench = { dialer, input, settle, afterFrame, keys: [], status: [] };
    // A key press: from the event's timestamp, once the widget has handled the input event.
    window.addEventListener('input', () => {
      if (!window.bench.armed) return;
      const t0 = window.bench.armedAt;
      window.bench.armed = false;
      void (async () => {
        await settle();
        input().shadowRoot.querySelector('input').getBoundingClientRect();
        const dom = performance.now() - t0;
        const frame = (await afterFrame()) - t0;
        window.bench.keys.push({ dom, frame, value: input().value });
      })();
    });
    window.addEventListener(
      'keydown',
      (event) => {
        window.bench.armed = true;
        window.bench.armedAt = event.timeStamp;
      },
      true
    );
    // A keypad click changes the value without an input event. Listening on the way back up (bubble
    // phase) runs after the key's own handler, so what follows is the widget's update.
    window.addEventListener('click', (event) => {
      const target = event.composedPath()[0];
      if (!(target instanceof Element) || !target.closest('[data-key]')) return;
      const t0 = event.timeStamp;
      void (async () => {
        await settle();
        input().shadowRoot.querySelector('input').getBoundingClientRect();
        const dom = performance.now() - t0;
        const frame = (await afterFrame()) - t0;
        window.bench.keys.push({ dom, frame, value: input().value, keypad: true });
      })();
    });
  });

  // (1) Key presses into the field, then keypad clicks; the field is emptied every 10 digits.
  const field = await tab.$('sw-dialer >>> sw-number-input[part="number-input"] >>> input#number');
  await field.focus();
  for (let i = 0; i < KEYS; i++) {
    if (i % 10 === 0)
      await tab.evaluate(() => {
        const el = window.bench.input();
        el.value = '';
        return el.updateComplete;
      });
    const before = await tab.evaluate(() => window.bench.keys.length);
    await tab.keyboard.press(String((i * 7) % 10));
    await tab.waitForFunction((n) => window.bench.keys.length > n, {}, before);
  }
  const keypad = {};
  for (const key of '0123456789') keypad[key] = await tab.$(`sw-dialer >>> sw-number-input[part="number-input"] >>> button[data-key="${key}"]`);
  for (let i = 0; i < KEYS; i++) {
    if (i % 10 === 0)
      await tab.evaluate(() => {
        const el = window.bench.input();
        el.value = '';
        return el.updateComplete;
      });
    const before = await tab.evaluate(() => window.bench.keys.length);
    await keypad[String((i * 3 + 1) % 10)].click();
    await tab.waitForFunction((n) => window.bench.keys.length > n, {}, before);
  }
  const keys = await tab.evaluate(() => window.bench.keys);
  const typed = keys.filter((k) => !k.keypad);
  const clicked = keys.filter((k) => k.keypad);

  // (2) State changes driven by the provider (and mute by the host), each timed from just before the
  // machine gets the event to the status words in the DOM.
  const status = await tab.evaluate(async (calls) => {
    const { dialer, settle, afterFrame } = window.bench;
    const transport = window.benchTransport;
    const samples = [];
    const statusText = () => dialer.shadowRoot.querySelector('sw-call-status').shadowRoot.textContent;
    const until = async (predicate) => {
      for (let i = 0; i < 500 && !predicate(); i++) await new Promise((r) => setTimeout(r, 2));
      if (!predicate()) throw new Error('timed out');
    };
    const time = async (label, act, expected) => {
      const t0 = performance.now();
      act();
      await settle();
      dialer.shadowRoot.querySelector('sw-call-status').getBoundingClientRect();
      const dom = performance.now() - t0;
      if (!expected()) throw new Error(`${label}: not rendered after its updates (${statusText()})`);
      const frame = (await afterFrame()) - t0;
      samples.push({ label, dom, frame });
    };
    for (let i = 0; i < calls; i++) {
      await dialer.dial(i % 2 ? '+12025550106' : '+12025550100');
      await until(() => transport.calls.length === i + 1 && dialer.state === 'dialing');
      await settle();
      const call = transport.calls[i];
      await time(
        'ringing',
        () => call.ring(),
        () => statusText().includes('Ringing')
      );
      await time(
        'connected',
        () => call.answer(),
        () => statusText().includes('Connected')
      );
      await time(
        'muted',
        () => dialer.mute(),
        () => dialer.shadowRoot.querySelector('sw-call-controls').shadowRoot.querySelector('[part="mute"]').getAttribute('aria-pressed') === 'true'
      );
      await time(
        'ended',
        () => call.end('NORMAL_CLEARING', 16),
        () => statusText().includes('Call ended')
      );
      await new Promise((r) => setTimeout(r, 5));
    }
    return samples;
  }, CALLS);

  // (3) Call end → its row in the history, with each request delayed by a simulated round trip.
  const history = {};
  for (const rttMs of [0, 100]) {
    history[rttMs] = await tab.evaluate(
      async ({ calls, rttMs }) => {
        const { dialer, settle } = window.bench;
        const transport = window.benchTransport;
        const list = dialer.querySelector('sw-call-history');
        window.benchApi.delays = rttMs ? { '/api/': rttMs } : {};
        const until = async (predicate, ms = 10_000) => {
          const end = performance.now() + ms;
          while (!predicate()) {
            if (performance.now() > end) throw new Error('timed out');
            await new Promise((r) => setTimeout(r, 1));
          }
        };
        const samples = [];
        for (let i = 0; i < calls; i++) {
          const index = transport.calls.length;
          await dialer.dial('+12025550100');
          await until(() => transport.calls.length === index + 1 && dialer.callId !== null);
          transport.calls[index].answer();
          await until(() => dialer.state === 'connected');
          await settle();
          const id = dialer.callId;
          // The writes of the call so far have landed (a real call lasts longer than they take), so what
          // is timed is the end alone: closing PATCH, then the list's GET.
          await until(() => window.benchApi.calls.find((c) => c.id === id)?.status === 'connected');
          const shown = () =>
            [...list.shadowRoot.querySelectorAll('[part="row"]')].some((row) => row.dataset.callId === id && row.textContent.includes('Ended'));
          const t0 = performance.now();
          transport.calls[index].end('NORMAL_CLEARING', 16);
          await until(shown);
          samples.push(performance.now() - t0);
          // The list has settled before the next call (its last refresh included this call).
          await until(() => !list._loading);
        }
        window.benchApi.delays = {};
        return samples;
      },
      { calls: HISTORY_CALLS, rttMs }
    );
  }

  const rows = [
    ['(1) key in field → DOM laid out', summary(typed.map((k) => k.dom)), 16],
    ['    … → end of next frame', summary(typed.map((k) => k.frame)), null],
    ['(1) keypad click → DOM laid out', summary(clicked.map((k) => k.dom)), 16],
    ['    … → end of next frame', summary(clicked.map((k) => k.frame)), null],
    ['(2) state change → DOM laid out', summary(status.map((s) => s.dom)), 16],
    ['    … → end of next frame', summary(status.map((s) => s.frame)), null],
    ['(3) call end → history row, RTT 0', summary(history[0]), 1000],
    ['(3) call end → history row, RTT 100 ms', summary(history[100]), 1000]
  ];
  const ms = (n) => n.toFixed(1).padStart(7);
  process.stdout.write('UI latency (ms)                          n      p50      p95      max   target\n');
  const report = {};
  let parent = '';
  for (const [label, s, target] of rows) {
    parent = label.startsWith(' ') ? parent : label;
    report[label.startsWith(' ') ? `${parent} ${label.trim()}` : label] = { ...s, targetMs: target, withinTarget: target === null ? null : s.p95 <= target };
    process.stdout.write(
      `${label.padEnd(38)} ${String(s.n).padStart(4)} ${ms(s.p50)} ${ms(s.p95)} ${ms(s.max)}   ${target === null ? '-' : `p95 ≤ ${target}${s.p95 <= target ? ' ok' : ' OVER'}`}\n`
    );
  }
  const byLabel = {};
  for (const sample of status) (byLabel[sample.label] ??= []).push(sample);
  process.stdout.write(
    `\nstate changes by kind (p95 DOM ms): ${Object.entries(byLabel)
      .map(
        ([label, list]) =>
          `${label} ${percentile(
            list.map((s) => s.dom),
            95
          ).toFixed(1)}`
      )
      .join(', ')}\n`
  );
  process.stdout.write(`chromium ${await browser.version()}; page errors: ${errors.length ? errors.join(' | ') : 'none'}\n`);
  process.stdout.write(`\n${JSON.stringify(report)}\n`);
  if (errors.length) process.exitCode = 1;
} finally {
  await browser?.close();
  server.close();
  await rm(outdir, { recursive: true, force: true });
}
