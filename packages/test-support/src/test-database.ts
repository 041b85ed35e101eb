import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { copyPgliteTemplate } from './pglite-template.js';

/** The database settings the API's `DatabaseConfig` accepts, as far as tests need them. */
export type TestDatabaseConfig = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export interface TestDatabaseOptions {
  /** No migration applied yet (for the migrations' own tests); otherwise it may already hold the schema. */
  empty?: boolean;
}

/**
 * Each test file gets a database of its own: a fresh one on the server named by TEST_DATABASE_URL, or,
 * when none is set (the README's `pnpm test`), an embedded PGlite in a folder of its own under the
 * system's temporary folder, so that an API closed and built again on the same config (a restart) finds
 * its data, as one on a server would. The folder is a copy of a template (pglite-template.ts) and
 * is removed by `drop()`.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<{ config: TestDatabaseConfig; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const copy = await copyPgliteTemplate(options.empty ? 'empty' : 'migrated');
    return { config: { kind: 'pglite', dataDir: copy.dataDir }, drop: copy.remove };
  }
  const name = `sw_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    }
  };
}
