import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const API_DIR = fileURLToPath(new URL('..', import.meta.url));
const TSX = path.join(API_DIR, 'node_modules', '.bin', 'tsx');

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

function startServer(env: NodeJS.ProcessEnv) {
  const child = spawn(TSX, ['src/server.ts'], { cwd: API_DIR, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, output: () => ({ stdout, stderr }) };
}

t.test('bad configuration stops start-up with one line naming the variable', async (t) => {
  const server = startServer({ JWT_SECRET: 'too-short' });
  const [code] = await server.exited;
  t.equal(code, 1);
  t.equal(server.output().stderr, 'sw-dialer API: bad configuration: JWT_SECRET: must be at least 32 characters\n');
});

t.test('starts on the embedded database, migrates, serves, and shuts down on SIGTERM', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sw-dialer-pglite-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const server = startServer({ JWT_SECRET: 'x'.repeat(40), PORT: String(port), PGLITE_DATA_DIR: dataDir, AUTH_DEV_LOGIN: 'true', LOG_LEVEL: 'info' });
  t.teardown(() => server.child.kill('SIGKILL'));
  // Start-up compiles TypeScript and creates the embedded database: slow on a busy 2-core machine.
  const deadline = Date.now() + 120_000;
  while (!/Server listening/.test(server.output().stdout) && server.child.exitCode === null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const login = await fetch(`http://127.0.0.1:${port}/api/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: 'smoke' })
  });
  t.equal(login.status, 200, 'the demo login answers');
  const { token } = (await login.json()) as { token: string };
  const history = await fetch(`http://127.0.0.1:${port}/api/telephony/history`, { headers: { authorization: `Bearer ${token}` } });
  t.equal(history.status, 200, 'migrations ran: the history table exists');
  server.child.kill('SIGTERM');
  const [code] = await server.exited;
  t.equal(code, 0, 'a clean exit after SIGTERM');
  t.match(server.output().stdout, /"action":"migrate"/);
  t.match(server.output().stdout, /"action":"shutdown"/);
});

t.test('pnpm migrate applies migrations, whatever JWT settings the environment has', async (t) => {
  const { generateKeyPairSync } = await import('node:crypto');
  const publicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sw-dialer-migrate-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const child = spawn(TSX, ['src/migrate.ts'], { cwd: API_DIR, env: { PATH: process.env.PATH, PGLITE_DATA_DIR: dataDir, JWT_PUBLIC_KEY: publicKey } });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  t.equal(code, 0);
  t.match(stdout, /applied 20261123T0900_create_call_logs/);
});
