import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../config.js';
import { createDatabase, createServingDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { CallLogsRepository } from '../repositories/call-logs.repository.js';
import { CallWrapUpsRepository } from '../repositories/call-wrap-ups.repository.js';
import type { Database } from '../repositories/database-types.js';
import { MetadataCipher } from '../security/metadata-cipher.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    /**
     * Whether requests are queueing for busy pooled connections (an overload, not an outage), whether the
     * database stopped answering altogether, and whether it answered anything lately.
     */
    databasePool: { exhausted: () => boolean; stalled: () => boolean; answeredWithin: (ms: number) => boolean };
    repositories: { callLogs: CallLogsRepository; callWrapUps: CallWrapUpsRepository };
  }
}

async function dbPlugin(app: FastifyInstance, config: Pick<AppConfig, 'database' | 'migrate' | 'metadataKeys'>) {
  const onClientError = (error: Error) =>
    app.log.warn({ action: 'db.pool', outcome: 'client-error', err: error }, 'a pooled database connection died; it will be replaced');
  const { db, query, poolExhausted, stalled, answeredWithin } = createServingDatabase(config.database, onClientError);
  app.addHook('onClose', async () => {
    await db.destroy();
  });
  if (config.migrate) {
    // Migrations run unbounded on a connection of their own (an index build may outlast the serving
    // timeouts). The embedded database is one instance per process, so it is shared.
    const migrating = config.database.kind === 'postgres' ? createDatabase(config.database, onClientError) : db;
    try {
      const applied = await migrateToLatest(migrating as Kysely<unknown>);
      if (applied.length) app.log.info({ action: 'migrate', outcome: 'applied', migrations: applied }, 'migrations applied');
    } finally {
      if (migrating !== db) await migrating.destroy();
    }
  }
  app.decorate('db', db);
  app.decorate('databasePool', { exhausted: poolExhausted, stalled, answeredWithin });
  const cipher = new MetadataCipher(config.metadataKeys?.current, config.metadataKeys?.previous);
  app.decorate('repositories', { callLogs: new CallLogsRepository(db, cipher, query), callWrapUps: new CallWrapUpsRepository(db, cipher) });
}

export default fp(dbPlugin, { name: 'db', fastify: '5.x' });
