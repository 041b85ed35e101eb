/**
 * `pnpm bench:probes`: what /livez and /readyz cost (issue 19). The servers in this process, autocannon in one of
 * its own (load-generator.ts, ADR 144), loopback only, against the local
 * PostgreSQL and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL); bounded in time (about 1 minute).
 *
 * autocannon on (a) GET /livez, (b) GET /readyz (one query on the pool, one Redis PING), and (c) a bare
 * Fastify route answering the same `{"status":"ok"}`, run in turns (a, b, c, a, b, c, ...) so machine noise
 * hits all three. Prints throughput and latency per round, with the spread over rounds, and the ratios to (c).
 */
import { cpus } from 'node:os';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '@sw-dialer/api';
import { startLoadGenerator } from './load-generator.js';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function recreateDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

type Sample = { rps: number; p50: number; p99: number };

// autocannon in a process of its own, not on the event loop it measures (ADR 144).
const loadGenerator = startLoadGenerator();

async function cannon(url: string, durationS = DURATION_S): Promise<Sample> {
  const { origin, pathname } = new URL(url);
  const result = await loadGenerator.fire({ url: origin, connections: CONNECTIONS, durationS, method: 'GET', path: pathname, headers: {} });
  if (result.non2xx || result.errors) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const spread = (values: number[], digits = 0) => {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  return `${median.toFixed(digits)} (${(sorted[0] as number).toFixed(digits)}-${(sorted.at(-1) as number).toFixed(digits)})`;
};

const databaseUrl = await recreateDatabase('sw_bench_probes');
const app = await buildApp(
  {
    env: 'production',
    trustProxy: ['127.0.0.1'],
    database: { kind: 'postgres', url: databaseUrl, poolMax: 10 },
    migrate: true,
    redisUrl: REDIS_URL,
    auth: { jwt: { kind: 'secret', secret: 'bench-secret-that-is-at-least-32-characters' }, devLogin: false },
    rateLimit: { max: 300, timeWindowMs: 60_000 },
    corsOrigins: [],
    alerts: { policy: { failureRate: 0.2, minCalls: 20, windowMs: 300_000, tokenFailures: 5 } },
    logLevel: 'info'
  },
  { logDestination: { write: () => undefined } }
);
const apiUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const bare = Fastify();
bare.get('/ok', async () => ({ status: 'ok' }));
const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });

const targets = { livez: `${apiUrl}/livez`, readyz: `${apiUrl}/readyz`, bare: `${bareUrl}/ok` } as const;
const samples: Record<keyof typeof targets, Sample[]> = { livez: [], readyz: [], bare: [] };
try {
  for (const url of Object.values(targets)) await cannon(url, 2); // warm-up
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const [name, url] of Object.entries(targets) as Array<[keyof typeof targets, string]>) {
      const sample = await cannon(url);
      samples[name].push(sample);
      process.stdout.write(`round ${round} ${name.padEnd(6)} ${sample.rps.toFixed(0).padStart(6)} req/s  p50 ${sample.p50} ms  p99 ${sample.p99} ms\n`);
    }
  }
} finally {
  await app.close();
  await bare.close();
  loadGenerator.close();
}

process.stdout.write(`\n${cpus().length} cores, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${DURATION_S} s; median (min-max) over rounds\n`);
process.stdout.write('| route | req/s | p50 ms | p99 ms | throughput / bare route |\n|---|---|---|---|---|\n');
for (const name of Object.keys(targets) as Array<keyof typeof targets>) {
  const ratios = samples[name].map((sample, index) => sample.rps / (samples.bare[index] as Sample).rps);
  process.stdout.write(
    `| ${name} | ${spread(samples[name].map((s) => s.rps))} | ${spread(samples[name].map((s) => s.p50))} | ${spread(samples[name].map((s) => s.p99))} | ${spread(ratios, 2)} |\n`
  );
}
