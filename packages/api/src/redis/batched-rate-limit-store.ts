import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

/**
 * One script call counts a whole batch: for each key, INCR, then PEXPIRE on the window's first count or PTTL
 * after it, as @fastify/rate-limit's own Redis script does for one key (without its backoff options, which
 * the API does not use). Keys repeat when one user's requests share a batch; each INCR sees the one before.
 */
const COUNT_BATCH = `
local out = {}
for i, key in ipairs(KEYS) do
  local current = redis.call('INCR', key)
  local ttl
  if current == 1 then
    ttl = tonumber(ARGV[i])
    redis.call('PEXPIRE', key, ttl)
  else
    ttl = redis.call('PTTL', key)
  end
  out[2 * i - 1] = current
  out[2 * i] = ttl
end
return out
`;

type Done = Parameters<FastifyRateLimitStore['incr']>[1];
interface Check {
  key: string;
  timeWindowMs: number;
  done: Done;
}

interface BatchingRedis extends Redis {
  countRateLimitBatch(...keysThenWindows: Array<string | number>): Promise<number[]>;
}

/**
 * The checks of one Redis client: one script call in flight at a time, and the checks that arrive meanwhile
 * go together in the next one (docs/adr/0145). Exact as one call per check is: Redis runs each batch's
 * INCRs in order, atomically, and every check gets its own count.
 */
class CheckBatcher {
  #waiting: Check[] = [];
  #inFlight = false;

  constructor(
    private readonly redis: BatchingRedis,
    private readonly maxBatch: number
  ) {
    redis.defineCommand('countRateLimitBatch', { lua: COUNT_BATCH });
  }

  add(check: Check): void {
    this.#waiting.push(check);
    if (!this.#inFlight) this.#send();
  }

  #send(): void {
    const batch = this.#waiting.splice(0, this.maxBatch);
    this.#inFlight = true;
    const windows = batch.map((check) => check.timeWindowMs);
    this.redis.countRateLimitBatch(batch.length, ...batch.map((check) => check.key), ...windows).then(
      (counts) => this.#answer(batch, null, counts),
      (error: Error) => this.#answer(batch, error, null)
    );
  }

  #answer(batch: Check[], error: Error | null, counts: number[] | null): void {
    this.#inFlight = false;
    if (this.#waiting.length > 0) this.#send();
    batch.forEach((check, i) => (counts ? check.done(null, { current: counts[2 * i]!, ttl: counts[2 * i + 1]! }) : check.done(error)));
  }
}

/**
 * What @fastify/rate-limit passes a route's store at run time: the route's merged limit options and which
 * route it limits (its type declares the route's options instead).
 */
interface RouteLimit {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  routeInfo: { method: string | string[]; url: string };
}

/**
 * The most checks one script call counts. Redis runs nothing else while a script runs (about 1 µs a key), so a
 * burst queued behind a slow call goes in several calls rather than one long one.
 */
export const MAX_BATCH = 500;

/** Refuses, at start-up, what this store would count another way than asked. */
function assertFixedWindow(limit: Pick<RouteLimit, 'continueExceeding' | 'exponentialBackoff'>): void {
  if (limit.continueExceeding || limit.exponentialBackoff)
    throw new Error('BatchedRateLimitStore counts fixed windows only: continueExceeding and exponentialBackoff are not supported');
}

/**
 * A @fastify/rate-limit store counting in Redis, shared by every API instance. Unlike the plugin's own
 * RedisStore, checks that arrive while a round trip is in flight share the next one.
 */
export class BatchedRateLimitStore implements FastifyRateLimitStore {
  constructor(
    private readonly batcher: CheckBatcher,
    private readonly prefix: string
  ) {}

  /** The store class @fastify/rate-limit constructs, with its global options (checked as a route's are). */
  static for(redis: Redis, prefix: string, maxBatch = MAX_BATCH): new (globalOptions?: Partial<RouteLimit>) => BatchedRateLimitStore {
    const batcher = new CheckBatcher(redis as BatchingRedis, maxBatch);
    return class extends BatchedRateLimitStore {
      constructor(globalOptions: Partial<RouteLimit> = {}) {
        assertFixedWindow(globalOptions);
        super(batcher, prefix);
      }
    };
  }

  incr(key: string, done: Done, timeWindowMs: number): void {
    this.batcher.add({ key: this.prefix + key, timeWindowMs, done });
  }

  child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): BatchedRateLimitStore {
    const route = routeOptions as unknown as RouteLimit;
    assertFixedWindow(route);
    return new BatchedRateLimitStore(this.batcher, `${this.prefix}${String(route.routeInfo.method)}${route.routeInfo.url}-`);
  }
}
