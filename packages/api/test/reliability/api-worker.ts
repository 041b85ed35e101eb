import { Worker } from 'node:worker_threads';
import type { AppConfig } from '../../src/app.js';

export interface ApiWorker {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Settles when the thread ends by itself: with the error when the API died of an uncaught exception. */
  died: Promise<Error>;
  /**
   * Closes the app, then the thread; resolves with how many error-level log lines the API wrote, and the
   * warning and error lines counted by message.
   */
  close(): Promise<{ errorLines: number; problems: Record<string, number> }>;
}

/**
 * Starts `buildApp(config)` listening on loopback (on `port`, or a free one) in a worker thread: a
 * server of its own, on its own core, that can die without taking the test down. The worker loads the
 * TypeScript entry through tsx's API, which works the same under tap (whose loader a worker does not
 * inherit) and under tsx (the benchmarks).
 */
export async function startApiInWorker(config: AppConfig, options: { port?: number } = {}): Promise<ApiWorker> {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./api-worker-thread.ts', import.meta.url).href;
  const source = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  const worker = new Worker(source, { eval: true, execArgv: [], workerData: { config, port: options.port ?? 0 } });
  let closing = false;
  const died = new Promise<Error>((resolve) => {
    worker.once('error', (error) => resolve(error));
    worker.once('exit', (code) => {
      if (!closing) resolve(new Error(`the API thread exited with code ${code}`));
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    const onMessage = (message: { type: string; url?: string }) => {
      if (message.type !== 'listening') return;
      worker.off('message', onMessage);
      resolve(message.url as string);
    };
    worker.on('message', onMessage);
    void died.then(reject);
  });
  return {
    url,
    port: Number(new URL(url).port),
    died,
    async close() {
      closing = true;
      const closed = new Promise<{ errorLines: number; problems: Record<string, number> }>((resolve) => {
        worker.on('message', (message: { type: string; errorLines?: number; problems?: Record<string, number> }) => {
          if (message.type === 'closed') resolve({ errorLines: message.errorLines ?? 0, problems: message.problems ?? {} });
        });
        // Already dead: nothing to close.
        worker.once('exit', () => resolve({ errorLines: 0, problems: {} }));
      });
      worker.postMessage('close');
      const result = await closed;
      await worker.terminate();
      return result;
    }
  };
}
