import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const API_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const ROOT_DIR = path.resolve(API_DIR, '../..');

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

export interface ApiProcess {
  child: ChildProcess;
  /** Resolves with the exit code and the time (ms, performance.now()) the parent saw the exit. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  output: () => string;
}

/** Spawns a command that runs the API; stdout and stderr are kept together. */
export function spawnApi(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; detached?: boolean }): ApiProcess {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() }))
  );
  return { child, exited, output: () => output };
}

/** Polls /readyz until it answers 200, the process exits, or `timeoutMs` passes. */
export async function waitReady(port: number, api: ApiProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && api.child.exitCode === null) {
    const status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (response) => response.status,
      () => 0
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`the API on ${port} never became ready:\n${api.output()}`);
}

/** Whether anything still accepts connections on `port` (an orphaned server would). */
export async function portOpen(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/livez`).then(
    () => true,
    () => false
  );
}

/**
 * Builds the API into a private folder inside packages/api (node_modules resolve from there), with
 * deploy/start.sh beside its dist/ as deploy/build.sh lays a deploy folder out. Removed at teardown.
 */
export async function buildPrivateCopy(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = path.join(API_DIR, `.build-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  await mkdir(dir, { recursive: true });
  const build = spawn(process.execPath, ['scripts/build.mjs', '--outdir', path.join(dir, 'dist')], { cwd: API_DIR, stdio: 'inherit' });
  const [code] = (await once(build, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`build failed with ${code}`);
  const copy = spawn('cp', [path.join(ROOT_DIR, 'deploy/start.sh'), path.join(dir, 'start.sh')]);
  await once(copy, 'exit');
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A stand-in SignalWire space whose token endpoint answers after `delayMs`: a request that is still in flight
 * when the signal arrives. `received` resolves when a token request has arrived.
 */
export async function slowSignalWire(
  delayMs: number
): Promise<{ url: string; close: () => Promise<void>; tokenRequests: () => number; nextTokenRequest: () => Promise<void> }> {
  let count = 0;
  let waiters: Array<() => void> = [];
  const server = createHttpServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    if (request.method === 'POST' && request.url === '/api/fabric/subscribers/tokens') {
      count += 1;
      for (const wake of waiters) wake();
      waiters = [];
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'stand-in-token' })), delayMs);
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    tokenRequests: () => count,
    nextTokenRequest: () => new Promise((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
