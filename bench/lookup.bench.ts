/**
 * `pnpm bench:lookup`: caller-ID lookups through the API's SwitchFree cache, against the local
 * SwitchFree emulator on loopback (in this process). Reports p50/p99 of GET /contacts?number= cold
 * (every number new) and warm (every number cached), and how many upstream requests 1,000 lookups of
 * 50 distinct numbers cost (target: about 50).
 */
import { buildApp } from '@sw-dialer/api';
import { startSwitchFreeEmulator } from '@sw-dialer/emulators/switchfree';

const API_KEY = 'bench-switchfree-key';
const emulator = await startSwitchFreeEmulator({ apiKey: API_KEY, port: 0, presenceChangeIntervalMs: 0 });
const app = await buildApp(
  {
    env: 'production',
    // Loopback plain HTTP: this benchmark is not about the HTTPS rule (ADR 15), so it is off.
    requireHttps: false,
    database: { kind: 'pglite', dataDir: 'memory://' },
    migrate: true,
    auth: { jwt: { kind: 'secret', secret: 'bench-secret-that-is-at-least-32-characters' }, devLogin: false },
    rateLimit: { max: 1_000_000_000, timeWindowMs: 60_000 },
    corsOrigins: [],
    alerts: { policy: { failureRate: 0.2, minCalls: 20, windowMs: 300_000, tokenFailures: 5 } },
    logLevel: 'info',
    switchfree: { baseUrl: emulator.url, apiKey: API_KEY, timeoutMs: 1000 }
  },
  { logDestination: { write: () => undefined } }
);
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const headers = { authorization: `Bearer ${app.jwt.sign({ sub: 'bench' }, { expiresIn: 3600 })}` };

const upstreamRequests = async () => ((await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as { requests: number }).requests;
const number = (i: number) => `+1202555${String(2000 + i).padStart(4, '0')}`;

async function timed(n: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${address}/api/telephony/contacts?number=${encodeURIComponent(n)}`, { headers });
  await response.json();
  if (response.status !== 200) throw new Error(`lookup answered ${response.status}`);
  return performance.now() - started;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

// Warm-up of the HTTP path itself (not of the cache: these numbers are never used again).
for (let i = 0; i < 50; i += 1) await timed(number(5000 + i));

const cold: number[] = [];
for (let i = 0; i < 500; i += 1) cold.push(await timed(number(i)));
const warm: number[] = [];
for (let i = 0; i < 500; i += 1) warm.push(await timed(number(i)));

await app.switchfree.cacheStore.clear();
const before = await upstreamRequests();
for (let i = 0; i < 1000; i += 1) await timed(number(1000 + (i % 50)));
const upstream = (await upstreamRequests()) - before;

const row = (name: string, values: number[]) => `| ${name} | ${percentile(values, 50).toFixed(2)} | ${percentile(values, 99).toFixed(2)} |`;
process.stdout.write(
  [
    `# bench:lookup (Node ${process.version}; API and SwitchFree emulator in one process, loopback, sequential requests)`,
    '',
    '| GET /contacts?number= | p50 ms | p99 ms |',
    '|---|---|---|',
    row('cold (500 distinct numbers, cache empty)', cold),
    row('warm (the same 500 again)', warm),
    '',
    `1,000 lookups of 50 distinct numbers (cache emptied first): **${upstream} upstream requests** (target ≈ 50).`,
    ''
  ].join('\n')
);
await app.close();
await emulator.close();
