import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { startCaddyProxy } from '../helpers/caddy-proxy.js';

// deploy/Caddyfile's retries, without the API (docs/adr/0143): while no instance is marked ready, every request
// the API serves waits out `lb_try_duration` instead of failing with "no upstreams available". Caddy before
// 2.7.5 (Debian's 2.6.2 in CI) retries that error only for requests `lb_retry_match` lets through: once the
// matcher is set, GET is no longer retried by default, so it must be listed with the writes.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test('with no instance ready, reads, writes and preflights wait for one instead of failing', async (t) => {
  // One upstream whose readiness the test switches: 503 on /readyz until `ready`, then 200.
  let ready = false;
  const upstream = createServer((request, response) => {
    if (request.url === '/readyz') return void response.writeHead(ready ? 200 : 503).end();
    response.writeHead(200, { 'content-type': 'text/plain' }).end(`${request.method} served`);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  t.teardown(() => upstream.close());

  const work = await mkdtemp(path.join(tmpdir(), 'sw-proxy-'));
  t.teardown(() => rm(work, { recursive: true, force: true }));
  const proxy = await startCaddyProxy(t, { work, upstreams: [`127.0.0.1:${(upstream.address() as AddressInfo).port}`], healthInterval: '100ms' });
  const proxyPort = proxy.port;
  t.ok(proxy.ca, `Caddy made its local CA${proxy.ca ? '' : `:\n${proxy.log()}`}`);
  const agent = new Agent({ ca: proxy.ca, servername: 'localhost' });
  t.teardown(() => agent.destroy());
  const send = (method: string): Promise<{ status: number; server: string; ms: number }> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const request = httpsRequest(
        { host: '127.0.0.1', port: proxyPort, method, path: '/api/telephony/calls', agent, headers: { host: `localhost:${proxyPort}` } },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, server: String(response.headers.server ?? ''), ms: performance.now() - started })
          );
        }
      );
      request.on('error', reject);
      request.end(method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? undefined : '{}');
    });

  // The proxy answers (its TLS is up) with the instance ready; then the instance stops being ready, and the
  // proxy's polls (every 100 ms) mark it so.
  ready = true;
  let first = 0;
  for (let attempt = 0; attempt < 100 && first !== 200; attempt += 1) {
    first = await send('GET').then(
      (answer) => answer.status,
      () => 0
    );
    if (first !== 200) await sleep(100);
  }
  t.equal(first, 200, 'the proxy serves through the ready instance');
  ready = false;
  await sleep(500);
  const methods = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PATCH', 'PUT'];
  const answers = methods.map(send);
  await sleep(800);
  ready = true;
  const results = await Promise.all(answers);
  methods.forEach((method, i) => {
    const { status, server, ms } = results[i]!;
    t.equal(status, 200, `${method}: answered by the instance once it was ready (${status}, server: ${server || 'none'})`);
    t.ok(ms >= 500, `${method}: it waited for the instance (${Math.round(ms)} ms)`);
  });
});
