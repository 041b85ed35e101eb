import { ConfigError } from './config.js';
import { createDatabase } from './db/database.js';
import { CallLogsRepository } from './repositories/call-logs.repository.js';
import { CallWrapUpsRepository } from './repositories/call-wrap-ups.repository.js';
import { MetadataCipher } from './security/metadata-cipher.js';
import { loadToolConfig } from './tool-config.js';

/**
 * `pnpm --filter @sw-dialer/api reseal-metadata`: seals every call's metadata and wrap-up notes with CALL_METADATA_KEY,
 * opening old rows with CALL_METADATA_PREVIOUS_KEYS. Run after turning encryption on or rotating the key;
 * once it reports done, the previous keys can be removed. Safe to run again, and while the API serves.
 */
async function main(): Promise<void> {
  const config = loadToolConfig(process.env);
  const keys = config.metadataKeys;
  if (!keys?.current) throw new ConfigError('CALL_METADATA_KEY: must be set to the key to seal with');
  const db = createDatabase(config.database);
  try {
    const cipher = new MetadataCipher(keys.current, keys.previous);
    const rewritten = await new CallLogsRepository(db, cipher).resealMetadata();
    const notes = await new CallWrapUpsRepository(db, cipher).resealNotes();
    process.stdout.write(`resealed ${rewritten} call log(s) and ${notes} wrap-up note(s); every row now uses the current key\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reseal-metadata: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
