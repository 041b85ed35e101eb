import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

/** Reads the environment once, builds the app, listens, and shuts down gracefully on a signal. */
async function main(): Promise<void> {
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
  // In-flight requests finish; new ones are refused; the database pool closes last (onClose hooks).
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err, action: 'shutdown', outcome: 'crash' }, 'shutting down after an error');
    else app.log.info({ action: 'shutdown', outcome: 'signal', signal }, 'shutting down');
    await app.close();
  });
  await app.listen({ port: loaded.port, host: loaded.host });
}

main().catch((error: unknown) => {
  process.stderr.write(`sw-dialer API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
