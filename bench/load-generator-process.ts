/**
 * The load generator's own process (forked by load-generator.ts): runs autocannon for each request it is
 * sent and answers with the figures the benches read. Apart from the servers it loads, so that the event
 * loop under test is not also the one generating its load.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import type { LoadRequest, LoadResult } from './load-generator.js';

/** A finished outbound call as the widget logs it; a new clientSessionId each time, so every request inserts. */
function finishedCallBody(): string {
  const startedAt = new Date(Date.now() - 30_000);
  return JSON.stringify({
    clientSessionId: randomUUID(),
    direction: 'outbound',
    number: '+12025550123',
    status: 'ended',
    startedAt: startedAt.toISOString(),
    answeredAt: new Date(startedAt.getTime() + 2000).toISOString(),
    endedAt: new Date(startedAt.getTime() + 20_000).toISOString(),
    endReason: 'local-hangup',
    durationMs: 18_000
  });
}

async function fire(request: LoadRequest): Promise<LoadResult> {
  const result = await autocannon({
    url: request.url,
    connections: request.connections,
    duration: request.durationS,
    requests: [
      {
        method: request.method,
        path: request.path,
        headers: request.headers,
        ...(request.body === 'finished-call' ? { setupRequest: (req: autocannon.Request) => ({ ...req, body: finishedCallBody() }) } : {})
      }
    ]
  });
  return {
    requests: { average: result.requests.average, total: result.requests.total },
    latency: { p50: result.latency.p50, p99: result.latency.p99 },
    errors: result.errors,
    non2xx: result.non2xx
  };
}

process.on('message', (message: { id: number; request: LoadRequest }) => {
  fire(message.request).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: Error) => process.send?.({ id: message.id, error: error.message })
  );
});
