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
    const calls = await new CallLogsRepository(db, cipher).resealMetadata();
    const notes = await new CallWrapUpsRepository(db, cipher).resealNotes();
    process.stdout.write(`resealed ${calls.rewritten} call log(s) and ${notes.rewritten} wrap-up note(s)\n`);
    if (calls.skipped.length === 0 && notes.skipped.length === 0) {
      process.stdout.write('every row now uses the current key\n');
      return;
    }
    // Unreadable rows are reported, not fatal: one of them must not block rotation for every other row. They
    // keep what they hold; the previous keys that sealed them stay needed until they are dealt with.
    if (calls.skipped.length > 0) {
      process.stdout.write(`skipped ${calls.skipped.length} call log(s) whose metadata this server cannot open (left as they are):\n`);
      for (const row of calls.skipped) process.stdout.write(`  ${row.id}: ${row.reason}\n`);
    }
    if (notes.skipped.length > 0) {
      process.stdout.write(`skipped ${notes.skipped.length} wrap-up note(s) this server cannot open, by call id (left as they are):\n`);
      for (const row of notes.skipped) process.stdout.write(`  ${row.id}: ${row.reason}\n`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reseal-metadata: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
