import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { buildApp, type BuildOptions } from '../../src/app.js';
import type { AppConfig } from '../../src/config.js';
import { createTestDatabase } from '@sw-dialer/test-support/test-database';

const LOG_DIR = fileURLToPath(new URL('../../.test-logs/', import.meta.url));

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

export interface TestApp {
  app: FastifyInstance;
  /** Every log line the app wrote, as text. */
  logs: string[];
  /** A bearer header for `userId` (with any extra claims, e.g. `phone_number`), signed as the host application would. */
  authHeader: (userId: string, claims?: Record<string, string>) => { authorization: string };
}

/** Builds the app on its own database and tears both down when the test ends. */
export async function buildTestApp(t: Test, overrides: Partial<AppConfig> = {}, options: Omit<BuildOptions, 'logDestination'> = {}): Promise<TestApp> {
  // A test of unapplied migrations needs a database without them (the embedded template has them all).
  const database = await createTestDatabase({ empty: overrides.migrate === false });
  const logs: string[] = [];
  const config: AppConfig = {
    env: 'test',
    database: database.config,
    migrate: true,
    auth: { jwt: { kind: 'secret', secret: TEST_JWT_SECRET }, devLogin: false },
    rateLimit: { max: 10_000, timeWindowMs: 60_000 },
    corsOrigins: [],
    alerts: { policy: { failureRate: 0.2, minCalls: 20, windowMs: 300_000, tokenFailures: 5 } },
    logLevel: 'info',
    ...overrides
  };
  const app = await buildApp(config, { ...options, logDestination: { write: (line: string) => void logs.push(line) } });
  t.teardown(async () => {
    await app.close();
    await database.drop();
    // Kept for the whole-suite scan (scripts/scan-test-logs.mjs): no line may hold a full number or a secret.
    await mkdir(LOG_DIR, { recursive: true });
    await appendFile(path.join(LOG_DIR, `${process.pid}.log`), logs.join(''));
  });
  return {
    app,
    logs,
    authHeader: (userId: string, claims: Record<string, string> = {}) => ({
      authorization: `Bearer ${app.jwt.sign({ ...claims, sub: userId }, { expiresIn: 600 })}`
    })
  };
}
