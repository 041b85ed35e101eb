import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import t, { type Test } from 'tap';
import { checkConfig } from '../src/check-config.js';
import { MIGRATIONS_DIR } from '../src/db/migrator.js';
import { ROOT_DIR, buildPrivateCopy } from './helpers/api-process.js';
import { POSTGRES_SERVER_URL } from '@sw-dialer/test-support/postgres-database';

// The config checker is the runbook's first step: it must say what start-up would say, reach each dependency
// once, and never print a secret, whatever goes wrong.

// Like the other tests that need them: the local services CI runs (.ci/run).
// These start real processes against a PostgreSQL server, whatever database the other tests use.
const DATABASE = POSTGRES_SERVER_URL;
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const SECRETS = {
  JWT_SECRET: 'jwt-secret-value-4f1c9a7e2b-long-enough-for-hs256',
  SIGNALWIRE_API_TOKEN: 'PTsignalwire-token-9e8d7c6b5a',
  SWITCHFREE_API_KEY: 'sf-api-key-31415926535',
  CALL_METADATA_KEY: 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=',
  DATABASE_PASSWORD: 'db-pass-271828',
  REDIS_PASSWORD: 'redis-pass-161803'
};

function withPassword(url: string, password: string, user?: string): string {
  const parsed = new URL(url);
  if (user) parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}

/** A SignalWire space and a SwitchFree service that answer the checker's one request each. */
async function upstreams(t: Test): Promise<{ signalwire: string; switchfree: string }> {
  const listen = async (server: Server) => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  };
  const signalwire = await listen(
    createServer((request, response) => {
      const good = request.headers.authorization === `Basic ${Buffer.from(`check-project:${SECRETS.SIGNALWIRE_API_TOKEN}`).toString('base64')}`;
      response.writeHead(good ? 404 : 401, { 'content-type': 'application/json' }).end('{}');
    })
  );
  const switchfree = await listen(
    createServer((request, response) => {
      const good = request.url === '/v1/health' && JSON.stringify(request.headers).includes(SECRETS.SWITCHFREE_API_KEY);
      response.writeHead(good ? 200 : 401, { 'content-type': 'application/json' }).end(good ? '{"status":"ok"}' : '{}');
    })
  );
  return { signalwire, switchfree };
}

async function run(env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  let output = '';
  const code = await checkConfig(env, (text) => (output += text));
  return { code, output };
}

function assertNoSecret(t: Test, output: string) {
  for (const [name, value] of Object.entries(SECRETS)) t.notOk(output.includes(value), `${name}'s value is not printed`);
}

t.test('good settings: every dependency reachable, exit 0, no secret printed', async (t) => {
  const { signalwire, switchfree } = await upstreams(t);
  const { code, output } = await run({
    NODE_ENV: 'production',
    TRUST_PROXY: '127.0.0.1',
    PORT: '8080',
    DATABASE_URL: withPassword(DATABASE, SECRETS.DATABASE_PASSWORD),
    REDIS_URL: withPassword(REDIS, SECRETS.REDIS_PASSWORD),
    JWT_SECRET: SECRETS.JWT_SECRET,
    // Production requires the claims to be named (ADR 48); 'any' is the explicit choice not to check them.
    JWT_ISSUER: 'any',
    JWT_AUDIENCE: 'any',
    SIGNALWIRE_PROJECT_ID: 'check-project',
    SIGNALWIRE_API_TOKEN: SECRETS.SIGNALWIRE_API_TOKEN,
    SIGNALWIRE_SPACE_URL: signalwire,
    SWITCHFREE_BASE_URL: switchfree,
    SWITCHFREE_API_KEY: SECRETS.SWITCHFREE_API_KEY,
    CALL_METADATA_KEY: SECRETS.CALL_METADATA_KEY
  });
  t.equal(code, 0, output);
  t.match(output, /^database\s+reachable\s+migrations: /m);
  t.match(output, /^redis\s+reachable/m);
  t.match(output, /^signalwire\s+reachable\s+credentials accepted/m);
  t.match(output, /^switchfree\s+reachable/m);
  t.match(output, /^JWT_SECRET\s+set\s*$/m, 'a secret is shown as set, without its value');
  t.match(output, /^PORT\s+set\s+8080$/m, 'plain settings show their value');
  t.match(output, /^METRICS_PORT\s+not set/m);
  t.match(output, /^result: OK/m);
  assertNoSecret(t, output);
});

t.test('missing settings: the variable start-up would name, exit 1, no secret printed', async (t) => {
  const noJwt = await run({ DATABASE_URL: 'postgres://u:db-pass-271828@127.0.0.1:1/x', SIGNALWIRE_API_TOKEN: SECRETS.SIGNALWIRE_API_TOKEN });
  t.equal(noJwt.code, 1);
  t.match(noJwt.output, /^JWT_SECRET\s+MISSING/m);
  t.match(noJwt.output, /^result: REFUSED: start-up would stop with: JWT_SECRET: set JWT_SECRET \(HS256\) or JWT_PUBLIC_KEY/m);
  t.notMatch(noJwt.output, /DEPENDENCY/, 'nothing is reached with a configuration start-up refuses');
  assertNoSecret(t, noJwt.output);

  const production = await run({ NODE_ENV: 'production', JWT_SECRET: SECRETS.JWT_SECRET });
  t.equal(production.code, 1);
  t.match(production.output, /^TRUST_PROXY\s+MISSING/m);
  assertNoSecret(t, production.output);

  const shortSecret = await run({ JWT_SECRET: 'short-but-secret' });
  t.equal(shortSecret.code, 1);
  t.match(shortSecret.output, /^JWT_SECRET\s+INVALID/m);
  t.notOk(shortSecret.output.includes('short-but-secret'), 'an invalid secret is not echoed either');

  const halfSignalWire = await run({ JWT_SECRET: SECRETS.JWT_SECRET, SIGNALWIRE_API_TOKEN: SECRETS.SIGNALWIRE_API_TOKEN });
  t.equal(halfSignalWire.code, 1);
  t.match(halfSignalWire.output, /^SIGNALWIRE_PROJECT_ID\s+MISSING/m);
  assertNoSecret(t, halfSignalWire.output);
});

t.test('unreachable settings: each dependency named, exit 1, no secret printed', async (t) => {
  const { code, output } = await run({
    DATABASE_URL: `postgres://postgres:${SECRETS.DATABASE_PASSWORD}@127.0.0.1:1/nothing`,
    REDIS_URL: `redis://:${SECRETS.REDIS_PASSWORD}@127.0.0.1:1`,
    JWT_SECRET: SECRETS.JWT_SECRET,
    SIGNALWIRE_PROJECT_ID: 'check-project',
    SIGNALWIRE_API_TOKEN: SECRETS.SIGNALWIRE_API_TOKEN,
    SIGNALWIRE_SPACE_URL: 'http://127.0.0.1:1',
    SWITCHFREE_BASE_URL: 'http://127.0.0.1:1',
    SWITCHFREE_API_KEY: SECRETS.SWITCHFREE_API_KEY
  });
  t.equal(code, 1);
  for (const dependency of ['database', 'redis', 'signalwire', 'switchfree']) t.match(output, new RegExp(`^${dependency}\\s+UNREACHABLE`, 'm'));
  t.match(output, /^result: FAILED/m);
  assertNoSecret(t, output);
});

t.test('unapplied migrations with MIGRATE_ON_START=false: start-up would serve a database without its tables', async (t) => {
  // A fresh, empty database of its own on the local server.
  const name = `sw_test_${process.pid}_check_config`;
  const admin = new pg.Client({ connectionString: DATABASE });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  t.teardown(async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  const parsed = new URL(DATABASE);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  // Every migration in the folder is pending on an empty database (counted, so a new migration keeps this exact).
  const pending = (await readdir(MIGRATIONS_DIR)).filter((file) => /^\d{8}T\d{4}_.+\.ts$/.test(file)).length;
  const refused = await run({ DATABASE_URL: url, JWT_SECRET: SECRETS.JWT_SECRET, MIGRATE_ON_START: 'false' });
  t.equal(refused.code, 1);
  t.match(refused.output, new RegExp(`^database\\s+reachable\\s+migrations: ${pending} pending and MIGRATE_ON_START=false`, 'm'));
  const migrating = await run({ DATABASE_URL: url, JWT_SECRET: SECRETS.JWT_SECRET });
  t.equal(migrating.code, 0, 'with migrations on start, pending ones are fine');
  t.match(migrating.output, new RegExp(`migrations: ${pending} pending, applied at start-up`));
});

t.test('the commands: node dist/server.js --check-config and pnpm --filter @sw-dialer/api check-config', async (t) => {
  const build = await buildPrivateCopy();
  t.teardown(build.remove);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, JWT_SECRET: SECRETS.JWT_SECRET, REDIS_URL: `redis://:${SECRETS.REDIS_PASSWORD}@127.0.0.1:1` };
  const commands: Array<[string, string[], string]> = [
    [process.execPath, [path.join(build.dir, 'dist/server.js'), '--check-config'], build.dir],
    ['pnpm', ['--filter', '@sw-dialer/api', 'check-config'], ROOT_DIR]
  ];
  for (const [command, args, cwd] of commands) {
    const child = spawn(command, args, { cwd, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    t.equal(code, 1, `${path.basename(command)} exits 1 with Redis unreachable`);
    t.match(output, /^redis\s+UNREACHABLE/m);
    t.match(output, /^database\s+embedded/m, 'the embedded database is named, not opened');
    assertNoSecret(t, output);
  }
});
