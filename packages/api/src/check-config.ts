import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import { ConfigError, configVariables, loadConfig, type AppConfig } from './config.js';
import { createServingDatabase } from './db/database.js';
import { shippedMigrationNames } from './db/migrator.js';
import { SignalWireRestClient } from './providers/signalwire/signalwire-rest-client.js';
import { SwitchFreeHttpClient } from './providers/switchfree/switchfree-http-adapter.js';
import { MigrationStateRepository } from './repositories/migration-state.repository.js';
import type { Database } from './repositories/database-types.js';

/** Values shown in the table: settings, never credentials. Every other variable shows only whether it is set. */
const SHOWN = new Set([
  'NODE_ENV',
  'PORT',
  'HOST',
  'METRICS_PORT',
  'MIGRATE_ON_START',
  'LOG_LEVEL',
  'TRUST_PROXY',
  'RATE_LIMIT_MAX',
  'AUTH_DEV_LOGIN',
  'HTTP_REQUEST_TIMEOUT_MS',
  'HTTP_HEADERS_TIMEOUT_MS',
  'HTTP_KEEP_ALIVE_TIMEOUT_MS',
  'SHUTDOWN_DRAIN_MS',
  'SHUTDOWN_GRACE_MS'
]);

/** Each dependency gets one attempt of this long. */
const CHECK_TIMEOUT_MS = 3000;

type Row = [string, string, string];

function within<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && !message.includes(code) ? `${code} ${message}` : message;
}

async function checkDatabase(config: AppConfig): Promise<{ row: Row; ok: boolean }> {
  if (config.database.kind === 'pglite') return { row: ['database', 'embedded', `PGlite in ${config.database.dataDir} (not opened by the check)`], ok: true };
  const { db } = createServingDatabase(config.database, () => undefined, {
    connectMs: CHECK_TIMEOUT_MS,
    poolWaitMs: CHECK_TIMEOUT_MS,
    statementMs: CHECK_TIMEOUT_MS,
    livenessMs: CHECK_TIMEOUT_MS
  });
  try {
    const [applied, shipped] = await Promise.all([
      within(new MigrationStateRepository(db as Kysely<Database>).appliedNames(), 'database'),
      shippedMigrationNames()
    ]);
    const pending = shipped.filter((name) => !applied.includes(name));
    if (pending.length === 0) return { row: ['database', 'reachable', `migrations: all ${shipped.length} applied`], ok: true };
    if (config.migrate) return { row: ['database', 'reachable', `migrations: ${pending.length} pending, applied at start-up`], ok: true };
    return { row: ['database', 'reachable', `migrations: ${pending.length} pending and MIGRATE_ON_START=false: run migrate first`], ok: false };
  } catch (error) {
    return { row: ['database', 'UNREACHABLE', reason(error)], ok: false };
  } finally {
    await db.destroy().catch(() => undefined);
  }
}

async function checkRedis(url: string | undefined): Promise<{ row: Row; ok: boolean }> {
  if (!url) return { row: ['redis', 'not configured', 'counters, cache and presence stay per instance'], ok: true };
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CHECK_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null
  });
  redis.on('error', () => undefined);
  try {
    await within(
      redis.connect().then(() => redis.ping()),
      'redis'
    );
    return { row: ['redis', 'reachable', 'PING answered'], ok: true };
  } catch (error) {
    return { row: ['redis', 'UNREACHABLE', reason(error)], ok: false };
  } finally {
    redis.disconnect();
  }
}

async function checkSignalWire(config: AppConfig): Promise<{ row: Row; ok: boolean }> {
  if (!config.signalwire) return { row: ['signalwire', 'not configured', 'token and click-to-call routes answer 503'], ok: true };
  try {
    await within(new SignalWireRestClient(config.signalwire).ping(), 'signalwire');
    return { row: ['signalwire', 'reachable', 'credentials accepted'], ok: true };
  } catch (error) {
    return { row: ['signalwire', 'UNREACHABLE', reason(error)], ok: false };
  }
}

async function checkSwitchFree(config: AppConfig): Promise<{ row: Row; ok: boolean }> {
  if (!config.switchfree) return { row: ['switchfree', 'not configured', 'contacts and presence answer unknown (degraded)'], ok: true };
  try {
    await within(new SwitchFreeHttpClient(config.switchfree).checkHealth(), 'switchfree');
    return { row: ['switchfree', 'reachable', 'health answered'], ok: true };
  } catch (error) {
    return { row: ['switchfree', 'UNREACHABLE', reason(error)], ok: false };
  }
}

function table(header: Row, rows: Row[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd()
    )
    .join('\n');
}

/** Every value that must not reach the terminal: any variable not in SHOWN, and the credentials inside URLs. */
function secretValues(environment: NodeJS.ProcessEnv): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(environment)) {
    if (!value || SHOWN.has(name) || !/^(JWT|SIGNALWIRE|SWITCHFREE|CALL_METADATA|DATABASE|REDIS|ALERT|PG)/.test(name)) continue;
    values.push(value, ...value.split(',').map((part) => part.trim()));
    try {
      const url = new URL(value);
      values.push(decodeURIComponent(url.password), decodeURIComponent(url.username), url.password, url.username);
    } catch {
      // not a URL
    }
  }
  return [...new Set(values)].filter((value) => value.length >= 4).sort((a, b) => b.length - a.length);
}

/**
 * `node dist/server.js --check-config`: validates the environment exactly as start-up does, reaches each
 * configured dependency once, and prints what is set, missing and reachable. Never prints a secret: values
 * are shown only for plain settings, and the output is scrubbed of every credential besides. Returns the exit
 * code: 1 when start-up would refuse the configuration or a configured dependency does not answer (docs/adr/0064).
 */
export async function checkConfig(environment: NodeJS.ProcessEnv, write: (text: string) => void): Promise<number> {
  const env = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  let loaded: ReturnType<typeof loadConfig> | undefined;
  let refusal: string | undefined;
  try {
    loaded = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    refusal = error.message;
  }
  const refusedVariable = refusal?.split(':')[0];
  const variables: Row[] = configVariables().map(({ name, hasDefault }) => {
    const set = env[name] !== undefined;
    const state = name === refusedVariable ? (set ? 'INVALID' : 'MISSING') : set ? 'set' : hasDefault ? 'default' : 'not set';
    return [name, state, set && SHOWN.has(name) ? (env[name] as string) : ''];
  });
  const lines = ['sw-dialer API configuration check', '', table(['VARIABLE', 'STATE', 'VALUE'], variables), ''];
  let ok = refusal === undefined;
  if (loaded) {
    const checks = await Promise.all([
      checkDatabase(loaded.config),
      checkRedis(loaded.config.redisUrl),
      checkSignalWire(loaded.config),
      checkSwitchFree(loaded.config)
    ]);
    lines.push(
      table(
        ['DEPENDENCY', 'STATE', 'DETAIL'],
        checks.map((check) => check.row)
      ),
      ''
    );
    ok = checks.every((check) => check.ok);
    lines.push(
      ok
        ? 'result: OK: start-up would accept this configuration and every configured dependency answered'
        : 'result: FAILED: a configured dependency did not answer (see above)'
    );
  } else {
    lines.push(`result: REFUSED: start-up would stop with: ${refusal}`);
  }
  let text = `${lines.join('\n')}\n`;
  for (const secret of secretValues(environment)) text = text.split(secret).join('[redacted]');
  write(text);
  return ok ? 0 : 1;
}
