import { ConfigError } from './config.js';
import { createDatabase } from './db/database.js';
import { CallLogsRepository } from './repositories/call-logs.repository.js';
import { MetadataCipher } from './security/metadata-cipher.js';
import { loadToolConfig } from './tool-config.js';

/**
 * `pnpm --filter @sw-dialer/api reseal-metadata`: seals every call's metadata with CALL_METADATA_KEY,
 * opening old rows with CALL_METADATA_PREVIOUS_KEYS. Run after turning encryption on or rotating the key;
 * once it reports done, the previous keys can be removed. Safe to run again, and while the API serves.
 */
async function main(): Promise<void> {
  const config = loadToolConfig(process.env);
  const keys = config.metadataKeys;
  if (!keys?.current) throw new ConfigError('CALL_METADATA_KEY: must be set to the key to seal with');
  const db = createDatabase(config.database);
  try {
    const { rewritten, skipped } = await new CallLogsRepository(db, new MetadataCipher(keys.current, keys.previous)).resealMetadata();
    process.stdout.write(`resealed ${rewritten} call log(s)\n`);
    if (skipped.length === 0) {
      process.stdout.write("every row's metadata now uses the current key\n");
      return;
    }
    // Unreadable rows are reported, not fatal: one of them must not block rotation for every other row. They
    // keep what they hold; the previous keys that sealed them stay needed until they are dealt with.
    process.stdout.write(`skipped ${skipped.length} call log(s) whose metadata this server cannot open (left as they are):\n`);
    for (const row of skipped) process.stdout.write(`  ${row.id}: ${row.reason}\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reseal-metadata: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
