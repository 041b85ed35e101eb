#!/usr/bin/env node
// `pnpm start`: the whole demo on embedded defaults, with no credentials and nothing installed but
// Node: the API on embedded PGlite (under .data/) with demo logins, the local emulators, and the example
// pages (the CRM, the standalone page and the widget's bundle on one origin, the portal on another).
// Each service runs as its own process; Ctrl+C stops them all.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// DEMO_DATA_DIR moves the demo's database and secret elsewhere (the test of this script uses a temporary one).
const dataDir = process.env.DEMO_DATA_DIR ? path.resolve(process.env.DEMO_DATA_DIR) : path.join(root, '.data');
mkdirSync(dataDir, { recursive: true });

// A demo signing secret of this checkout's own, kept so that logins survive a restart.
const secretFile = path.join(dataDir, 'demo-jwt-secret');
if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
const apiPort = process.env.PORT ?? '3000';
const examplesPort = process.env.EXAMPLES_PORT ?? '8080';
const portalPort = process.env.PORTAL_PORT ?? '8081';
const examplesOrigin = `http://127.0.0.1:${examplesPort}`;
// The portal example is a third-party page: it has an origin of its own and loads the widget from the examples origin.
const portalOrigin = `http://127.0.0.1:${portalPort}`;
const pageOrigins = [examplesOrigin, `http://localhost:${examplesPort}`, portalOrigin, `http://localhost:${portalPort}`];

// The example pages load the widget's production bundle: build it first (a few seconds).
const build = spawnSync('pnpm', ['--filter', '@sw-dialer/elements', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  process.stderr.write('demo: building the widget failed\n');
  process.exit(1);
}
const signalwirePort = process.env.SIGNALWIRE_EMULATOR_PORT ?? '7450';
const switchfreePort = process.env.SWITCHFREE_EMULATOR_PORT ?? '7451';
// The emulators accept whatever credentials they are started with; these are the demo's.
const demoCredentials = { SIGNALWIRE_PROJECT_ID: 'demo-project', SIGNALWIRE_API_TOKEN: 'demo-api-token', SWITCHFREE_API_KEY: 'demo-switchfree-key' };

const services = [
  {
    name: 'emulators',
    cwd: path.join(root, 'packages/emulators'),
    args: ['exec', 'tsx', 'src/cli.ts'],
    env: { SIGNALWIRE_EMULATOR_PORT: signalwirePort, SWITCHFREE_EMULATOR_PORT: switchfreePort, ...demoCredentials }
  },
  {
    name: 'api',
    cwd: path.join(root, 'packages/api'),
    args: ['exec', 'tsx', 'src/server.ts'],
    env: {
      NODE_ENV: 'development',
      PORT: apiPort,
      HOST: process.env.HOST ?? '127.0.0.1',
      PGLITE_DATA_DIR: path.join(dataDir, 'pglite'),
      JWT_SECRET: readFileSync(secretFile, 'utf8').trim(),
      AUTH_DEV_LOGIN: 'true',
      // The pages are served from their own origin and call the API across origins, as a real embedding does.
      CORS_ORIGINS: pageOrigins.join(','),
      ...demoCredentials,
      SIGNALWIRE_SPACE_URL: `http://127.0.0.1:${signalwirePort}`,
      SIGNALWIRE_RELAY_HOST: `ws://127.0.0.1:${signalwirePort}`,
      SIGNALWIRE_FROM_NUMBER: '+12025550199',
      SWITCHFREE_BASE_URL: `http://127.0.0.1:${switchfreePort}`,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn'
    }
  },
  {
    name: 'examples',
    command: process.execPath,
    cwd: path.join(root, 'examples'),
    args: ['serve.mjs'],
    env: { EXAMPLES_PORT: examplesPort, PORTAL_PORT: portalPort, API_ORIGIN: `http://127.0.0.1:${apiPort}` }
  }
];

const children = services.map((service) => {
  const child = spawn(service.command ?? 'pnpm', service.args, {
    cwd: service.cwd,
    env: { ...process.env, ...service.env },
    stdio: ['ignore', 'inherit', 'inherit']
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`demo: ${service.name} stopped (${signal ?? `exit ${code}`}); stopping the rest\n`);
    stop(code ?? 1);
  });
  return child;
});

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

// Say where to go once the API (its database migrated) and the pages answer.
const base = `http://127.0.0.1:${apiPort}`;
const answers = (url, status) =>
  fetch(url).then(
    (response) => {
      void response.body?.cancel();
      return response.status === status;
    },
    () => false
  );
const ready = async () => (await answers(`${base}/api/telephony/history`, 401)) && (await answers(`${examplesOrigin}/`, 200));
let started = false;
for (let attempt = 0; attempt < 240 && !stopping && !started; attempt += 1) {
  started = await ready();
  if (!started) await new Promise((resolve) => setTimeout(resolve, 250));
}
if (started) {
  process.stdout.write(`\nsw-dialer demo is running. Open ${examplesOrigin}/\n`);
  process.stdout.write(`API: ${base} (reference at ${base}/docs)\n`);
  process.stdout.write('Stop with Ctrl+C.\n');
} else if (!stopping) {
  process.stderr.write(`demo: the API (${base}) or the pages (${examplesOrigin}) did not answer within 60 s; see the messages above\n`);
}
