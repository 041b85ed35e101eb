import type { Kysely } from 'kysely';
import { ConfigError } from './config.js';
import { createDatabase } from './db/database.js';
import { createMigrator, migrateToLatest } from './db/migrator.js';
import { loadToolConfig } from './tool-config.js';

/**
 * `pnpm migrate` applies pending migrations to DATABASE_URL (or the embedded database);
 * `pnpm migrate down` reverts the latest one. The API also migrates at start-up.
 */
async function main(direction: string | undefined): Promise<void> {
  const config = loadToolConfig(process.env);
  const db = createDatabase(config.database) as Kysely<unknown>;
  try {
    if (direction === 'down') {
      const { error, results } = await createMigrator(db).migrateDown();
      if (error) throw error;
      for (const result of results ?? []) process.stdout.write(`reverted ${result.migrationName}\n`);
    } else {
      const applied = await migrateToLatest(db);
      process.stdout.write(applied.length ? applied.map((name) => `applied ${name}\n`).join('') : 'already up to date\n');
    }
  } finally {
    await db.destroy();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`migrate: ${message}\n`);
  process.exit(1);
});
