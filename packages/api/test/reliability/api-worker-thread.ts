import { parentPort, workerData } from 'node:worker_threads';
import { buildApp, type AppConfig } from '../../src/app.js';

/**
 * The API in a worker thread (see api-worker.ts): its own event loop and core, as a separate server
 * process would have. An uncaught exception ends this thread only, as it would end that process.
 */
const { config, port: listenPort } = workerData as { config: AppConfig; port: number };
const port = parentPort;
if (!port) throw new Error('api-worker-thread.ts runs only as a worker');

let errorLines = 0;
/** Warning and error lines by message, so a run can say what went wrong without keeping every line. */
const problems: Record<string, number> = {};
// Lines are built and serialized as in production, then dropped; errors (level 50+) are counted.
const app = await buildApp(config, {
  logDestination: {
    write: (line: string) => {
      if (!line.includes('"level":40') && !line.includes('"level":50') && !line.includes('"level":60')) return;
      if (!line.includes('"level":40')) errorLines += 1;
      const message = /"msg":"([^"]{0,120})/.exec(line)?.[1] ?? 'unknown';
      problems[message] = (problems[message] ?? 0) + 1;
    }
  }
});
const url = await app.listen({ port: listenPort, host: '127.0.0.1' });
port.postMessage({ type: 'listening', url });
port.on('message', (message: unknown) => {
  if (message !== 'close') return;
  void app.close().then(() => port.postMessage({ type: 'closed', errorLines, problems }));
});
