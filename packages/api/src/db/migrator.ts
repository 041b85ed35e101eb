import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';

/**
 * The production build (scripts/build.mjs) compiles the migrations into `dist/migrations/`, beside the bundle
 * this code then runs from; from source, it is the repository's top-level `migrations/` folder.
 */
const BESIDE_BUNDLE = fileURLToPath(new URL('./migrations/', import.meta.url));
export const MIGRATIONS_DIR = existsSync(BESIDE_BUNDLE) ? BESIDE_BUNDLE : fileURLToPath(new URL('../../../../migrations/', import.meta.url));

const MIGRATION_FILE = /^\d{8}T\d{4}_[a-z0-9_]+\.(ts|js)$/;

/** The migrations this build ships, by name, in order: what "migrations applied" is checked against. */
export async function shippedMigrationNames(folder = MIGRATIONS_DIR): Promise<string[]> {
  return (await readdir(folder))
    .filter((file) => MIGRATION_FILE.test(file))
    .sort()
    .map((file) => file.replace(/\.(ts|js)$/, ''));
}

/** Loads `migrations/*.ts` in name order; names are timestamp-prefixed, so name order is time order. */
class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((file) => MIGRATION_FILE.test(file)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const module = (await import(pathToFileURL(path.join(this.folder, file)).href)) as Migration;
      migrations[file.replace(/\.(ts|js)$/, '')] = module;
    }
    return migrations;
  }
}

export function createMigrator(db: Kysely<unknown>, folder = MIGRATIONS_DIR): Migrator {
  return new Migrator({ db, provider: new FolderMigrationProvider(folder) });
}

/** Applies pending migrations; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, { cause: error });
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName);
}
