/**
 * The emulator logs through whatever the host hands it. The shape is the subset of pino's API we use
 * (`logger.info(obj, msg)`), so a pino instance, a Fastify logger or a test spy all fit.
 * Without one the emulator is silent: library code never writes to the console.
 */
export interface EmulatorLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => {};

export const silentLogger: EmulatorLogger = { debug: noop, info: noop, warn: noop, error: noop };
