#!/usr/bin/env node
// A small static file server for the example pages: `/standalone/`, `/portal/`, `/crm/` from this folder,
// and `/dist/` from the widget's production build. Used by `pnpm start`; no dependencies.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const roots = {
  '/dist/': path.resolve(here, '../packages/dialer-elements/dist'),
  '/': here
};
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json', '.json': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };

export function startExamplesServer({ port = 8080, host = '127.0.0.1' } = {}) {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const prefix = Object.keys(roots).find((candidate) => url.pathname.startsWith(candidate)) ?? '/';
    const root = roots[prefix];
    let file = path.resolve(root, `.${decodeURIComponent(url.pathname.slice(prefix.length - 1))}`);
    // Never outside the served folders, never this script or node_modules.
    if (!file.startsWith(root) || file.includes(`${path.sep}node_modules${path.sep}`) || file.endsWith('.mjs')) {
      response.writeHead(404).end('not found');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startExamplesServer({ port: Number(process.env.EXAMPLES_PORT ?? 8080) });
  process.stdout.write(`examples on http://127.0.0.1:${server.address().port}/\n`);
}
