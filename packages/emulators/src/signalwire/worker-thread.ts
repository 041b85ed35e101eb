import { parentPort, workerData } from 'node:worker_threads';
import { startSignalWireEmulator, type SignalWireEmulatorOptions } from './index.js';
import type { EmulatorLogger } from './logger.js';
import type { WorkerMessage } from './worker.js';

/** The SignalWire emulator inside its worker thread (see worker.ts). */
const port = parentPort;
if (!port) throw new Error('worker-thread.ts runs only as a worker');
const { settings, logs } = workerData as { settings: Omit<SignalWireEmulatorOptions, 'logger'>; logs: boolean };
const post = (message: WorkerMessage) => port.postMessage(message);

/** Log objects cross threads by structured clone; anything that cannot (a socket, a function) is dropped to its message. */
const line =
  (level: keyof EmulatorLogger) =>
  (obj: object, msg?: string): void => {
    try {
      post({ type: 'log', level, obj, ...(msg === undefined ? {} : { msg }) });
    } catch {
      post({ type: 'log', level, obj: { unclonable: String(obj) }, ...(msg === undefined ? {} : { msg }) });
    }
  };
const logger: EmulatorLogger | undefined = logs ? { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') } : undefined;

const emulator = await startSignalWireEmulator({ ...settings, ...(logger ? { logger } : {}) });
post({ type: 'listening', url: emulator.url, wsUrl: emulator.wsUrl, port: emulator.port });
port.on('message', (message: unknown) => {
  if (message !== 'close') return;
  void emulator.close().then(() => post({ type: 'closed' }));
});
