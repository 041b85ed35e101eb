import { buildApp } from './app.js';
import { checkConfig } from './check-config.js';
import { ConfigError, loadConfig } from './config.js';
import { installGracefulStop } from './lifecycle/graceful-stop.js';
import { startMetricsServer } from './metrics-server.js';

/**
 * Reads the environment once, builds the app, listens, and stops gracefully on a signal (lifecycle/).
 * `--check-config` validates the environment and reaches each dependency instead (check-config.ts).
 */
async function main(): Promise<void> {
  if (process.argv.includes('--check-config')) {
    process.exitCode = await checkConfig(process.env, (text) => process.stdout.write(text));
    return;
  }
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`sw-dialer API: bad configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await buildApp(loaded.config);
  let metricsServer: { close(): Promise<void> } | undefined;
  installGracefulStop(app, { ...loaded.shutdown, afterClose: async () => metricsServer?.close() });
  await app.listen({ port: loaded.port, host: loaded.host });
  if (loaded.config.metricsPort !== undefined) {
    metricsServer = await startMetricsServer(app.metrics.registry, loaded.config.metricsPort, loaded.host);
    app.log.info({ action: 'metrics', outcome: 'listening', port: loaded.config.metricsPort }, 'metrics served on their own port');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`sw-dialer API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
