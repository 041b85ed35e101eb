import { Worker } from 'node:worker_threads';
import type { SignalWireEmulator, SignalWireEmulatorOptions } from './index.js';
import type { EmulatorLogger } from './logger.js';

/** What the thread reports: where it listens, a log line for the host's logger, that it has closed. */
export type WorkerMessage =
  | { type: 'listening'; url: string; wsUrl: string; port: number }
  | { type: 'log'; level: keyof EmulatorLogger; obj: object; msg?: string }
  | { type: 'closed' };

/**
 * `startSignalWireEmulator` in a worker thread: the relay and every far end's media (werift's ICE, DTLS
 * and SRTP, all JavaScript) on an event loop of their own, which the OS can run on the other core while
 * the host process runs an API, a browser driver and the tests. Hosts reach it only over HTTP and
 * WebSocket anyway, so it answers exactly as in-process. Log lines are posted to the host's `logger`.
 *
 * The thread loads the TypeScript entry through tsx's API (a worker inherits no loader of the host's:
 * tap's, here, whose async hooks would otherwise track every promise of the media stack too).
 */
export async function startSignalWireEmulatorInWorker(options: SignalWireEmulatorOptions): Promise<SignalWireEmulator> {
  const { logger, ...settings } = options;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker-thread.ts', import.meta.url).href;
  const source = `import(${JSON.stringify(tsxApi)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  const worker = new Worker(source, { eval: true, execArgv: [], workerData: { settings, logs: logger !== undefined } });
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'log') logger?.[message.level](message.obj, message.msg);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const listening = await new Promise<Extract<WorkerMessage, { type: 'listening' }>>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'listening') resolve(message);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the SignalWire emulator thread exited with code ${code} before listening`)));
  });
  // After start-up, a crash of the thread is the host's to see, as a crash in-process would be.
  worker.on('error', (error) => {
    throw error;
  });
  let closing: Promise<void> | undefined;
  return {
    url: listening.url,
    wsUrl: listening.wsUrl,
    port: listening.port,
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) =>
          worker.on('message', (message: WorkerMessage) => {
            if (message.type === 'closed') resolve();
          })
        );
        worker.postMessage('close');
        await Promise.race([closed, exited]);
        await worker.terminate();
      })())
  };
}
