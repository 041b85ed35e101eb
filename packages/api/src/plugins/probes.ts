import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { shippedMigrationNames } from '../db/migrator.js';
import { AppError } from '../errors/app-error.js';
import { steadyProbe } from '../lifecycle/steady-probe.js';
import { MigrationStateRepository } from '../repositories/migration-state.repository.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether a graceful stop has begun: /readyz answers 503 and responses close their connections. */
    lifecycle: { readonly draining: boolean; startDraining(): void };
  }
}

/** Each dependency gets this long to answer a probe: a balancer's own probe timeout is usually 2-5 s. */
const PROBE_TIMEOUT_MS = 1000;
/** A probe that is only slow this soon after the dependency answered one is a busy moment (steady-probe.ts). */
const SLOW_GRACE_MS = 3000;

type Check = 'ok' | 'not-configured' | 'unreachable' | 'pending' | 'draining';

/**
 * `GET /livez` (the process answers; nothing else is touched) and `GET /readyz` (this instance can serve:
 * database reachable, migrations applied, Redis reachable when configured; not shutting down), for load
 * balancers and orchestrators (docs/adr/0063). No authentication, no rate limit, no HTTPS refusal, and
 * nothing in the bodies but the state of each part: no versions, hosts or settings.
 */
async function probesPlugin(app: FastifyInstance) {
  let draining = false;
  app.decorate('lifecycle', {
    get draining() {
      return draining;
    },
    startDraining() {
      draining = true;
    }
  });
  // While draining, every response closes its connection, so a proxy's pooled keep-alive connections to this
  // instance are retired as they are used, rather than cut while the proxy may be sending on them.
  // A callback, not an async function: it runs on every response, and a promise per response is measurable.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });

  const shipped = await shippedMigrationNames();
  const migrationState = new MigrationStateRepository(app.db);
  const steady = { timeoutMs: PROBE_TIMEOUT_MS, graceMs: SLOW_GRACE_MS };
  const appliedNames = steadyProbe(() => migrationState.appliedNames(), steady);
  const redis = app.rateLimitRedis;
  const ping = redis ? steadyProbe(() => redis.ping(), steady) : undefined;
  const migrationsCheck = async (): Promise<{ database: Check; migrations: Check }> => {
    try {
      const applied = new Set(await appliedNames());
      return { database: 'ok', migrations: shipped.every((name) => applied.has(name)) ? 'ok' : 'pending' };
    } catch {
      return { database: 'unreachable', migrations: 'unreachable' };
    }
  };
  const redisCheck = async (): Promise<Check> => {
    if (!ping) return 'not-configured';
    try {
      await ping();
      return 'ok';
    } catch {
      return 'unreachable';
    }
  };

  // Probes arrive every few seconds from every balancer: their success is not worth a log line each.
  const probe = { logLevel: 'warn' as const, schema: { hide: true }, config: { action: 'probe', rateLimit: false as const } };

  app.get('/livez', probe, async () => ({ status: 'ok' }));

  app.get('/readyz', probe, async () => {
    // First of all: a stopping instance says so without touching anything, so the balancer drains it.
    if (draining) throw new AppError('UPSTREAM_UNAVAILABLE', 'not ready: shutting down', { failing: ['shutdown'], checks: { shutdown: 'draining' } });
    const [{ database, migrations }, redis] = await Promise.all([migrationsCheck(), redisCheck()]);
    const checks = { database, migrations, redis };
    const failing = Object.entries(checks)
      .filter(([, state]) => state !== 'ok' && state !== 'not-configured')
      .map(([part]) => part);
    if (failing.length) {
      const reasons = failing.map((part) => `${part} ${checks[part as keyof typeof checks]}`).join(', ');
      throw new AppError('UPSTREAM_UNAVAILABLE', `not ready: ${reasons}`, { failing, checks });
    }
    return { status: 'ready', checks };
  });
}

export default fp(probesPlugin, { name: 'probes', fastify: '5.x', dependencies: ['db', 'rate-limit'] });
