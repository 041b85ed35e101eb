/**
 * `pnpm --filter @sw-dialer/bench widget-setup`: call setup as a page sees it through the whole widget
 * (`setup.bench.ts` times the SDK alone): `<sw-dialer>.dial()` → `connected` in Debian's Chromium, with the
 * production bundle, the API (call-log create, token) and the SignalWire emulator answering at once, all on
 * loopback (the e2e stack). Each agent is a fresh page: (a) its first call (token fetch, SDK load and the
 * call-log create all under way together), (b) its second call (token cached, SDK loaded: the create's
 * round trip is what the SDK dial waits for, docs/adr/0053). Times taken in the page.
 */
import { launchChromium } from '../packages/e2e/test/browser.js';
import { startStack } from '../packages/e2e/test/start-stack.js';
import { WidgetAgent } from '../packages/e2e/test/reliability/widget-agent.js';

const AGENTS = Number(process.env.BENCH_CALLS ?? 10);
const NUMBER = '+12025550179';

const stack = await startStack();
await fetch(`${stack.signalwire.url}/__emulator/scenarios/${encodeURIComponent(NUMBER)}`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ outcome: 'answer', ringMs: 0, hangupAfterMs: null })
});
const browser = await launchChromium();

/** dial() → `connected` on the page's clock, then hang up and wait for the call's end. */
async function timedCall(agent: WidgetAgent): Promise<number> {
  const ms = await agent.page.evaluate(async (number) => {
    const dialer = document.getElementById('dialer') as HTMLElement & { dial(n: string): Promise<boolean> };
    const connected = new Promise<number>((resolve) =>
      dialer.addEventListener('sw-call-state-change', (event) => {
        if ((event as CustomEvent<{ state: string }>).detail.state === 'connected') resolve(performance.now());
      })
    );
    const started = performance.now();
    if (!(await dialer.dial(number))) throw new Error('refused');
    return (await connected) - started;
  }, NUMBER);
  await agent.hangup();
  await agent.waitForState('ended');
  await agent.waitForWritesDelivered('the closing write');
  return ms;
}

const samples = { first: [] as number[], second: [] as number[] };
for (let i = 0; i < AGENTS; i += 1) {
  const agent = await WidgetAgent.open(browser, stack, `widget-setup-${i}`);
  samples.first.push(await timedCall(agent));
  samples.second.push(await timedCall(agent));
  await agent.close();
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const row = (name: string, values: number[]) => `| ${name} | ${values.length} | ${percentile(values, 50).toFixed(0)} | ${percentile(values, 95).toFixed(0)} |`;
process.stdout.write(
  [
    `# widget setup (Chromium ${browser.version()}, Node ${process.version}; emulator answers at once; loopback)`,
    '',
    '| step | calls | median ms | p95 ms |',
    '|---|---|---|---|',
    row("(a) a page's first dial() → connected", samples.first),
    row('(b) its second dial() → connected (token cached)', samples.second),
    ''
  ].join('\n')
);
await browser.close();
await stack.stop();
