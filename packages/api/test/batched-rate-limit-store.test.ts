// The rate-limit store that counts in Redis, one script call in flight at a time (docs/adr/0145).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import t from 'tap';
import { BatchedRateLimitStore } from '../src/redis/batched-rate-limit-store.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

type Answer = { current: number; ttl: number };

function storeOn(redis: Redis, prefix: string, maxBatch?: number) {
  const Store = BatchedRateLimitStore.for(redis, prefix, maxBatch);
  const store = new Store();
  const incr = (key: string, windowMs = 60_000) =>
    new Promise<Answer>((resolve, reject) => store.incr(key, (error, answer) => (error || !answer ? reject(error) : resolve(answer)), windowMs));
  return { store, incr };
}

/** How many checks each script call the client sends counts (its number of keys), in the order sent. */
function scriptCallSizes(redis: Redis): number[] {
  const sizes: number[] = [];
  const sendCommand = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command, stream) => {
    if (command.name === 'evalsha' || command.name === 'eval') sizes.push(Number(command.args[1]));
    return sendCommand(command, stream);
  }) as typeof redis.sendCommand;
  return sizes;
}

t.test('checks that come while a call is in flight share the next one, each with its own count, in order', async (t) => {
  const redis = new Redis(REDIS_URL);
  t.teardown(() => redis.disconnect());
  const prefix = `test:rl:${randomUUID()}:`;
  const { incr } = storeOn(redis, prefix);
  const calls = scriptCallSizes(redis);

  const answers = await Promise.all([incr('alice'), incr('alice'), incr('bob'), incr('alice'), incr('bob', 5_000)]);
  t.same(
    answers.map((answer) => answer.current),
    [1, 2, 1, 3, 2],
    "each check's count follows the checks before it on the same key"
  );
  t.equal(calls[0], 1, 'the first check went alone, at once');
  t.ok(calls.length < 5, `five checks, ${calls.length} script calls`);
  t.ok(
    answers.every((answer) => answer.ttl > 59_000 && answer.ttl <= 60_000),
    'the window was set on its first count, and read after it'
  );
  t.equal((await redis.pttl(`${prefix}bob`)) > 59_000, true, "a later check's own window does not reset one already running");
  t.equal(await redis.get(`${prefix}alice`), '3');
});

t.test('a burst goes in calls of at most maxBatch checks, and every check is answered', async (t) => {
  const redis = new Redis(REDIS_URL);
  t.teardown(() => redis.disconnect());
  const prefix = `test:rl:${randomUUID()}:`;
  const { incr } = storeOn(redis, prefix, 3);
  const sizes = scriptCallSizes(redis);
  const answers = await Promise.all(Array.from({ length: 10 }, () => incr('erin')));
  t.same(
    answers.map((answer) => answer.current),
    Array.from({ length: 10 }, (_, i) => i + 1)
  );
  t.ok(sizes.length >= 4 && sizes.every((size) => size <= 3), `batches of ${sizes.join(', ')}`);
});

t.test('a route gets keys of its own, and the options this store does not count are refused at start-up', async (t) => {
  const redis = new Redis(REDIS_URL);
  t.teardown(() => redis.disconnect());
  const prefix = `test:rl:${randomUUID()}:`;
  const { store } = storeOn(redis, prefix);
  const route = store.child({ routeInfo: { method: 'POST', url: '/calls/:id/bridge' } } as never);
  const answer = await new Promise<Answer>((resolve, reject) =>
    route.incr('carol', (error, value) => (error || !value ? reject(error) : resolve(value)), 60_000)
  );
  t.equal(answer.current, 1);
  t.equal(await redis.get(`${prefix}POST/calls/:id/bridge-carol`), '1');
  t.throws(() => store.child({ continueExceeding: true, routeInfo: { method: 'GET', url: '/x' } } as never), /continueExceeding and exponentialBackoff/);
  t.throws(() => store.child({ exponentialBackoff: true, routeInfo: { method: 'GET', url: '/x' } } as never), /not supported/);
  const Store = BatchedRateLimitStore.for(redis, prefix);
  t.throws(() => new Store({ continueExceeding: true }), /not supported/, 'nor for every route at once');
});

t.test('a Redis that fails answers every check of the batch with the error, and the next batch is sent', async (t) => {
  // No offline queue: while the client is disconnected a command fails at once, as the API's client does.
  const redis = new Redis(REDIS_URL, { enableOfflineQueue: false, lazyConnect: true });
  t.teardown(() => redis.disconnect());
  await redis.connect();
  const prefix = `test:rl:${randomUUID()}:`;
  const { incr } = storeOn(redis, prefix);
  t.equal((await incr('dave')).current, 1);
  const ended = new Promise((resolve) => redis.once('end', resolve));
  redis.disconnect();
  const failed = await Promise.allSettled([incr('dave'), incr('dave')]);
  t.same(
    failed.map((result) => result.status),
    ['rejected', 'rejected']
  );
  await ended;
  await redis.connect();
  t.equal((await incr('dave')).current, 2, 'counting goes on once Redis answers again');
});
