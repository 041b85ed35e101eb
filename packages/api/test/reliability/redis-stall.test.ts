import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import t, { type Test } from 'tap';
import { RedisPresenceBus } from '../../src/presence/presence-bus.js';
import { RedisCacheStore } from '../../src/providers/switchfree/redis-cache-store.js';
import { buildTestApp, type TestApp } from '../helpers/build-test-app.js';
import { startTcpFaultProxy, targetOf, type TcpFaultProxy } from '@sw-dialer/test-support/tcp-fault-proxy';

/**
 * A Redis that accepts TCP connections and never answers (a hung server, a network that drops packets):
 * the TCP fault proxy's `stall()` in front of the real Redis (docs/adr/0041). Every Redis user of the API
 * must let it start within a bounded time, degrade as documented (rate limits uncounted, presence on this
 * instance only, cache misses), keep trying on fresh connections rather than sit on a silent one, and
 * recover once Redis answers again (docs/adr/0043).
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Start-up here takes about 1 s (its database, migrations); a silent Redis may add one socketTimeout (1 s)
// for the rate limiter and one for the presence bus, registered one after the other. A hang never ends.
const START_WITHIN_MS = 8_000;
const RECOVER_WITHIN_MS = 15_000;

async function stalledRedis(t: Test): Promise<TcpFaultProxy> {
  const proxy = await startTcpFaultProxy({ target: targetOf(REDIS_URL) });
  t.teardown(() => proxy.close());
  await proxy.stall();
  return proxy;
}

/** `promise`, or undefined once `ms` have passed: a hang becomes a failed assertion, not a stuck test. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function eventually(what: string, check: () => Promise<boolean>, ms = RECOVER_WITHIN_MS): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return Date.now() - started;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('the API starts on a silent Redis, passes requests uncounted, and counts again once Redis answers', async (t) => {
  const proxy = await stalledRedis(t);
  const started = Date.now();
  // Both Redis users that start with the app: the rate limiter and the presence bus.
  const built = await within(START_WITHIN_MS, buildTestApp(t, { redisUrl: proxy.rewrite(REDIS_URL), rateLimit: { max: 2, timeWindowMs: 60_000 } }));
  if (!built) {
    t.fail(`the API did not start within ${START_WITHIN_MS} ms on a Redis that never answers`);
    return;
  }
  const { app, logs, authHeader }: TestApp = built;
  t.pass(`started in ${Date.now() - started} ms`);
  t.ok(
    logs.some((line) => line.includes('"outcome":"redis-unready"') && line.includes('"level":40')),
    'a warning says the rate-limit store did not answer at start-up'
  );
  t.ok(
    logs.some((line) => line.includes('"action":"presence.bus"') && line.includes('"level":40')),
    'a warning says the presence bus has no Redis'
  );

  const user = authHeader(`redis-stalled-${randomUUID()}`);
  const whileStalled: number[] = [];
  for (let i = 0; i < 4; i += 1) whileStalled.push((await app.inject({ method: 'GET', url: '/api/telephony/history', headers: user })).statusCode);
  t.same(whileStalled, [200, 200, 200, 200], 'over the limit of 2, yet uncounted: requests pass while Redis is silent');

  await sleep(2_500);
  t.ok(proxy.stats().stalled >= 2, `the clients give up on a silent connection and try fresh ones (${proxy.stats().stalled} stalled connections)`);

  await proxy.restore();
  const recoveredMs = await eventually('rate limits counted again', async () => {
    const fresh = authHeader(`redis-recovered-${randomUUID()}`);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await app.inject({ method: 'GET', url: '/api/telephony/history', headers: fresh })).statusCode);
    return statuses[2] === 429;
  });
  t.pass(`the limit is counted in Redis again ${recoveredMs} ms after it answers`);
  t.ok(
    logs.some((line) => line.includes('"outcome":"redis-ready"')),
    'and a line says so'
  );
});

t.test('the presence bus starts on a silent Redis, fails publishes fast, and carries changes once Redis answers', async (t) => {
  const proxy = await stalledRedis(t);
  const channel = `sw-dialer-test:presence:${process.pid}:${randomUUID()}`;
  const errors: Error[] = [];
  const connecting = RedisPresenceBus.connect(proxy.rewrite(REDIS_URL), (error) => errors.push(error), channel);
  const bus = await within(START_WITHIN_MS, connecting);
  if (!bus) {
    t.fail(`RedisPresenceBus.connect did not return within ${START_WITHIN_MS} ms`);
    return;
  }
  t.teardown(() => bus.close());
  t.ok(errors.length > 0, 'the silent Redis was reported to the error listener');
  const heard: string[] = [];
  bus.onMessage((presence) => heard.push(presence.status));
  const presence = (status: 'available' | 'busy') => ({ number: '+12025550100', available: status === 'available', status, lastSeenAt: null, degraded: false });

  const publishStarted = Date.now();
  const published = await bus.publish(presence('busy')).then(
    () => 'published',
    () => 'rejected'
  );
  t.equal(published, 'rejected', 'a publish while Redis is silent fails (the hub then delivers on this instance)');
  t.ok(Date.now() - publishStarted < 1_500, `and fails fast (${Date.now() - publishStarted} ms)`);

  await proxy.restore();
  const direct = new Redis(REDIS_URL);
  t.teardown(() => direct.quit());
  // Another instance's change reaches this bus once its subscription is back.
  await eventually('a change published by another instance is heard', async () => {
    await direct.publish(channel, JSON.stringify(presence('available')));
    await sleep(100);
    return heard.includes('available');
  });
  t.pass('subscribed after Redis came back, with no restart');
  const listener = new Redis(REDIS_URL);
  t.teardown(() => listener.quit());
  const received: string[] = [];
  listener.on('message', (_channel: string, message: string) => received.push(message));
  await listener.subscribe(channel);
  await eventually('this bus publishes to other instances again', async () => {
    await bus.publish(presence('busy')).catch(() => undefined);
    await sleep(100);
    return received.some((message) => message.includes('"busy"'));
  });
  t.pass('publishes reach other instances again');
});

t.test('the SwitchFree cache store misses fast on a silent Redis, retries on fresh connections, and serves once it answers', async (t) => {
  const proxy = await stalledRedis(t);
  const keyPrefix = `sw-dialer-test:redis-stall:${process.pid}:${randomUUID()}:`;
  const store = new RedisCacheStore({ redis: proxy.rewrite(REDIS_URL), keyPrefix, commandTimeoutMs: 150 });
  t.teardown(() => store.close());
  const readStarted = Date.now();
  const read = await store.getMany(['a']).then(
    () => 'answered',
    () => 'failed'
  );
  t.equal(read, 'failed', 'a read on a silent Redis fails (a cache miss)');
  t.ok(Date.now() - readStarted < 1_000, `within the command timeout (${Date.now() - readStarted} ms)`);
  await sleep(2_500);
  t.ok(proxy.stats().stalled >= 2, `the store gives up on a silent connection and tries fresh ones (${proxy.stats().stalled} stalled connections)`);

  await proxy.restore();
  await eventually('the cache serves again', async () => {
    await store.setMany([{ key: 'a', value: 'cached', ttlMs: 60_000 }]).catch(() => undefined);
    const [value] = await store.getMany(['a']).catch(() => [undefined]);
    return value === 'cached';
  });
  t.pass('reads and writes work again with no restart');
  await store.clear();
});
