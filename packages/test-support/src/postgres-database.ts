import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server the tests that need one run against (the database-outage and load tests here,
 * the end-to-end database-outage test): unlike the other tests they never fall back to PGlite, because a
 * proxied connection to a server that dies or stalls, and a load on a real server, are their subject.
 * TEST_POSTGRES_URL names it (`.ci/run` sets it); else TEST_DATABASE_URL, when every test runs on a
 * server; else the local server of the README's prerequisites.
 */
export const POSTGRES_SERVER_URL = process.env.TEST_POSTGRES_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface PostgresDatabase {
  /** URL of the new, empty database. */
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * A database of its own on the server: `sw_test_*` (so `.ci/run` removes leftovers of an interrupted run)
 * unless a name is given, in which case an existing database of that name is replaced.
 */
export async function createPostgresDatabase(serverUrl = POSTGRES_SERVER_URL, fixedName?: string): Promise<PostgresDatabase> {
  const name = fixedName ?? `sw_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`createPostgresDatabase: ${name} is not a plain identifier`);
  await admin(serverUrl, async (client) => {
    if (fixedName) await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin(serverUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined)
  };
}
