import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config.js';
import { AppError } from '../errors/app-error.js';
import { BatchedRateLimitStore } from '../redis/batched-rate-limit-store.js';
import { SILENT_REDIS_BOUNDS } from '../redis/silent-redis.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared counters' Redis client, when REDIS_URL is set (the readiness probe pings it). */
    rateLimitRedis: Redis | undefined;
  }
}

/** Per user and route when signed in, per address and route otherwise. */
function rateLimitKey(request: FastifyRequest): string {
  const who = request.user?.sub ? `user:${request.user.sub}` : `ip:${request.ip}`;
  return `${who}|${request.method} ${request.routeOptions.url ?? 'unknown'}`;
}

async function rateLimitPlugin(app: FastifyInstance, config: Pick<AppConfig, 'rateLimit' | 'redisUrl'>) {
  let redis: Redis | undefined;
  if (config.redisUrl) {
    // Counters are shared by every API instance; a Redis outage must not take the API down with it.
    redis = new Redis(config.redisUrl, { ...SILENT_REDIS_BOUNDS, maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    redis.on('error', (error) => app.log.warn({ action: 'rate-limit', outcome: 'redis-error', err: error }, 'rate-limit store unavailable'));
    let lost = false;
    redis.on('close', () => (lost = true));
    redis.on('ready', () => {
      if (lost) app.log.info({ action: 'rate-limit', outcome: 'redis-ready' }, 'rate-limit store (Redis) answers again: requests are counted');
      lost = false;
    });
    // Connect before serving, so the first requests are counted too. A Redis that is down or silent costs
    // start-up at most SILENT_REDIS_BOUNDS; requests then pass uncounted (skipOnError, and no offline queue
    // to wait in) while ioredis keeps reconnecting.
    await redis.connect().catch((error: Error) => {
      app.log.warn(
        { action: 'rate-limit', outcome: 'redis-unready', err: error },
        'rate-limit store (Redis) did not answer at start-up: requests pass uncounted until it does'
      );
    });
    app.addHook('onClose', async () => {
      redis?.disconnect();
    });
  }
  app.decorate('rateLimitRedis', redis);
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimit.max,
    timeWindow: config.rateLimit.timeWindowMs,
    // After authentication, so that the key is the user rather than a shared office address.
    hook: 'preHandler',
    keyGenerator: rateLimitKey,
    skipOnError: true,
    ...(redis ? { store: BatchedRateLimitStore.for(redis, 'sw-dialer:rl:') } : {}),
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `Too many requests: at most ${context.max} per minute; retry in ${Math.ceil(context.ttl / 1000)} s`, {
        limit: context.max,
        retryAfterSeconds: Math.ceil(context.ttl / 1000)
      })
  });
  // The plugin limits routes; unmatched URLs (scanners walking paths) are limited too, per address and method,
  // by a hook that the not-found handler runs (it runs the root's preHandler hooks) and routes skip.
  const limitUnmatched = app.rateLimit();
  // A callback, not an async function: routes pass straight through without a promise of their own.
  app.addHook('preHandler', (request, reply, done) => {
    if (!request.is404) return done();
    limitUnmatched.call(app, request, reply).then(() => done(), done);
  });
}

export default fp(rateLimitPlugin, { name: 'rate-limit', fastify: '5.x', dependencies: ['auth'] });
