/**
 * `pnpm bench:setup`: call setup through the real `<sw-dialer>` and through the bare `@signalwire/js`, side by
 * side against one SignalWire emulator and one API (the e2e stack: production bundle, examples page on another
 * origin, loopback), in Debian's Chromium, interleaved run by run (issue 22, docs/adr/0081).
 *
 * Each run, for each number (+1 202 555 0100 rings 1 s, +1 202 555 0123 rings 2 s; both answered):
 * - widget: a fresh page signed in; the number field is focused (what a person does first: the widget's
 *   `prepare`, and `preconnect` which this bench's host allows), 1 s of "typing", then `dial()` → `connected`
 *   (fresh page); the call is hung up, then a second `dial()` → `connected` in the same page (warm page);
 * - bare SDK: a fresh page, the token fetched from the same API and `SignalWire()` connected at load (what an
 *   application using the SDK alone would do), the same 1 s, then `dial()` → `active` (fresh), then again (warm).
 * Times are taken in the page (performance.now()). Reported per case: median, p95, widget/SDK ratio of the
 * medians, and the time outside the ring (setup minus the far end's ring time).
 * BENCH_RUNS (default 20) sets the runs per case.
 * A second table breaks the time before the far end rings down (ADR 115): for the widget, when its requests to the
 * API started and ended after dial() (the page's resource timings: token, contact lookup, call-log create) and when
 * it reported ringing; for the SDK, when it reported early media or ringing. BENCH_BROWSER_NICE (default 10, as in
 * the end-to-end tests) sets the browser's nice: 0 on a machine shared with other work, where niced pages starve.
 */
import { BROWSER_NICE, launchChromium } from '../packages/e2e/test/browser.js';
import { startStack } from '../packages/e2e/test/start-stack.js';
import { WidgetAgent } from '../packages/e2e/test/reliability/widget-agent.js';
import { servePage } from '../packages/emulators/test/browser/serve-page.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const NUMBERS = [
  { number: '+12025550100', ringMs: 1_000 },
  { number: '+12025550123', ringMs: 2_000 }
];
const TYPING_MS = 1_000;

const stack = await startStack();
for (const { number, ringMs } of NUMBERS) {
  await fetch(`${stack.signalwire.url}/__emulator/scenarios/${encodeURIComponent(number)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome: 'answer', ringMs, hangupAfterMs: null })
  });
}
const sdkPage = await servePage();
const browser = await launchChromium({ nice: Number(process.env.BENCH_BROWSER_NICE ?? BROWSER_NICE) });
const bearer = `Bearer ${stack.app.jwt.sign({ sub: 'bench-sdk' }, { expiresIn: 3600 })}`;

type Dialer = HTMLElement & { dial(n: string): Promise<boolean>; preconnect: boolean };

/** What happened between dial() and `connected`, in ms after dial(). */
interface Steps {
  connected: number;
  ringing: number;
  /** [start, end] of each API request the dial made, by kind. */
  requests: Record<string, [number, number]>;
}

/** dial() → `connected` through the widget, on the page's clock; then hang up and wait for the end. */
async function widgetCall(agent: WidgetAgent, number: string): Promise<Steps> {
  const steps = await agent.page.evaluate(async (n) => {
    const dialer = document.getElementById('dialer') as Dialer;
    let ringing = NaN;
    const connected = new Promise<number>((resolve, reject) => {
      dialer.addEventListener('sw-call-state-change', (event) => {
        const { state } = (event as CustomEvent<{ state: string }>).detail;
        if (state === 'ringing' && Number.isNaN(ringing)) ringing = performance.now();
        if (state === 'connected') resolve(performance.now());
        if (state === 'failed' || state === 'ended') reject(new Error(`the call ${state} before connecting`));
      });
      dialer.addEventListener('sw-call-error', (event) => reject(new Error(JSON.stringify((event as CustomEvent).detail))));
    });
    const started = performance.now();
    if (!(await dialer.dial(n))) throw new Error('refused');
    const at = await connected;
    const requests: Record<string, [number, number]> = {};
    for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      if (entry.startTime < started || entry.startTime > at) continue;
      const kind = /\/signalwire\/token/.test(entry.name)
        ? 'token'
        : /\/contacts\?/.test(entry.name)
          ? 'lookup'
          : /\/calls(\?|$)/.test(entry.name)
            ? 'create'
            : null;
      if (kind && !requests[kind]) requests[kind] = [entry.startTime - started, entry.responseEnd - started];
      else if (!kind) requests[new URL(entry.name).pathname.split('/').pop() ?? entry.name] = [entry.startTime - started, entry.responseEnd - started];
    }
    return { connected: at - started, ringing: ringing - started, requests };
  }, number);
  await agent.hangup();
  await agent.waitForState('ended');
  return steps;
}

async function widgetRun(index: number, number: string): Promise<[Steps, Steps]> {
  const agent = await WidgetAgent.open(browser, stack, `setup-${index}-${number.slice(1)}`);
  try {
    await agent.page.evaluate(() => {
      const dialer = document.getElementById('dialer') as Dialer;
      dialer.preconnect = true;
      dialer.shadowRoot!.querySelector('sw-number-input')!.shadowRoot!.querySelector('input')!.focus();
    });
    await new Promise((resolve) => setTimeout(resolve, TYPING_MS));
    const fresh = await widgetCall(agent, number).catch((error) => {
      throw new Error(`${String(error)}; page errors: ${agent.pageErrors.join(' | ')}; console: ${agent.console.join(' | ')}`);
    });
    const warm = await widgetCall(agent, number);
    return [fresh, warm];
  } finally {
    await agent.close();
  }
}

async function sdkCall(page: Awaited<ReturnType<typeof browser.newPage>>, number: string): Promise<Steps> {
  const id = await page.evaluate((to) => window.harness.dial(to), number);
  await page.waitForFunction((callId) => window.harness.log(callId).states.includes('active'), id, { timeout: 20_000 });
  const log = await page.evaluate((callId) => window.harness.log(callId), id);
  await page.evaluate((callId) => window.harness.hangup(callId), id);
  await page.waitForFunction((callId) => window.harness.log(callId).destroyed, id, { timeout: 20_000 });
  const ringing = Math.min(log.stateAt.early ?? Infinity, log.stateAt.ringing ?? Infinity);
  return { connected: (log.stateAt.active as number) - log.dialedAt, ringing: ringing - log.dialedAt, requests: {} };
}

async function sdkRun(number: string): Promise<[Steps, Steps]> {
  const page = await browser.newPage();
  try {
    await page.goto(sdkPage.url);
    await page.waitForFunction(() => 'harness' in window);
    const answer = await fetch(`${stack.apiUrl}/api/telephony/signalwire/token`, {
      method: 'POST',
      headers: { authorization: bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceType: 'browser' })
    });
    const { token, relayHost } = (await answer.json()) as { token: string; relayHost: string };
    await page.evaluate(({ t, h }) => window.harness.connect(t, h), { t: token, h: relayHost });
    await new Promise((resolve) => setTimeout(resolve, TYPING_MS));
    const fresh = await sdkCall(page, number);
    const warm = await sdkCall(page, number);
    return [fresh, warm];
  } finally {
    await page.close();
  }
}

const samples = new Map<string, number[]>();
const push = (key: string, value: number) => samples.set(key, [...(samples.get(key) ?? []), value]);
const stepSamples = new Map<string, Steps[]>();
for (let run = 0; run < RUNS; run += 1) {
  for (const { number } of NUMBERS) {
    // Alternate which goes first, so that neither always runs on the machine the other just warmed.
    const order = run % 2 === 0 ? (['widget', 'sdk'] as const) : (['sdk', 'widget'] as const);
    for (const who of order) {
      const [fresh, warm] = who === 'widget' ? await widgetRun(run, number) : await sdkRun(number);
      push(`${who} ${number} fresh`, fresh.connected);
      push(`${who} ${number} warm`, warm.connected);
      for (const [page, steps] of [
        ['fresh', fresh],
        ['warm', warm]
      ] as const)
        stepSamples.set(`${who} ${number} ${page}`, [...(stepSamples.get(`${who} ${number} ${page}`) ?? []), steps]);
    }
  }
  process.stderr.write(`run ${run + 1}/${RUNS}\n`);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const lines = [
  `# bench:setup (Chromium ${browser.version()}, Node ${process.version}; ${RUNS} runs per case, interleaved; loopback; widget with preconnect)`,
  '',
  '| number (ring) | page | widget median / p95 ms | SDK median / p95 ms | ratio (medians) | outside the ring: widget / SDK ms | ratio |',
  '|---|---|---|---|---|---|---|'
];
const result: Record<string, unknown> = {};
for (const { number, ringMs } of NUMBERS) {
  for (const page of ['fresh', 'warm']) {
    const w = samples.get(`widget ${number} ${page}`)!;
    const s = samples.get(`sdk ${number} ${page}`)!;
    const [wm, sm] = [percentile(w, 50), percentile(s, 50)];
    const [wo, so] = [wm - ringMs, sm - ringMs];
    lines.push(
      `| ${number} (${ringMs / 1000} s) | ${page} | ${wm.toFixed(0)} / ${percentile(w, 95).toFixed(0)} | ${sm.toFixed(0)} / ${percentile(s, 95).toFixed(0)} | ${(wm / sm).toFixed(2)} | ${wo.toFixed(0)} / ${so.toFixed(0)} | ${(wo / so).toFixed(2)} |`
    );
    result[`${number} ${page}`] = { widget: w, sdk: s };
  }
}
const median = (values: number[]) => percentile(values.filter(Number.isFinite), 50);
const span = (steps: Steps[], kind: string) => {
  const spans = steps.map((step) => step.requests[kind]).filter((value): value is [number, number] => value !== undefined);
  return spans.length ? `${median(spans.map(([from]) => from)).toFixed(0)}–${median(spans.map(([, to]) => to)).toFixed(0)}` : '–';
};
lines.push(
  '',
  'Before the ring, medians in ms after dial() (widget: its API requests from the resource timings, start–end):',
  '',
  '| number | page | widget token | widget lookup | widget create | widget ringing | SDK early/ringing | ringing: widget − SDK |',
  '|---|---|---|---|---|---|---|---|'
);
for (const { number } of NUMBERS) {
  for (const page of ['fresh', 'warm']) {
    const w = stepSamples.get(`widget ${number} ${page}`) ?? [];
    const s = stepSamples.get(`sdk ${number} ${page}`) ?? [];
    const [wr, sr] = [median(w.map((step) => step.ringing)), median(s.map((step) => step.ringing))];
    lines.push(
      `| ${number} | ${page} | ${span(w, 'token')} | ${span(w, 'lookup')} | ${span(w, 'create')} | ${wr.toFixed(0)} | ${sr.toFixed(0)} | ${(wr - sr).toFixed(0)} |`
    );
  }
}
result.steps = Object.fromEntries(stepSamples);
process.stdout.write(`${lines.join('\n')}\n\n${JSON.stringify(result)}\n`);
await browser.close();
await sdkPage.close();
await stack.stop();
