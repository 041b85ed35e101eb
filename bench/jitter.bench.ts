/**
 * `pnpm bench:jitter`: audio jitter and loss during calls through the SignalWire emulator, the real `<sw-dialer>`
 * beside the bare `@signalwire/js` in the same run (issue 22), read at both ends of each call:
 * - the browser's end: what `getStats()` gives, read the widget's way. The widget reports it itself
 *   (`sw-call-quality`, every 2 s: the worse direction's jitter, the loss since the previous reading); for the
 *   bare SDK the bench reads the same statistics from the SDK's peer connection every 2 s and applies the
 *   widget's own `readQuality` to them, so both sides are judged by one function;
 * - the far end's: the emulator's RFC 3550 interarrival jitter and loss of the audio it receives from the
 *   browser (`/__emulator/calls`), read every 2 s.
 * Each round: 1 call with the widget and 1 with the SDK, then 10 concurrent calls with each (which side goes
 * first alternates by round). Calls are dialled one after another (each once the previous is up, as
 * concurrent-calls.test.ts does: the far ends' handshakes run in JavaScript), then talk for BENCH_TALK_MS
 * (default 10 s) with every call up; only readings inside that window count. Loopback only; the SignalWire
 * emulator runs in a worker thread (a server with a CPU of its own in production), as in the end-to-end tests.
 * BENCH_ROUNDS (default 2), BENCH_CONCURRENT (default 10), BENCH_BROWSER_NICE (default 0).
 * Bounded: about 2 minutes per round on a quiet machine.
 */
import { loadavg } from 'node:os';
import { launchChromium } from '@sw-dialer/test-support/launch-chromium';
import { startStack } from '../packages/e2e/test/start-stack.js';
import { WidgetAgent } from '../packages/e2e/test/reliability/widget-agent.js';
import { servePage } from '../packages/emulators/test/browser/serve-page.js';
import { readQuality, type QualityCounters } from '../packages/dialer-elements/src/quality/call-quality.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 10);
const TALK_MS = Number(process.env.BENCH_TALK_MS ?? 10_000);
/** The widget's reading interval (call-session-actor's QUALITY_INTERVAL_MS); the SDK and the far end are read as often. */
const READ_EVERY_MS = 2_000;
/** One Chromium captures at most 16 microphones at once, and a profile opens 6 connections to one host (concurrent-calls.test.ts). */
const PAGES_PER_CONTEXT = 4;
/** Generous: on the shared 2-core machine a page load or a call set-up can take tens of seconds under load. */
const CALL_TIMEOUT_MS = 60_000;
/**
 * A call whose set-up fails (the SDK gives ICE and DTLS 20 s, which a machine at load 20+ can miss) is dialled
 * again, up to this many times in all; every failure is listed in the output. Only connected calls are measured.
 */
const SETUP_ATTEMPTS = 3;
const setupFailures: string[] = [];

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line} (load ${load()})\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Numbers outside the emulator's scenario table ring about 2 s, answer, and stay up until the caller hangs up.
const numberOf = (i: number) => `+1202555${String(300 + i).padStart(4, '0')}`;

const loadAtStart = load();
const stack = await startStack({ signalwireInWorker: true });
const sdkPage = await servePage();
// The browsers run at the bench's own priority (BENCH_BROWSER_NICE, default 0), not below it as in the end-to-end
// tests: on a machine shared with other work, niced browsers wait behind everyone (pages then took over a minute
// to load at load average 25), and their audio threads' waits are the jitter being measured.
const browser = await launchChromium({ args: ['--process-per-site'], nice: Number(process.env.BENCH_BROWSER_NICE ?? 0) });
type Browser = typeof browser;
type Context = Awaited<ReturnType<Browser['newContext']>>;

/** Contexts of PAGES_PER_CONTEXT pages each, as the end-to-end concurrency test groups its agents. */
async function grouped<T>(count: number, newContext: () => Promise<Context>, open: (context: Context, i: number) => Promise<T>): Promise<T[]> {
  const opened: T[] = [];
  let context: Context | null = null;
  for (let i = 0; i < count; i++) {
    if (i % PAGES_PER_CONTEXT === 0) context = await newContext();
    opened.push(await open(context as Context, i));
  }
  return opened;
}

interface FarEndCall {
  callId: string;
  to: string;
  state: string;
  rtpJitterMs: number | null;
  rtpPacketsLost: number;
  rtpPacketsReceived: number;
  createdAt: string;
}
const farEnd = async (): Promise<FarEndCall[]> => (await (await fetch(`${stack.signalwire.url}/__emulator/calls`)).json()) as FarEndCall[];

/** What one case (side × concurrency × round) gave. */
interface Readings {
  /** Jitter the browser side read (the widget's way), ms, one per reading per call. */
  browserJitter: number[];
  /** Loss the browser side read per reading, percent. */
  browserLoss: number[];
  /** The far end's RFC 3550 jitter, ms, one per read per call. */
  farJitter: number[];
  /** The far end's loss over the talk window, percent, one per call. */
  farLoss: number[];
}

/** Samples the far end every READ_EVERY_MS for the talk window; returns its jitter readings and each call's loss. */
async function sampleFarEnd(numbers: string[], since: number, during: Promise<void>): Promise<Pick<Readings, 'farJitter' | 'farLoss'>> {
  const live = (calls: FarEndCall[]) => calls.filter((call) => call.state === 'active' && numbers.includes(call.to) && Date.parse(call.createdAt) >= since);
  const start = new Map(live(await farEnd()).map((call) => [call.callId, call]));
  const farJitter: number[] = [];
  let last = start;
  let done = false;
  void during.then(() => (done = true));
  while (!done) {
    await Promise.race([sleep(READ_EVERY_MS), during]);
    if (done) break;
    const now = live(await farEnd()).filter((call) => start.has(call.callId));
    for (const call of now) if (call.rtpJitterMs !== null) farJitter.push(call.rtpJitterMs);
    last = new Map(now.map((call) => [call.callId, call]));
  }
  const farLoss = [...last.values()].map((end) => {
    const begin = start.get(end.callId) as FarEndCall;
    const lost = end.rtpPacketsLost - begin.rtpPacketsLost;
    const received = end.rtpPacketsReceived - begin.rtpPacketsReceived;
    return lost + received > 0 ? (100 * lost) / (lost + received) : 0;
  });
  // A call that dropped during the window (a machine at load 30+ can starve its media past the SDK's patience)
  // counts as a failure; its readings so far stay in.
  for (let i = farLoss.length; i < numbers.length; i++) setupFailures.push(`a call to one of ${numbers.join(' ')} dropped while talking`);
  return { farJitter, farLoss };
}

// The widget side: agents signed in as users of their own, each recording its `sw-call-quality` readings.
const widgetAgents = await grouped(
  CONCURRENT,
  async () => {
    const context = await WidgetAgent.context(browser);
    context.setDefaultTimeout(CALL_TIMEOUT_MS);
    await context.addInitScript(() => {
      const readings: unknown[] = [];
      (window as unknown as { __swQuality: unknown[] }).__swQuality = readings;
      document.addEventListener('sw-call-quality', (event) => readings.push({ at: Date.now(), ...(event as CustomEvent).detail }));
    });
    return context;
  },
  (context, i) => WidgetAgent.open(browser, stack, `jitter-agent-${i}`, { context })
);

async function widgetCase(count: number): Promise<Readings> {
  const agents = widgetAgents.slice(0, count);
  const numbers = agents.map((_, i) => numberOf(i));
  const since = Date.now();
  for (const [i, agent] of agents.entries()) {
    for (let attempt = 1; ; attempt++) {
      const from = await agent.dial(numbers[i] as string);
      const failed = await agent.waitForState('connected', CALL_TIMEOUT_MS).then(
        () => null,
        async (error: Error) => `${error.message}; its events: ${JSON.stringify((await agent.events()).slice(from))}`
      );
      if (!failed) break;
      setupFailures.push(`widget ${numbers[i]}: ${failed.slice(0, 400)}`);
      if (attempt === SETUP_ATTEMPTS) throw new Error(failed);
      await agent.hangup().catch(() => undefined);
      await sleep(1_000);
    }
  }
  const from = Date.now();
  const far = await sampleFarEnd(numbers, since, sleep(TALK_MS));
  const to = Date.now();
  const browserJitter: number[] = [];
  const browserLoss: number[] = [];
  for (const agent of agents) {
    const readings = await agent.page.evaluate(
      () => (window as unknown as { __swQuality: Array<{ at: number; jitterMs: number; packetLossPct: number }> }).__swQuality
    );
    for (const reading of readings.filter((r) => r.at >= from && r.at <= to)) {
      browserJitter.push(reading.jitterMs);
      browserLoss.push(reading.packetLossPct);
    }
  }
  // Why a widget call ended before the window did (the far end counted it as dropped): its own report.
  for (const agent of agents) {
    if ((await agent.state()) === 'connected') continue;
    const ended = (await agent.events()).filter((event) => event.type === 'ended' || event.type === 'error').slice(-2);
    setupFailures.push(`widget ${agent.userId} ended while talking: ${JSON.stringify(ended)}`);
  }
  for (const agent of agents) await agent.hangup();
  for (const agent of agents)
    await agent.page.waitForFunction(
      () => ['ended', 'failed', 'idle'].includes((document.getElementById('dialer') as HTMLElement & { state: string }).state),
      null,
      {
        timeout: CALL_TIMEOUT_MS,
        polling: 200
      }
    );
  return { browserJitter, browserLoss, ...far };
}

// The bare SDK side: the harness page of the emulator's browser tests, each connected once with its own token.
const sdkPages = await grouped(
  CONCURRENT,
  async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(CALL_TIMEOUT_MS);
    return context;
  },
  async (context, i) => {
    const page = await context.newPage();
    await page.goto(sdkPage.url);
    await page.waitForFunction(() => 'harness' in window);
    const bearer = `Bearer ${stack.app.jwt.sign({ sub: `jitter-sdk-${i}` }, { expiresIn: 3600 })}`;
    const answer = await fetch(`${stack.apiUrl}/api/telephony/signalwire/token`, {
      method: 'POST',
      headers: { authorization: bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ deviceType: 'browser' })
    });
    const { token, relayHost } = (await answer.json()) as { token: string; relayHost: string };
    await page.evaluate(({ t, h }) => window.harness.connect(t, h), { t: token, h: relayHost });
    return page;
  }
);

async function sdkCase(count: number): Promise<Readings> {
  const pages = sdkPages.slice(0, count);
  const numbers = pages.map((_, i) => numberOf(100 + i));
  const ids: string[] = [];
  const since = Date.now();
  for (const [i, page] of pages.entries()) {
    for (let attempt = 1; ; attempt++) {
      const id = await page.evaluate((to) => window.harness.dial(to), numbers[i] as string);
      await page.waitForFunction((callId) => window.harness.log(callId).states.includes('active') || window.harness.log(callId).destroyed, id, {
        timeout: CALL_TIMEOUT_MS
      });
      const log = await page.evaluate((callId) => window.harness.log(callId), id);
      if (!log.destroyed) {
        ids.push(id);
        break;
      }
      const failed = `sdk ${numbers[i]}: ${log.cause ?? ''} ${log.startError ?? ''}`;
      setupFailures.push(failed);
      if (attempt === SETUP_ATTEMPTS) throw new Error(failed);
      await sleep(1_000);
    }
  }
  // The widget's first reading in the window compares with one taken before it; so does this one.
  const counters: Array<QualityCounters | undefined> = await Promise.all(
    pages.map(async (page, i) => readQuality(await page.evaluate((callId) => window.harness.stats(callId), ids[i] as string))?.counters)
  );
  const browserJitter: number[] = [];
  const browserLoss: number[] = [];
  const talking = sleep(TALK_MS);
  let done = false;
  void talking.then(() => (done = true));
  const reading = (async () => {
    while (!done) {
      await Promise.race([sleep(READ_EVERY_MS), talking]);
      if (done) break;
      await Promise.all(
        pages.map(async (page, i) => {
          const read = readQuality(await page.evaluate((callId) => window.harness.stats(callId), ids[i] as string), counters[i]);
          if (!read) return;
          counters[i] = read.counters;
          browserJitter.push(read.quality.jitterMs);
          browserLoss.push(read.quality.packetLossPct);
        })
      );
    }
  })();
  const far = await sampleFarEnd(numbers, since, talking);
  await reading;
  for (const [i, page] of pages.entries()) {
    const log = await page.evaluate((callId) => window.harness.log(callId), ids[i] as string);
    if (log.destroyed) setupFailures.push(`sdk ${numbers[i]} ended while talking: ${log.cause ?? ''} ${log.causeCode ?? ''}`);
    else await page.evaluate((callId) => window.harness.hangup(callId), ids[i] as string);
  }
  for (const [i, page] of pages.entries())
    await page.waitForFunction((callId) => window.harness.log(callId).destroyed, ids[i] as string, { timeout: CALL_TIMEOUT_MS });
  return { browserJitter, browserLoss, ...far };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
};
const fmt = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : 'n/a');

const results = new Map<string, Readings[]>();
const record = (key: string, readings: Readings) => results.set(key, [...(results.get(key) ?? []), readings]);
const loads: string[] = [];
log(`start: ${ROUNDS} rounds, 1 and ${CONCURRENT} calls, ${TALK_MS / 1000} s of talk`);
for (let round = 0; round < ROUNDS; round++) {
  for (const count of [1, CONCURRENT]) {
    const order = round % 2 === 0 ? (['widget', 'sdk'] as const) : (['sdk', 'widget'] as const);
    for (const side of order) {
      const readings = side === 'widget' ? await widgetCase(count) : await sdkCase(count);
      record(`${side} ${count}`, readings);
      loads.push(loadavg()[0]!.toFixed(1));
      log(`round ${round + 1}: ${side}, ${count} call(s): ${readings.browserJitter.length} browser readings, ${readings.farJitter.length} far-end readings`);
    }
  }
}

const lines = [
  `# bench:jitter (Chromium ${browser.version()}, Node ${process.version}; ${ROUNDS} rounds, ${TALK_MS / 1000} s of talk per case, loopback)`,
  `load average at the start ${loadAtStart}, after each case ${loads.join(', ')}, at the end ${load()}`,
  '',
  '| calls | side | browser-read jitter p50 / p95 ms (p95 per round) | browser-read loss p95 % | far-end jitter p50 / p95 ms (p95 per round) | far-end loss max % | readings browser / far end |',
  '|---:|---|---|---:|---|---:|---|'
];
const summary: Record<string, unknown> = {};
for (const count of [1, CONCURRENT]) {
  const p95 = { widget: { browser: 0, far: 0 }, sdk: { browser: 0, far: 0 } };
  for (const side of ['widget', 'sdk'] as const) {
    const rounds = results.get(`${side} ${count}`) ?? [];
    const all = (pick: (r: Readings) => number[]) => rounds.flatMap(pick);
    const perRound = (pick: (r: Readings) => number[]) => rounds.map((r) => fmt(percentile(pick(r), 95))).join(', ');
    const browserJitter = all((r) => r.browserJitter);
    const farJitter = all((r) => r.farJitter);
    p95[side] = { browser: percentile(browserJitter, 95), far: percentile(farJitter, 95) };
    lines.push(
      `| ${count} | ${side === 'widget' ? '`<sw-dialer>`' : 'bare SDK'} | ${fmt(percentile(browserJitter, 50))} / **${fmt(p95[side].browser)}** (${perRound((r) => r.browserJitter)}) | ${fmt(
        percentile(
          all((r) => r.browserLoss),
          95
        )
      )} | ${fmt(percentile(farJitter, 50))} / **${fmt(p95[side].far)}** (${perRound((r) => r.farJitter)}) | ${fmt(Math.max(0, ...all((r) => r.farLoss)))} | ${browserJitter.length} / ${farJitter.length} |`
    );
    summary[`${side} ${count}`] = rounds;
  }
  lines.push(
    `| ${count} | **widget / SDK** | **${(p95.widget.browser / p95.sdk.browser).toFixed(2)}** | | **${(p95.widget.far / p95.sdk.far).toFixed(2)}** | | |`
  );
}
lines.push('', `set-up failures (dialled again) and calls dropped while talking: ${setupFailures.length}`, ...setupFailures.map((failure) => `- ${failure}`));
process.stdout.write(`${lines.join('\n')}\n\n${JSON.stringify(summary)}\n`);
await browser.close();
await sdkPage.close();
await stack.stop();
