import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppConfig } from '../config.js';
import { MemoryPresenceBus, RedisPresenceBus, type PresenceBus } from '../presence/presence-bus.js';
import { PresenceHub } from '../presence/presence-hub.js';
import { createSwitchFree, type SwitchFree } from '../providers/switchfree/index.js';
import { unconfiguredSwitchFree } from '../providers/switchfree/unconfigured-switchfree.js';
import { PresenceStatusRepository } from '../repositories/presence-status.repository.js';

declare module 'fastify' {
  interface FastifyInstance {
    switchfree: SwitchFree;
    presenceHub: PresenceHub;
    presenceSnapshots: PresenceStatusRepository;
  }
}

async function switchfreePlugin(app: FastifyInstance, config: Pick<AppConfig, 'switchfree' | 'redisUrl'>) {
  const logger = app.log.child({ component: 'switchfree' });
  const switchfree = config.switchfree
    ? createSwitchFree({
        ...config.switchfree,
        ...(config.redisUrl ? { redis: config.redisUrl } : {}),
        logger,
        fetch: app.metrics.instrumentFetch('switchfree')
      })
    : unconfiguredSwitchFree();
  const onBusError = (error: Error) => logger.warn({ action: 'presence.bus', outcome: 'redis-error', err: error }, 'presence bus error');
  // Never fails: without Redis (down, or silent at start-up) this instance still serves its own widgets, and
  // the bus shares changes with other instances once Redis answers.
  const bus: PresenceBus = config.redisUrl ? await RedisPresenceBus.connect(config.redisUrl, onBusError) : new MemoryPresenceBus();
  const snapshots = new PresenceStatusRepository(app.db);
  const hub = new PresenceHub(switchfree.presence, bus, snapshots, logger);
  app.decorate('switchfree', switchfree);
  app.decorate('presenceHub', hub);
  app.decorate('presenceSnapshots', snapshots);
  app.addHook('onClose', async () => {
    hub.close();
    await bus.close();
    await switchfree.close();
  });
}

export default fp(switchfreePlugin, { name: 'switchfree', fastify: '5.x', dependencies: ['db', 'metrics'] });
