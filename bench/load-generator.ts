/**
 * autocannon in a process of its own, as Fastify's own benchmarks run it (they fork the server instead):
 * in the benches' process it would share one event loop with the servers it measures, and every request
 * that takes one more turn of that loop (a Redis reply) would wait behind the load generator's own work.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadRequest {
  url: string;
  connections: number;
  durationS: number;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  /** A generated body for each request: a new finished call each time. */
  body?: 'finished-call';
}

export interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}

export interface LoadGenerator {
  fire(request: LoadRequest): Promise<LoadResult>;
  close(): void;
}

export function startLoadGenerator(): LoadGenerator {
  const child = fork(fileURLToPath(new URL('./load-generator-process.ts', import.meta.url)), {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
  const waiting = new Map<number, { resolve: (result: LoadResult) => void; reject: (error: Error) => void }>();
  let next = 0;
  child.on('message', (message: { id: number; result?: LoadResult; error?: string }) => {
    const entry = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.result) entry?.resolve(message.result);
    else entry?.reject(new Error(`load generator: ${message.error}`));
  });
  child.on('exit', (code) => {
    for (const entry of waiting.values()) entry.reject(new Error(`load generator exited (${code}) during a run`));
    waiting.clear();
  });
  return {
    fire: (request) =>
      new Promise((resolve, reject) => {
        next += 1;
        waiting.set(next, { resolve, reject });
        child.send({ id: next, request });
      }),
    close: () => {
      child.disconnect();
    }
  };
}
