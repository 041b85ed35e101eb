import type { Kysely, Transaction } from 'kysely';
import { MetadataKeyError, type MetadataCipher, type MetadataContext, type SealedMetadata } from '../security/metadata-cipher.js';
import type { Database } from './database-types.js';

/** What a reseal run did: rows rewritten, and rows left alone because they could not be opened (with why). */
export interface ResealReport {
  rewritten: number;
  skipped: Array<{ id: string; reason: string }>;
}

type Stored = Record<string, unknown> | SealedMetadata | null;

/** One table's sealed column, as a reseal run walks it. */
export interface ResealSource<Row> {
  /** Up to `limit` rows whose key is after `after`, in key order, locked for update. */
  select(trx: Transaction<Database>, after: string, limit: number): Promise<Row[]>;
  key(row: Row): string;
  stored(row: Row): Stored;
  context(row: Row): MetadataContext;
  write(trx: Transaction<Database>, row: Row, sealed: Stored): Promise<void>;
}

/**
 * Key rotation and first-time encryption for one sealed column: rewrites, one transaction per batch, every
 * row not sealed with the current key. Rows are visited in key order once each. A row this server cannot
 * open (a key it lacks, a failed integrity check, a value that only imitates the sealed shape) is left as
 * it is and reported, never the end of the run: one row must not block rotation for everyone else
 * (docs/adr/0047). Shared by call metadata and wrap-up notes, so both rotate by the same rules.
 */
export async function resealInBatches<Row>(db: Kysely<Database>, cipher: MetadataCipher, source: ResealSource<Row>, batchSize: number): Promise<ResealReport> {
  let after = '00000000-0000-0000-0000-000000000000';
  let rewritten = 0;
  const skipped: ResealReport['skipped'] = [];
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      const rows = await source.select(trx, after, batchSize);
      let changed = 0;
      const unreadable: ResealReport['skipped'] = [];
      for (const row of rows) {
        const stored = source.stored(row);
        if (!cipher.isStale(stored)) continue;
        const context = source.context(row);
        let sealed: Stored;
        try {
          sealed = cipher.seal(cipher.open(stored, context) ?? {}, context);
        } catch (error) {
          if (!(error instanceof MetadataKeyError)) throw error;
          unreadable.push({ id: source.key(row), reason: error.message });
          continue;
        }
        await source.write(trx, row, sealed);
        changed += 1;
      }
      const last = rows[rows.length - 1];
      return { last: last === undefined ? undefined : source.key(last), changed, unreadable };
    });
    rewritten += batch.changed;
    skipped.push(...batch.unreadable);
    if (!batch.last) return { rewritten, skipped };
    after = batch.last;
  }
}
