/**
 * `pnpm bench:rate-limit-store`: what one rate-limit check costs the API process with its counters in Redis,
 * for each way of keeping them (ADR 76). Loopback Redis (BENCH_REDIS_URL, default the local one).
 *
 * Each option counts the same keys (1,000 users × 1 route, fixed 60 s window) with CONCURRENCY checks in
 * flight, as an API instance under load has. Options run interleaved for BENCH_ROUNDS rounds; per round it
 * reports checks per second and the API process's CPU time per check (the cost that competes with the
 * route's own work on a small machine); round trips per check are known by construction.
 *
 * - lua: @fastify/rate-limit's RedisStore as the API ran it: one EVALSHA (INCR + PEXPIRE/PTTL) per check.
 * - lua+autopipeline: the same script, through ioredis with enableAutoPipelining: checks issued in the
 *   same event-loop turn share one write and one read.
 * - multi: INCR and PEXPIRE NX + PTTL sent as one pipeline (no script): 1 round trip, 3 commands.
 * - batched (the API's store since ADR 145): the same counting, one script call in flight per client, and
 *   the checks that arrive meanwhile go together in the next: at most 1 round trip per check, exact.
 * - lease: a local bucket that takes budget from Redis in leases of 10 (INCRBY) and spends it locally:
 *   1 round trip per 10 checks, but the limit is not exact across instances (unspent leases).
 */
import { cpus, loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { createRequire } from 'node:module';
import { BatchedRateLimitStore } from '@sw-dialer/api/batched-rate-limit-store';

const require = createRequire(import.meta.resolve('@sw-dialer/api'));
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  key: string
) => { incr: (key: string, cb: (error: Error | null, result: { current: number; ttl: number } | null) => void, timeWindow: number, max: number) => void };

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CHECKS = Number(process.env.BENCH_CHECKS ?? 20_000);
const CONCURRENCY = 10;
const WINDOW_MS = 60_000;
const MAX = 1_000_000_000;

type Check = (key: string) => Promise<number>;
interface Option {
  name: string;
  /** By construction: what one check waits for ('measured' when it depends on the load). */
  roundTrips: number | 'measured';
  make: () => Promise<{ check: Check; close: () => void }>;
}

const client = async (autoPipeline: boolean) => {
  const redis = new Redis(REDIS_URL, { enableAutoPipelining: autoPipeline, enableOfflineQueue: false, lazyConnect: true });
  await redis.connect();
  return redis;
};

const options: Option[] = [
  {
    name: 'lua (EVALSHA, as before)',
    roundTrips: 1,
    make: async () => {
      const redis = await client(false);
      const store = new RedisStore(false, false, redis, 'bench:rl:lua:');
      return {
        check: (key) =>
          new Promise((resolve, reject) => store.incr(key, (error, result) => (error ? reject(error) : resolve(result!.current)), WINDOW_MS, MAX)),
        close: () => redis.disconnect()
      };
    }
  },
  {
    name: 'lua + autopipelining',
    roundTrips: 1,
    make: async () => {
      const redis = await client(true);
      const store = new RedisStore(false, false, redis, 'bench:rl:luaap:');
      return {
        check: (key) =>
          new Promise((resolve, reject) => store.incr(key, (error, result) => (error ? reject(error) : resolve(result!.current)), WINDOW_MS, MAX)),
        close: () => redis.disconnect()
      };
    }
  },
  {
    name: 'batched (in-flight checks share a script call)',
    roundTrips: 'measured',
    make: async () => {
      const redis = await client(false);
      const store = new (BatchedRateLimitStore.for(redis, 'bench:rl:batched:'))();
      return {
        check: (key) => new Promise((resolve, reject) => store.incr(key, (error, result) => (error ? reject(error) : resolve(result!.current)), WINDOW_MS)),
        close: () => redis.disconnect()
      };
    }
  },
  {
    name: 'multi (INCR, PEXPIRE NX, PTTL)',
    roundTrips: 1,
    make: async () => {
      const redis = await client(false);
      return {
        check: async (key) => {
          const k = `bench:rl:multi:${key}`;
          const results = await redis.multi().incr(k).pexpire(k, WINDOW_MS, 'NX').pttl(k).exec();
          return Number(results![0]![1]);
        },
        close: () => redis.disconnect()
      };
    }
  },
  {
    name: 'lease of 10 (local bucket, INCRBY)',
    roundTrips: 0.1,
    make: async () => {
      const redis = await client(false);
      const leases = new Map<string, { left: number; pending?: Promise<number> }>();
      return {
        check: async (key) => {
          let lease = leases.get(key);
          if (!lease) leases.set(key, (lease = { left: 0 }));
          while (lease.left <= 0) {
            lease.pending ??= redis.incrby(`bench:rl:lease:${key}`, 10).then((value) => {
              lease!.left += 10;
              lease!.pending = undefined;
              return value;
            });
            await lease.pending;
          }
          lease.left -= 1;
          return 0;
        },
        close: () => redis.disconnect()
      };
    }
  }
];

/** Commands Redis ran (those inside scripts and MULTI too), and the script calls among them (round trips of the Lua options). */
async function countCommands(): Promise<{ commands: number; scripts: number; redisCpuS: number }> {
  const redis = new Redis(REDIS_URL);
  const [stats, commandStats, cpu] = [await redis.info('stats'), await redis.info('commandstats'), await redis.info('cpu')];
  redis.disconnect();
  const seconds = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(cpu)?.[1] ?? 0);
  const calls = (name: string) => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(commandStats)?.[1] ?? 0);
  return {
    commands: Number(/total_commands_processed:(\d+)/.exec(stats)![1]),
    scripts: calls('evalsha') + calls('eval'),
    redisCpuS: seconds('used_cpu_sys') + seconds('used_cpu_user')
  };
}

async function run(option: Option, round: number) {
  const { check, close } = await option.make();
  // Warm-up: the script is loaded, the connection's buffers sized.
  for (let i = 0; i < 200; i += 1) await check(`warm-${i}`);
  const commandsBefore = await countCommands();
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CHECKS) {
        const i = next++;
        await check(`user-${round}-${i % 1000}|POST /api/telephony/calls`);
      }
    })
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const after = await countCommands();
  // Less the INFO calls of the two counts (commandstats and cpu count their own).
  const commands = after.commands - commandsBefore.commands - 3;
  close();
  return {
    rps: CHECKS / seconds,
    cpuUsPerCheck: (cpu.user + cpu.system) / CHECKS,
    commandsPerCheck: commands / CHECKS,
    scriptCallsPerCheck: (after.scripts - commandsBefore.scripts) / CHECKS,
    redisCpuUsPerCheck: ((after.redisCpuS - commandsBefore.redisCpuS) * 1e6) / CHECKS
  };
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');
process.stdout.write(`# bench:rate-limit-store on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n\n`);
process.stdout.write(`load average at start (1/5/15 min): ${load()}; ${CHECKS} checks × ${ROUNDS} rounds per option, ${CONCURRENCY} in flight\n\n`);
const results = new Map<string, Array<Awaited<ReturnType<typeof run>>>>();
for (let round = 0; round < ROUNDS; round += 1) {
  for (const option of options) {
    const result = await run(option, round);
    results.set(option.name, [...(results.get(option.name) ?? []), result]);
    process.stderr.write(`round ${round + 1} ${option.name}: ${result.rps.toFixed(0)} checks/s, ${result.cpuUsPerCheck.toFixed(1)} µs CPU/check\n`);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[], digits: number) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
process.stdout.write(
  '| option | round trips/check | checks/s median (range) | API CPU µs/check median (range) | Redis CPU µs/check median (range) | commands Redis ran/check (in scripts and MULTI too) | script calls/check |\n|---|---|---|---|---|---|---|\n'
);
for (const [name, runs] of results) {
  const roundTrips = options.find((option) => option.name === name)!.roundTrips;
  const rps = runs.map((r) => r.rps);
  const cpu = runs.map((r) => r.cpuUsPerCheck);
  const redisCpu = runs.map((r) => r.redisCpuUsPerCheck);
  process.stdout.write(
    `| ${name} | ${roundTrips === 'measured' ? `${median(runs.map((r) => r.scriptCallsPerCheck)).toFixed(2)} (measured)` : roundTrips} | ${median(rps).toFixed(0)} (${range(rps, 0)}) | ${median(cpu).toFixed(1)} (${range(cpu, 1)}) | ${median(redisCpu).toFixed(1)} (${range(redisCpu, 1)}) | ${median(runs.map((r) => r.commandsPerCheck)).toFixed(2)} | ${median(runs.map((r) => r.scriptCallsPerCheck)).toFixed(2)} |\n`
  );
}
process.stdout.write(`\nload average at the end: ${load()}\n`);
