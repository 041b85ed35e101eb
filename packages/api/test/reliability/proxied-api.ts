import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import type { AppConfig } from '../../src/config.js';
import { signJwt } from '../helpers/sign-jwt.js';
import { createPostgresDatabase, type PostgresDatabase } from '@sw-dialer/test-support/postgres-database';
import { startTcpFaultProxy, targetOf, type TcpFaultProxy } from '@sw-dialer/test-support/tcp-fault-proxy';

const LOG_DIR = fileURLToPath(new URL('../../.test-logs/', import.meta.url));
const SECRET = 'reliability-secret-that-is-at-least-32-characters';

export interface ProxiedApi {
  app: FastifyInstance;
  /** http://127.0.0.1:PORT */
  url: string;
  /** Between the API and PostgreSQL: cut it to take the database away. */
  proxy: TcpFaultProxy;
  /** The database itself, reached directly (not through the proxy): for checking rows. */
  database: PostgresDatabase;
  logs: string[];
  sign: (userId: string) => string;
}

/**
 * The API listening on loopback, on a database of its own on the real PostgreSQL server, reached through
 * a TCP fault proxy (docs/adr/0041-fault-injection-by-proxy.md). Everything is torn down when `t` ends;
 * log lines go to .test-logs/ for the suite's log scan, as build-test-app.ts does. `link.poolMax` shrinks the
 * API's pool (default 10), so that a test can saturate it with one or two held connections.
 */
export async function startProxiedApi(t: Test, overrides: Partial<AppConfig> = {}, link: { poolMax?: number } = {}): Promise<ProxiedApi> {
  const database = await createPostgresDatabase();
  const proxy = await startTcpFaultProxy({ target: targetOf(database.url) });
  const logs: string[] = [];
  const app = await buildApp(
    {
      env: 'test',
      database: { kind: 'postgres', url: proxy.rewrite(database.url), ...(link.poolMax ? { poolMax: link.poolMax } : {}) },
      migrate: true,
      auth: { jwt: { kind: 'secret', secret: SECRET }, devLogin: false },
      rateLimit: { max: 100_000, timeWindowMs: 60_000 },
      corsOrigins: [],
      alerts: { policy: { failureRate: 0.2, minCalls: 20, windowMs: 300_000, tokenFailures: 5 } },
      logLevel: 'info',
      ...overrides
    },
    { logDestination: { write: (line: string) => void logs.push(line) } }
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(async () => {
    // Whatever the test left the link in, the app must be able to close its pool.
    if (proxy.mode !== 'pass') await proxy.restore();
    await app.close();
    await proxy.close();
    await database.drop();
    await mkdir(LOG_DIR, { recursive: true });
    await appendFile(path.join(LOG_DIR, `${process.pid}.log`), logs.join(''));
  });
  return {
    app,
    url,
    proxy,
    database,
    logs,
    sign: (userId) => signJwt({ sub: userId, exp: Math.floor(Date.now() / 1000) + 3600 }, { alg: 'HS256', secret: SECRET })
  };
}
