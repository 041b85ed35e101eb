import { createServer } from 'node:http';
import { once } from 'node:events';
import type { Registry } from 'prom-client';

/**
 * `/metrics` on a port of its own (METRICS_PORT), so it can stay on the private network while the API port
 * faces the proxy. Nothing else is served here, so nothing else needs guarding.
 */
export async function startMetricsServer(registry: Registry, port: number, host: string): Promise<{ close(): Promise<void> }> {
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url?.split('?')[0] === '/metrics') {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => response.writeHead(500).end()
      );
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('only /metrics is served here\n');
  });
  server.listen(port, host);
  await once(server, 'listening');
  return {
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
}
