// Helpers of the consumer tests (docs/adr/0094): the widget as an outside team gets it, the `pnpm pack` tarball
// installed with npm into a fresh app in a temp folder outside the workspace, then built and served.
import { execFile } from 'node:child_process';
import { cp, lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Test } from 'tap';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
export const WIDGET_PACKAGE = path.resolve(here, '../../../dialer-elements');
const WORKSPACE = path.resolve(WIDGET_PACKAGE, '../..');
const APPS = path.resolve(here, '../../consumer-apps');

/** Runs a command; on failure the error carries its output. */
export async function sh(command: string, args: string[], cwd: string, timeoutMs = 300_000): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0' } });
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string; code?: number };
    e.message = `${command} ${args.join(' ')} (in ${cwd}) failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`;
    throw e;
  }
}

/** `pnpm pack` of @sw-dialer/elements (its prepack builds dist/) into a temp folder; the tarball's path. */
export async function packWidget(): Promise<string> {
  const out = await mkdtemp(path.join(tmpdir(), 'sw-dialer-tarball-'));
  // tap runs the consumer test files at once, and each pack rebuilds dist/esm: one at a time (mkdir is atomic).
  const lock = path.join(WIDGET_PACKAGE, '.pack-lock');
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  try {
    await sh('pnpm', ['pack', '--pack-destination', out], WIDGET_PACKAGE);
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
  const { version } = JSON.parse(await readFile(path.join(WIDGET_PACKAGE, 'package.json'), 'utf8')) as { version: string };
  return path.join(out, `sw-dialer-elements-${version}.tgz`);
}

/**
 * A copy of consumer-apps/<name> in a temp folder outside the workspace, with its package.json (the app's own
 * dependencies and the tarball) installed by npm. npm's cache (~/.npm) keeps repeated runs fast.
 */
export async function createConsumerApp(name: string, tarball: string, dependencies: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `sw-dialer-consumer-${name}-`));
  if (!path.relative(WORKSPACE, dir).startsWith('..')) throw new Error(`${dir} is inside the workspace`);
  await cp(path.join(APPS, name), dir, { recursive: true });
  const manifest = {
    name: `consumer-${name}`,
    private: true,
    type: 'module',
    license: 'MIT',
    dependencies: { ...dependencies, '@sw-dialer/elements': `file:${tarball}` }
  };
  await writeFile(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir, 600_000);
  const installed = path.join(dir, 'node_modules', '@sw-dialer', 'elements');
  if ((await lstat(installed)).isSymbolicLink()) throw new Error('the widget was linked, not installed');
  return dir;
}

export async function removeApp(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css',
  '.json': 'application/json'
};

/** A static server of `root` on a free loopback port, with CORS (a CDN's, for the module scripts of other origins). */
export async function serveStatic(root: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) return void response.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) return void response.writeHead(404).end('not found');
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'access-control-allow-origin': '*' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * The packed widget installed into a fresh app of `consumer-apps/<name>` outside the workspace, both removed
 * when `t` ends. Packing, an npm install, a type check and a Vite build come before any call: longer than
 * .taprc's 300 s on a loaded machine, hence the test's own timeout.
 */
export async function installedConsumerApp(t: Test, name: string, dependencies: Record<string, string>): Promise<string> {
  t.setTimeout(15 * 60_000);
  const tarball = await packWidget();
  t.teardown(() => removeApp(path.dirname(tarball)));
  const app = await createConsumerApp(name, tarball, dependencies);
  t.teardown(() => removeApp(app));
  return app;
}

/** A type checker's run on one of the app's projects: its output, and whether it failed (no throw either way). */
export async function typeCheck(checker: string, project: string, app: string): Promise<{ failed: boolean; output: string }> {
  return sh(process.execPath, [checker, '-p', project], app).then(
    ({ stdout }) => ({ failed: false, output: stdout }),
    (error: Error & { stdout?: string }) => ({ failed: true, output: error.stdout ?? '' })
  );
}
