#!/usr/bin/env node
// A small static file server for the example pages; no dependencies. Used by `pnpm start` and the
// end-to-end tests. Two kinds of site:
// - `examples` (the default): the index page, `/standalone/`, `/crm/` (with a history fallback, so that
//   the CRM's client-side routes such as `/crm/dialer` load its shell) and `/portal/` from this folder,
//   and `/dist/` from the widget's production build (with CORS, so that other origins can load it, as
//   they would from a CDN).
// - `portal`: only the third-party portal (`portal/` at `/`), on an origin of its own, so that it loads
//   the widget from the examples origin and calls the API on a third one.
//
// The pages name the demo's default origins literally (a third-party page pastes URLs, it computes
// none). When the demo runs on other ports, the server rewrites those origins in the pages it serves
// (never in `/dist/`): see `origins` below and DEFAULT_ORIGINS.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../packages/dialer-elements/dist');

/** The origins the pages are written for: `pnpm start` on its default ports. */
export const DEFAULT_ORIGINS = Object.freeze({
  api: 'http://127.0.0.1:3000',
  widget: 'http://127.0.0.1:8080',
  portal: 'http://127.0.0.1:8081'
});

const SITES = {
  examples: { roots: { '/dist/': dist, '/': here }, fallbacks: { '/crm/': path.join(here, 'crm/index.html') } },
  portal: { roots: { '/': path.join(here, 'portal') }, fallbacks: {} }
};

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml'
};
const REWRITTEN = new Set(['.html', '.js', '.css']);

/**
 * Starts one site. `origins` ({api, widget, portal}, each optional) names where those services really
 * are; it is read on every request, so a caller that learns a port later (the API's, after the API's
 * CORS list was built from this server's origin) may fill it in afterwards.
 */
export function startExamplesServer({ port = 8080, host = '127.0.0.1', site = 'examples', origins = {} } = {}) {
  const { roots, fallbacks } = SITES[site] ?? SITES.examples;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const prefix = Object.keys(roots).find((candidate) => url.pathname.startsWith(candidate)) ?? '/';
    const root = roots[prefix];
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      response.writeHead(400).end('bad request');
      return;
    }
    let file = path.resolve(root, `.${pathname.slice(prefix.length - 1)}`);
    // Never outside the served folders, never this script or node_modules.
    if ((file !== root && !file.startsWith(root + path.sep)) || file.includes(`${path.sep}node_modules${path.sep}`) || file.endsWith('.mjs')) {
      response.writeHead(404).end('not found');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      // A client-side route (no file extension) of a single-page app gets the app's page.
      const fallback = Object.entries(fallbacks).find(([base]) => url.pathname.startsWith(base))?.[1];
      if (!fallback || path.extname(url.pathname) !== '') {
        response.writeHead(404).end('not found');
        return;
      }
      file = fallback;
    }
    const headers = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
    if (prefix === '/dist/') {
      // The bundle is public, like a CDN's: any page may load it (module scripts and their chunks are
      // fetched in CORS mode, so another origin needs this header).
      response.writeHead(200, { ...headers, 'access-control-allow-origin': '*' });
      createReadStream(file).pipe(response);
      return;
    }
    const replacements = Object.entries(DEFAULT_ORIGINS)
      .map(([name, origin]) => [origin, origins[name]])
      .filter(([origin, actual]) => actual && actual !== origin);
    if (replacements.length === 0 || !REWRITTEN.has(path.extname(file))) {
      response.writeHead(200, headers);
      createReadStream(file).pipe(response);
      return;
    }
    let text = readFileSync(file, 'utf8');
    for (const [origin, actual] of replacements) text = text.replaceAll(origin, actual);
    response.writeHead(200, headers).end(text);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const examplesPort = Number(process.env.EXAMPLES_PORT ?? 8080);
  const portalPort = Number(process.env.PORTAL_PORT ?? 8081);
  const origins = {
    api: process.env.API_ORIGIN ?? DEFAULT_ORIGINS.api,
    widget: `http://127.0.0.1:${examplesPort}`,
    portal: `http://127.0.0.1:${portalPort}`
  };
  await startExamplesServer({ port: examplesPort, origins });
  await startExamplesServer({ port: portalPort, site: 'portal', origins });
  process.stdout.write(`examples on ${origins.widget}/ (the portal on ${origins.portal}/)\n`);
}
