import { randomUUID } from 'node:crypto';
import t from 'tap';
import { buildTestApp } from './helpers/build-test-app.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

t.test('over the limit: 429 with Retry-After, per user and per route', async (t) => {
  const { app, authHeader } = await buildTestApp(t, { rateLimit: { max: 3, timeWindowMs: 60_000 } });
  const alice = authHeader(`alice-${randomUUID()}`);
  const statuses: number[] = [];
  for (let i = 0; i < 4; i += 1) statuses.push((await app.inject({ method: 'GET', url: '/api/telephony/history', headers: alice })).statusCode);
  t.same(statuses, [200, 200, 200, 429]);
  const limited = await app.inject({ method: 'GET', url: '/api/telephony/history', headers: alice });
  t.equal(limited.json().error.code, 'RATE_LIMITED');
  const retryAfter = Number(limited.headers['retry-after']);
  t.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After is a number of seconds (${retryAfter})`);
  const bob = await app.inject({ method: 'GET', url: '/api/telephony/history', headers: authHeader(`bob-${randomUUID()}`) });
  t.equal(bob.statusCode, 200, 'another user has a budget of their own');
  const otherRoute = await app.inject({ method: 'GET', url: `/api/telephony/calls/${randomUUID()}`, headers: alice });
  t.equal(otherRoute.statusCode, 404, 'another route has a budget of its own');
});

t.test('with Redis, two API instances share one budget', async (t) => {
  const rateLimit = { max: 4, timeWindowMs: 60_000 };
  const first = await buildTestApp(t, { rateLimit, redisUrl: REDIS_URL });
  const second = await buildTestApp(t, { rateLimit, redisUrl: REDIS_URL });
  const userId = `shared-${randomUUID()}`;
  const statuses: number[] = [];
  for (let i = 0; i < 6; i += 1) {
    const instance = i % 2 === 0 ? first : second;
    statuses.push((await instance.app.inject({ method: 'GET', url: '/api/telephony/history', headers: instance.authHeader(userId) })).statusCode);
  }
  t.same(statuses, [200, 200, 200, 200, 429, 429], 'the fifth request is refused whichever instance gets it');
});

t.test('without Redis, each instance counts alone (the documented default)', async (t) => {
  const rateLimit = { max: 2, timeWindowMs: 60_000 };
  const first = await buildTestApp(t, { rateLimit });
  const second = await buildTestApp(t, { rateLimit });
  const userId = `local-${randomUUID()}`;
  const statuses: number[] = [];
  for (let i = 0; i < 4; i += 1) {
    const instance = i % 2 === 0 ? first : second;
    statuses.push((await instance.app.inject({ method: 'GET', url: '/api/telephony/history', headers: instance.authHeader(userId) })).statusCode);
  }
  t.same(statuses, [200, 200, 200, 200]);
});

t.test('with Redis, a request costs one round trip to Redis at most: concurrent checks share one script call', async (t) => {
  const { app, authHeader } = await buildTestApp(t, { rateLimit: { max: 100, timeWindowMs: 60_000 }, redisUrl: REDIS_URL });
  const redis = app.rateLimitRedis!;
  const headers = authHeader(`round-trips-${randomUUID()}`);
  // The first request may load the script (EVALSHA answered NOSCRIPT, then EVAL): once per Redis, not per request.
  await app.inject({ method: 'GET', url: '/api/telephony/history', headers });
  const sent: string[] = [];
  const sendCommand = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command, stream) => {
    sent.push(command.name);
    return sendCommand(command, stream);
  }) as typeof redis.sendCommand;
  t.teardown(() => void (redis.sendCommand = sendCommand));
  const requests = 5;
  const answers = await Promise.all(Array.from({ length: requests }, () => app.inject({ method: 'GET', url: '/api/telephony/history', headers })));
  t.same(
    answers.map((answer) => answer.statusCode),
    Array(requests).fill(200)
  );
  t.ok(sent.length >= 1 && sent.every((name) => name === 'evalsha'), `only script calls (${sent.join(', ')})`);
  t.ok(sent.length < requests, `${requests} concurrent requests, ${sent.length} round trips: those that came while one was in flight shared the next`);
  t.same(
    answers.map((answer) => Number(answer.headers['x-ratelimit-remaining'])).sort((x, y) => x - y),
    Array.from({ length: requests }, (_, i) => 100 - 1 - requests + i),
    'every one counted once, each with its own count'
  );
});

t.test('with Redis, concurrent requests of one user on two instances are limited exactly', async (t) => {
  const rateLimit = { max: 5, timeWindowMs: 60_000 };
  const first = await buildTestApp(t, { rateLimit, redisUrl: REDIS_URL });
  const second = await buildTestApp(t, { rateLimit, redisUrl: REDIS_URL });
  const userId = `race-${randomUUID()}`;
  const answers = await Promise.all(
    Array.from({ length: 12 }, (_, i) => {
      const instance = i % 2 === 0 ? first : second;
      return instance.app.inject({ method: 'GET', url: '/api/telephony/history', headers: instance.authHeader(userId) });
    })
  );
  const statuses = answers.map((answer) => answer.statusCode);
  t.equal(statuses.filter((status) => status === 200).length, 5, 'exactly max requests pass');
  t.equal(statuses.filter((status) => status === 429).length, 7, 'every other one is refused');
});
