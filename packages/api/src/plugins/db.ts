import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../config.js';
import { createDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrator.js';
import { CallLogsRepository } from '../repositories/call-logs.repository.js';
import type { Database } from '../repositories/database-types.js';
import { MetadataCipher } from '../security/metadata-cipher.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    repositories: { callLogs: CallLogsRepository };
  }
}

async function dbPlugin(app: FastifyInstance, config: Pick<AppConfig, 'database' | 'migrate' | 'metadataKeys'>) {
  const db = createDatabase(config.database, (error) =>
    app.log.warn({ action: 'db.pool', outcome: 'idle-client-error', err: error }, 'a pooled database connection died; it will be replaced')
  );
  app.addHook('onClose', async () => {
    await db.destroy();
  });
  if (config.migrate) {
    const applied = await migrateToLatest(db as Kysely<unknown>);
    if (applied.length) app.log.info({ action: 'migrate', outcome: 'applied', migrations: applied }, 'migrations applied');
  }
  app.decorate('db', db);
  app.decorate('repositories', { callLogs: new CallLogsRepository(db, new MetadataCipher(config.metadataKeys?.current, config.metadataKeys?.previous)) });
}

export default fp(dbPlugin, { name: 'db', fastify: '5.x' });
