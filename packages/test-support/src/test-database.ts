import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The database settings the API's `DatabaseConfig` accepts, as far as tests need them. */
export type TestDatabaseConfig = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

/**
 * Each test file gets a database of its own: a fresh one on the server named by TEST_DATABASE_URL,
 * or, when none is set, an in-memory embedded PGlite (the same migrations and queries).
 */
export async function createTestDatabase(): Promise<{ config: TestDatabaseConfig; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) return { config: { kind: 'pglite', dataDir: 'memory://' }, drop: async () => {} };
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
