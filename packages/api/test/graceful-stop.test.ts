import { request as httpRequest, Agent, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import t, { type Test } from 'tap';
import { ROOT_DIR, buildPrivateCopy, freePort, portOpen, slowSignalWire, spawnApi, waitReady, type ApiProcess } from './helpers/api-process.js';
import { REPEAT_WINDOW_MS } from '../src/lifecycle/graceful-stop.js';
import { signJwt } from './helpers/sign-jwt.js';
import { createTestDatabase } from '@sw-dialer/test-support/test-database';

// Each way the docs start the API gets a SIGTERM with a request in flight, an idle keep-alive client and an
// open presence stream: the request completes, the rest close, and the process exits 0 within a second of the
// last response (docs/adr/0063).

const SECRET = 'graceful-stop-secret-that-is-long-enough';
const auth = { authorization: `Bearer ${signJwt({ sub: 'stop-user' }, { alg: 'HS256', secret: SECRET })}` };

function send(port: number, agent: Agent, method: string, url: string, body?: unknown): Promise<{ response: IncomingMessage; text: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = httpRequest(
      { host: '127.0.0.1', port, method, path: url, agent, headers: { ...auth, ...(payload ? { 'content-type': 'application/json' } : {}) } },
      (response) => {
        // Kept now: once the response ends, a keep-alive socket goes back to the agent's pool.
        const socket = response.socket;
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ response, text, socket }));
        response.on('error', reject);
      }
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** Opens a presence stream; resolves once its headers arrived, with a promise that settles when it ends. */
function openStream(port: number): Promise<{ status: number; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path: '/api/telephony/presence/stream?numbers=%2B12025550100', headers: auth }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, ended: new Promise((done) => response.once('close', () => done())) });
    });
    request.on('error', reject);
    request.end();
  });
}

interface Way {
  start: (env: NodeJS.ProcessEnv) => ApiProcess;
  signal: (api: ApiProcess) => void;
}

async function environment(t: Test, port: number, signalwireUrl: string): Promise<NodeJS.ProcessEnv> {
  const database = await createTestDatabase();
  t.teardown(database.drop);
  let pgliteDir: string | undefined;
  if (database.config.kind === 'pglite') {
    pgliteDir = await mkdtemp(path.join(tmpdir(), 'sw-dialer-stop-'));
    t.teardown(() => rm(pgliteDir as string, { recursive: true, force: true }));
  }
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    JWT_SECRET: SECRET,
    PORT: String(port),
    ...(database.config.kind === 'postgres' ? { DATABASE_URL: database.config.url } : { PGLITE_DATA_DIR: pgliteDir }),
    SIGNALWIRE_PROJECT_ID: 'stop-project',
    SIGNALWIRE_API_TOKEN: 'stop-token',
    SIGNALWIRE_SPACE_URL: signalwireUrl,
    SIGNALWIRE_TIMEOUT_MS: '5000',
    LOG_LEVEL: 'info'
  };
}

async function stopWithWorkInFlight(t: Test, way: Way): Promise<void> {
  const signalwire = await slowSignalWire(800);
  t.teardown(signalwire.close);
  const port = await freePort();
  const api = way.start(await environment(t, port, signalwire.url));
  t.teardown(() => {
    if (api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
  });
  await waitReady(port, api);

  // An idle keep-alive client: one finished request, its socket left open in the agent's pool.
  const idleAgent = new Agent({ keepAlive: true });
  const idle = await send(port, idleAgent, 'GET', '/livez');
  t.equal(idle.response.statusCode, 200);
  const idleSocketClosed = new Promise<void>((resolve) => idle.socket.once('close', () => resolve()));
  const stream = await openStream(port);
  t.equal(stream.status, 200, 'a presence stream is open');

  // A request in flight on a keep-alive connection: SignalWire takes 800 ms to answer it.
  const busyAgent = new Agent({ keepAlive: true });
  const arrived = signalwire.nextTokenRequest();
  const inFlight = send(port, busyAgent, 'POST', '/api/telephony/signalwire/token', { deviceType: 'browser' });
  await arrived;
  way.signal(api);

  const { response, text } = await inFlight;
  const lastResponseAt = performance.now();
  t.equal(response.statusCode, 200, `the request in flight completes (${text})`);
  t.equal(response.headers.connection, 'close', 'and its keep-alive connection is closed after it');
  const exit = await api.exited;
  t.equal(exit.code, 0, 'exit 0');
  t.ok(exit.at - lastResponseAt < 1000, `exited ${Math.round(exit.at - lastResponseAt)} ms after the last response (< 1000)`);
  await idleSocketClosed;
  t.pass('the idle keep-alive connection was closed');
  await stream.ended;
  t.pass('the presence stream ended');
  const output = api.output();
  t.equal(output.match(/"outcome":"signal"/g)?.length, 1, 'the server stopped once (a duplicate delivery is one stop)');
  t.match(output, /"outcome":"closed"/, 'the app closed: pool and Redis clients closed in onClose');
  t.notOk(await portOpen(port), 'nothing is left serving on the port');
  idleAgent.destroy();
  busyAgent.destroy();
}

t.test('built server', async (t) => {
  const build = await buildPrivateCopy();
  t.teardown(build.remove);
  const node = (env: NodeJS.ProcessEnv) => spawnApi(process.execPath, [path.join(build.dir, 'dist/server.js')], { cwd: build.dir, env });
  const startScript = (env: NodeJS.ProcessEnv) => spawnApi(path.join(build.dir, 'start.sh'), [], { cwd: ROOT_DIR, env });

  t.test('node dist/server.js: SIGTERM with a request in flight and a keep-alive client', (t) =>
    stopWithWorkInFlight(t, { start: node, signal: (api) => api.child.kill('SIGTERM') })
  );

  t.test('start.sh (the container command, PID 1, and the systemd ExecStart): node replaces the shell and gets the SIGTERM', async (t) => {
    await stopWithWorkInFlight(t, {
      start: startScript,
      signal: (api) => {
        // `exec`: the pid the container runtime or systemd holds is node's own.
        return readFile(`/proc/${api.child.pid}/cmdline`, 'utf8').then((cmdline) => {
          t.match(cmdline, /node\0dist\/server\.js/, 'start.sh exec-ed node');
          api.child.kill('SIGTERM');
        }) as unknown as void;
      }
    });
  });

  t.test('METRICS_PORT: /metrics on its own port only, and that port closes with the server', async (t) => {
    const signalwire = await slowSignalWire(0);
    t.teardown(signalwire.close);
    const [port, metricsPort] = [await freePort(), await freePort()];
    const api = node({ ...(await environment(t, port, signalwire.url)), METRICS_PORT: String(metricsPort) });
    t.teardown(() => api.child.exitCode === null && api.child.kill('SIGKILL'));
    await waitReady(port, api);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    t.equal(metrics.status, 200);
    t.match(await metrics.text(), /^# HELP sw_dialer_/m, 'Prometheus text on the metrics port');
    t.equal((await fetch(`http://127.0.0.1:${metricsPort}/livez`)).status, 404, 'nothing else is served there');
    t.equal((await fetch(`http://127.0.0.1:${port}/metrics`)).status, 404, 'and the API port no longer serves it');
    api.child.kill('SIGTERM');
    t.equal((await api.exited).code, 0);
    t.notOk(
      await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
        () => true,
        () => false
      ),
      'the metrics port is closed'
    );
  });

  t.test('a second signal forces the exit while a request is still in flight', async (t) => {
    const signalwire = await slowSignalWire(4000);
    t.teardown(signalwire.close);
    const port = await freePort();
    const api = node(await environment(t, port, signalwire.url));
    t.teardown(() => api.child.exitCode === null && api.child.kill('SIGKILL'));
    await waitReady(port, api);
    const agent = new Agent({ keepAlive: true });
    const arrived = signalwire.nextTokenRequest();
    const inFlight = send(port, agent, 'POST', '/api/telephony/signalwire/token', { deviceType: 'browser' }).then(
      () => 'answered',
      () => 'cut'
    );
    await arrived;
    api.child.kill('SIGTERM');
    // Later than a duplicate delivery of the first one could come (REPEAT_WINDOW_MS).
    await new Promise((resolve) => setTimeout(resolve, REPEAT_WINDOW_MS + 200));
    t.equal(api.child.exitCode, null, 'the first signal waits for the request');
    const second = performance.now();
    api.child.kill('SIGTERM');
    const exit = await api.exited;
    t.equal(exit.code, 1, 'forced: exit 1');
    t.ok(exit.at - second < 1000, `exited ${Math.round(exit.at - second)} ms after the second signal`);
    t.equal(await inFlight, 'cut');
    t.match(api.output(), /second signal: exiting now/);
    agent.destroy();
  });
});

t.test('pnpm start:api (the runbook command)', async (t) => {
  // In a process group of its own, like a terminal's job: the Ctrl+C case signals the group, and teardown can
  // reap whatever a failure would leave behind.
  const pnpm = (env: NodeJS.ProcessEnv) => {
    const api = spawnApi('pnpm', ['start:api'], { cwd: ROOT_DIR, env, detached: true });
    t.teardown(() => {
      try {
        process.kill(-(api.child.pid as number), 'SIGKILL');
      } catch {
        // the group is gone already
      }
    });
    return api;
  };

  t.test('SIGTERM to pnpm reaches the server once; nothing is orphaned', (t) =>
    stopWithWorkInFlight(t, { start: pnpm, signal: (api) => api.child.kill('SIGTERM') })
  );

  t.test('Ctrl+C (SIGINT to the whole process group) reaches the server once', (t) =>
    stopWithWorkInFlight(t, { start: pnpm, signal: (api) => process.kill(-(api.child.pid as number), 'SIGINT') })
  );
});
