import type { FastifyInstance } from 'fastify';
import type { ShutdownConfig } from '../config.js';

export interface GracefulStopOptions extends ShutdownConfig {
  /** Runs after the app has closed (the metrics port, when it has one). */
  afterClose?: () => Promise<void>;
  exit?: (code: number) => void;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * A terminal's Ctrl+C reaches the whole process group, and pnpm (`pnpm start:api`) forwards it to us as well:
 * one keypress, two deliveries within milliseconds. A repeat this soon is the same request to stop, not an
 * operator's second one.
 */
export const REPEAT_WINDOW_MS = 500;

/**
 * Stops the server on SIGTERM or SIGINT without failing a request (docs/adr/0063):
 *  1. /readyz answers 503 at once, and every response closes its connection (probes.ts);
 *  2. for `drainMs` requests are still served, so a balancer polling /readyz takes the instance out first;
 *  3. the app closes: the listener stops, idle keep-alive connections are closed, presence streams end,
 *     in-flight requests finish (each closing its connection), then the pool and Redis clients close;
 *  4. the process exits 0. A second signal (REPEAT_WINDOW_MS or more after the first), or `graceMs` after the
 *     drain, exits 1 at once.
 */
export function installGracefulStop(app: FastifyInstance, options: GracefulStopOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  let firstSignalAt = 0;
  // A stop must not depend on logging: with stdout gone (a closed pipe), a log call throws, and an exit
  // behind it would never come.
  const log = (level: 'info' | 'warn' | 'error', fields: object, message: string) => {
    try {
      app.log[level](fields, message);
    } catch {
      // nowhere left to say it
    }
  };

  const stop = async (reason: { signal?: string; err?: unknown }): Promise<void> => {
    if (stopping && reason.signal && performance.now() - firstSignalAt < REPEAT_WINDOW_MS) return;
    if (stopping) {
      log('warn', { action: 'shutdown', outcome: 'forced', signal: reason.signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    firstSignalAt = performance.now();
    if (reason.err) log('error', { err: reason.err, action: 'shutdown', outcome: 'crash' }, 'shutting down after an error');
    else log('info', { action: 'shutdown', outcome: 'signal', signal: reason.signal, drainMs: options.drainMs }, 'shutting down');
    app.lifecycle.startDraining();
    setTimeout(() => {
      log('error', { action: 'shutdown', outcome: 'grace-expired', graceMs: options.graceMs }, 'requests still open after the grace period: exiting');
      exit(1);
    }, options.drainMs + options.graceMs).unref();
    if (options.drainMs > 0) await new Promise((resolve) => setTimeout(resolve, options.drainMs));
    try {
      // Fastify closes idle connections at once; the rest close as their last response leaves (probes.ts).
      await app.close();
      await options.afterClose?.();
    } catch (error) {
      log('error', { err: error, action: 'shutdown', outcome: 'close-failed' }, 'closing failed');
      exit(1);
      return;
    }
    log('info', { action: 'shutdown', outcome: 'closed' }, 'closed: exiting');
    exit(reason.err ? 1 : 0);
  };

  for (const signal of SIGNALS) process.on(signal, () => void stop({ signal }));
  process.on('uncaughtException', (err) => void stop({ err }));
  process.on('unhandledRejection', (err) => void stop({ err }));
}
