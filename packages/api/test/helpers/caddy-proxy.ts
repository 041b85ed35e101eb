import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Test } from 'tap';
import { ROOT_DIR, freePort } from './api-process.js';

export interface CaddyProxy {
  /** The proxy's HTTPS port on 127.0.0.1, for `https://localhost:<port>`. */
  port: number;
  /** Caddy's local CA certificate, once Caddy made it (undefined if it did not within 20 s). */
  ca: Buffer | undefined;
  /** What Caddy wrote to stderr so far (its JSON log). */
  log(): string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Caddy running deploy/Caddyfile in front of `upstreams` ("127.0.0.1:3001"), TLS from its own local CA, bound to
 * loopback, its files under `work`; stopped when the test ends. The environment is docs/deploy.md's.
 */
export async function startCaddyProxy(t: Test, options: { work: string; upstreams: string[]; healthInterval: string }): Promise<CaddyProxy> {
  const port = await freePort();
  const data = path.join(options.work, 'caddy');
  const caddy = spawn('caddy', ['run', '--config', path.join(ROOT_DIR, 'deploy/Caddyfile'), '--adapter', 'caddyfile'], {
    cwd: options.work,
    env: {
      PATH: process.env.PATH,
      HOME: options.work,
      XDG_DATA_HOME: data,
      XDG_CONFIG_HOME: data,
      SITE_ADDRESS: `https://localhost:${port}`,
      API_UPSTREAMS: options.upstreams.join(' '),
      CADDY_BIND: '127.0.0.1',
      HEALTH_INTERVAL: options.healthInterval,
      CADDY_OPTIONS: ['local_certs', 'skip_install_trust', 'admin off', 'auto_https disable_redirects', `storage file_system ${data}`].join('\n')
    },
    stdio: ['ignore', 'ignore', 'pipe']
  });
  let log = '';
  caddy.stderr.on('data', (chunk) => (log += chunk));
  t.teardown(async () => {
    if (caddy.exitCode === null) {
      caddy.kill('SIGTERM');
      await once(caddy, 'exit');
    }
  });
  const rootCert = path.join(data, 'pki/authorities/local/root.crt');
  for (let attempt = 0; attempt < 200 && !existsSync(rootCert); attempt += 1) await sleep(100);
  return { port, ca: existsSync(rootCert) ? await readFile(rootCert) : undefined, log: () => log };
}
