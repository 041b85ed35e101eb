import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import t from 'tap';
import { configVariables } from '../../src/config.js';
import { ROOT_DIR, freePort, spawnApi, type ApiProcess } from '../helpers/api-process.js';
import { startCaddyProxy } from '../helpers/caddy-proxy.js';
import { newCallBody } from '../helpers/call-bodies.js';
import { signJwt } from '../helpers/sign-jwt.js';
import { POSTGRES_SERVER_URL } from '@sw-dialer/test-support/postgres-database';

// The compose topology of deploy/ with local processes (no container runtime here): the deploy folder from
// deploy/build.sh, two instances started by its start.sh, Caddy with deploy/Caddyfile terminating TLS with its
// own local CA, the local PostgreSQL and Redis. The commands are docs/deploy.md's. Loopback only.

// These start real processes against a PostgreSQL server, whatever database the other tests use.
const DATABASE = POSTGRES_SERVER_URL;
const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'deploy-test-secret-that-is-long-enough-for-hs256';
const ISSUER = 'https://crm.example.com';
const AUDIENCE = 'sw-dialer';
const RATE_LIMIT_MAX = 20;
/** The test's proxy polls /readyz every 250 ms; instances drain for 800 ms: more than twice that. */
const HEALTH_INTERVAL = '250ms';
const DRAIN_MS = 800;

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('deploy kit: build, two instances behind Caddy over TLS, rolling restart without a failed request', async (t) => {
  const started = performance.now();
  const work = await mkdtemp(path.join(tmpdir(), 'sw-dialer-deploy-'));
  t.teardown(() => rm(work, { recursive: true, force: true }));
  const release = path.join(work, 'release');

  // 1. The deploy folder.
  const build = await run(path.join(ROOT_DIR, 'deploy/build.sh'), [release], { cwd: ROOT_DIR });
  t.equal(build.code, 0, `deploy/build.sh succeeds${build.code ? `:\n${build.output}` : ''}`);
  const installed = readdirSync(path.join(release, 'node_modules/.pnpm'));
  for (const devOnly of ['tsx@', 'typescript@', 'tap@', '@tapjs+', 'esbuild@', 'fast-check@', '@sw-dialer+']) {
    t.notOk(
      installed.some((entry) => entry.startsWith(devOnly)),
      `no ${devOnly.replace(/[@+]$/, '')} in the deploy folder`
    );
  }
  t.notOk(existsSync(path.join(release, 'src')), 'no TypeScript source');
  t.ok(existsSync(path.join(release, 'dist/server.js')) && existsSync(path.join(release, 'start.sh')));

  // 2. A database of its own; migrations first, by the release (MIGRATE_ON_START=false on the instances).
  const name = `sw_test_${process.pid}_deploy`;
  const admin = new pg.Client({ connectionString: DATABASE });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  t.teardown(async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  const databaseUrl = Object.assign(new URL(DATABASE), { pathname: `/${name}` }).toString();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    TRUST_PROXY: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS,
    JWT_SECRET: SECRET,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    MIGRATE_ON_START: 'false',
    RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
    SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
    LOG_LEVEL: 'info'
  };
  const migrate = await run('node', ['dist/migrate.js'], { cwd: release, env });
  t.equal(migrate.code, 0);
  t.match(migrate.output, /applied 20261123T0900_create_call_logs/);
  const check = await run('./start.sh', ['--check-config'], { cwd: release, env });
  t.equal(check.code, 0, `start.sh --check-config passes${check.code ? `:\n${check.output}` : ''}`);
  t.notOk(check.output.includes(SECRET), 'and prints no secret');

  // 3. Two instances, each started as the container and the systemd unit start it.
  const ports = [await freePort(), await freePort()];
  const instances: ApiProcess[] = [];
  const startInstance = (index: number) => {
    const api = spawnApi('./start.sh', [], { cwd: release, env: { ...env, PORT: String(ports[index]) } });
    instances[index] = api;
    return api;
  };
  t.teardown(() => {
    for (const api of instances) if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
  });
  const waitReady = async (port: number) => {
    for (let attempt = 0; attempt < 300; attempt += 1) {
      if (
        (await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0
        )) === 200
      )
        return;
      await sleep(100);
    }
    throw new Error(`instance on ${port} never became ready`);
  };
  startInstance(0);
  startInstance(1);
  await Promise.all(ports.map(waitReady));
  const plain = await fetch(`http://127.0.0.1:${ports[0]}/api/telephony/history`);
  t.equal(plain.status, 403, 'an instance reached directly over plain HTTP refuses (production)');

  // 4. Caddy in front, TLS from its own local CA, loopback only.
  const proxy = await startCaddyProxy(t, { work, upstreams: ports.map((port) => `127.0.0.1:${port}`), healthInterval: HEALTH_INTERVAL });
  const proxyPort = proxy.port;
  t.ok(proxy.ca, `Caddy made its local CA${proxy.ca ? '' : `:\n${proxy.log()}`}`);
  const agent = new Agent({ keepAlive: true, ca: proxy.ca, servername: 'localhost', maxSockets: 16 });
  t.teardown(() => agent.destroy());

  const parseOrText = (text: string): any => {
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  /** What answered, for a failure's message: the API's error code, or the proxy's text and server header. */
  const who = (answer: { status: number; json: any; server: string }) =>
    `${answer.status} ${JSON.stringify(answer.json?.error?.code ?? answer.json ?? '')} (server: ${answer.server || 'none'})`;
  const call = (method: string, url: string, userId: string, body?: unknown): Promise<{ status: number; json: any; server: string }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const request = httpsRequest(
        {
          host: '127.0.0.1',
          port: proxyPort,
          method,
          path: url,
          agent,
          servername: 'localhost',
          headers: {
            host: `localhost:${proxyPort}`,
            authorization: `Bearer ${signJwt({ sub: userId, iss: ISSUER, aud: AUDIENCE }, { alg: 'HS256', secret: SECRET })}`,
            ...(payload ? { 'content-type': 'application/json' } : {})
          }
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => (text += chunk));
          // Not every answer is the API's JSON: the proxy's own (no upstream left) has a text body or none.
          response.on('end', () => resolve({ status: response.statusCode ?? 0, json: parseOrText(text), server: String(response.headers['server'] ?? '') }));
        }
      );
      request.on('error', reject);
      request.end(payload);
    });
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (
      (await call('GET', '/livez', 'probe').then(
        (r) => r.status,
        () => 0
      )) === 200
    )
      break;
    await sleep(100);
  }

  // 5. The API through the proxy over HTTPS: create, patch, history.
  const created = await call('POST', '/api/telephony/calls', 'deploy-user', newCallBody());
  t.equal(created.status, 201, 'create through the proxy');
  const patched = await call('PATCH', `/api/telephony/calls/${created.json.id}`, 'deploy-user', { status: 'ringing' });
  t.equal(patched.status, 200, 'patch through the proxy');
  const history = await call('GET', '/api/telephony/history', 'deploy-user');
  t.equal(history.status, 200);
  t.same(
    history.json.items.map((item: { id: string; status: string }) => [item.id, item.status]),
    [[created.json.id, 'ringing']],
    'history through the proxy, from either instance'
  );

  // 6. One user's limit is shared by both instances (Redis): round robin alternates them, the count does not.
  // A user of this run only: the counters live in the shared Redis for a minute.
  const limitedUser = `limited-${process.pid}-${Date.now()}`;
  const statuses: number[] = [];
  for (let round = 0; round < RATE_LIMIT_MAX + 4; round += 1) statuses.push((await call('GET', '/api/telephony/history', limitedUser)).status);
  t.equal(statuses.filter((status) => status === 200).length, RATE_LIMIT_MAX, `${RATE_LIMIT_MAX} answered across both instances (${statuses.join(' ')})`);
  t.equal(statuses.filter((status) => status === 429).length, 4, 'then 429, whichever instance answers');

  // 7. SIGTERM to one instance while requests flow: none fails, it exits 0 within 2 s; then it comes back.
  const failures: string[] = [];
  let completed = 0;
  let flowing = true;
  const flow = async (worker: number) => {
    for (let iteration = 0; flowing && iteration < 10_000; iteration += 1) {
      const user = `flow-${worker}-${iteration}`;
      try {
        const create = await call('POST', '/api/telephony/calls', user, newCallBody());
        if (create.status !== 201) throw new Error(`create ${who(create)}`);
        const patch = await call('PATCH', `/api/telephony/calls/${create.json.id}`, user, { status: 'ringing' });
        if (patch.status !== 200) throw new Error(`patch ${who(patch)}`);
        const list = await call('GET', '/api/telephony/history', user);
        if (list.status !== 200 || list.json.items.length !== 1) throw new Error(`history ${who(list)}`);
        completed += 3;
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
  };
  const workers = [0, 1, 2, 3].map(flow);
  await sleep(1000);
  const stopped = instances[0]!;
  const signalledAt = performance.now();
  stopped.child.kill('SIGTERM');
  const exit = await stopped.exited;
  t.equal(exit.code, 0, 'the stopped instance exits 0');
  t.ok(exit.at - signalledAt < 2000, `in ${Math.round(exit.at - signalledAt)} ms (< 2000)`);
  await sleep(1000);
  startInstance(0);
  await waitReady(ports[0]!);
  await sleep(1500);
  flowing = false;
  await Promise.all(workers);
  // On a failure, what the proxy said about its upstreams in the meantime names the cause.
  const proxyNotes = () =>
    proxy
      .log()
      .split('\n')
      // Not the stopped instance's refused polls, which are expected and would crowd out the rest.
      .filter((line) => /health_checker|reverse_proxy|"level":"(warn|error)"/.test(line) && !/"host is up"|connection refused/.test(line))
      .slice(-16)
      .join('\n');
  t.same(failures, [], `no request failed (${completed} completed)${failures.length ? `; the proxy's log:\n${proxyNotes()}` : ''}`);
  t.ok(completed > 50, 'requests flowed throughout');
  const servedAfterRestart = instances[0]!.output().match(/"action":"calls.create"/g)?.length ?? 0;
  t.ok(servedAfterRestart > 0, `the restarted instance serves again through the proxy (${servedAfterRestart} creates)`);
  t.comment(`deploy test: ${Math.round((performance.now() - started) / 1000)} s`);
});

t.test('deploy/.env.example lists every variable the API reads', async (t) => {
  const example = await readFile(path.join(ROOT_DIR, 'deploy/.env.example'), 'utf8');
  const listed = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
  for (const { name } of configVariables()) t.ok(listed.has(name), `${name} is in .env.example`);
});

t.test('the image and the systemd unit start the API the way CI does: through start.sh, which exec-s node', async (t) => {
  const dockerfile = await readFile(path.join(ROOT_DIR, 'deploy/Dockerfile'), 'utf8');
  t.match(dockerfile, /^RUN deploy\/build\.sh \/app$/m, 'the build stage runs deploy/build.sh');
  t.match(dockerfile, /^CMD \["\/app\/start\.sh"\]$/m, 'the command is start.sh (node becomes PID 1)');
  t.match(dockerfile, /^USER node$/m, 'not root');
  t.match(dockerfile, /^HEALTHCHECK .*\n?.*\/livez/m, 'health check on /livez');
  t.equal(dockerfile.match(/^FROM /gm)?.length, 2, 'multi-stage: the image holds the deploy folder, not the build');
  const unit = await readFile(path.join(ROOT_DIR, 'deploy/sw-dialer-api@.service'), 'utf8');
  t.match(unit, /^ExecStart=\/opt\/sw-dialer\/current\/start\.sh$/m);
  t.match(unit, /^KillSignal=SIGTERM$/m);
  t.match(unit, /^Environment=PORT=%i$/m);
  const startScript = await readFile(path.join(ROOT_DIR, 'deploy/start.sh'), 'utf8');
  t.match(startScript, /^exec node dist\/server\.js "\$@"$/m);
  // Caddy before 2.7.5 retries "no upstreams available" only for what lb_retry_match lets through (ADRs 138,
  // 143; test/deploy/proxy-retries.test.ts shows it against Caddy itself).
  const caddyfile = await readFile(path.join(ROOT_DIR, 'deploy/Caddyfile'), 'utf8');
  t.match(caddyfile, /lb_retry_match \{\s*method GET HEAD OPTIONS POST PATCH PUT\s*\}/, 'the proxy retries every method the API serves');
  const compose = await readFile(path.join(ROOT_DIR, 'deploy/compose.yaml'), 'utf8');
  t.match(compose, /TRUST_PROXY: 172\.28\.0\.10/, "the instances believe Caddy's fixed address only");
  t.match(compose, /ipv4_address: 172\.28\.0\.10/);
});
