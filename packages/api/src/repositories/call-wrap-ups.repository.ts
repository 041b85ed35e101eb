import { isTerminalStatus, type CallStatus } from '@sw-dialer/shared-types';
import { sql, type Kysely, type Selectable } from 'kysely';
import { MetadataCipher, type MetadataContext } from '../security/metadata-cipher.js';
import { resealInBatches, type ResealReport } from './reseal-in-batches.js';
import type { CallWrapUpsTable, Database } from './database-types.js';

/** A wrap-up as stored, notes opened. */
export interface StoredWrapUp {
  callId: string;
  disposition: string;
  /** '' when there are none. */
  notes: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What a wrap-up write needs to know about its call: whether it is finished, and since when. */
export interface WrapUpTarget {
  finished: boolean;
  endedAt: Date | null;
  wrapUp: StoredWrapUp | null;
}

/**
 * Notes are sealed like metadata (ADR 16), bound to their owner and their call rather than to a widget
 * session: a sealed note copied onto another call, or into a call's metadata, no longer opens.
 */
const notesContext = (userId: string, callId: string): MetadataContext => ({ userId, clientSessionId: `wrap-up:${callId}` });

/**
 * All SQL touching `call_wrap_ups`. Every read and write goes through the call's owner: a wrap-up has no
 * owner of its own, it belongs to whoever owns the call.
 */
export class CallWrapUpsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: MetadataCipher = new MetadataCipher()
  ) {}

  /** The user's call and its wrap-up; undefined when the call is missing or someone else's. */
  async findTarget(userId: string, callId: string): Promise<WrapUpTarget | undefined> {
    const row = await this.db
      .selectFrom('call_logs')
      .leftJoin('call_wrap_ups', 'call_wrap_ups.call_id', 'call_logs.id')
      .select([
        'call_logs.status',
        'call_logs.ended_at',
        'call_wrap_ups.call_id as wrap_up_call_id',
        'call_wrap_ups.disposition',
        'call_wrap_ups.notes',
        'call_wrap_ups.created_at',
        'call_wrap_ups.updated_at'
      ])
      .where('call_logs.user_id', '=', userId)
      .where('call_logs.id', '=', callId)
      .executeTakeFirst();
    if (!row) return undefined;
    const wrapUp =
      row.wrap_up_call_id && row.disposition !== null && row.created_at && row.updated_at
        ? this.toWrapUp(userId, {
            call_id: row.wrap_up_call_id,
            disposition: row.disposition,
            notes: row.notes,
            created_at: row.created_at,
            updated_at: row.updated_at
          })
        : null;
    return { finished: isTerminalStatus(row.status as CallStatus), endedAt: row.ended_at, wrapUp };
  }

  /**
   * Writes the wrap-up of a finished call of this user (insert or replace). The service has checked the
   * call; the `where` repeats the ownership and finished checks so that no path writes past them.
   */
  async save(userId: string, callId: string, disposition: string, notes: string): Promise<StoredWrapUp | undefined> {
    const sealed = notes === '' ? null : JSON.stringify(this.cipher.seal({ text: notes }, notesContext(userId, callId)));
    const row = await this.db
      .insertInto('call_wrap_ups')
      .columns(['call_id', 'disposition', 'notes'])
      .expression((eb) =>
        eb
          .selectFrom('call_logs')
          .select([eb.val(callId).as('call_id'), eb.val(disposition).as('disposition'), sql<string | null>`${sealed}::jsonb`.as('notes')])
          .where('call_logs.user_id', '=', userId)
          .where('call_logs.id', '=', callId)
          .where('call_logs.status', 'in', ['ended', 'failed'])
      )
      .onConflict((oc) => oc.column('call_id').doUpdateSet({ disposition, notes: sealed, updated_at: sql<Date>`now()` }))
      .returningAll()
      .executeTakeFirst();
    return row ? this.toWrapUp(userId, row) : undefined;
  }

  /** Key rotation and first-time encryption of notes, in batches (see `resealInBatches`), in call-id order. */
  resealNotes(batchSize = 500): Promise<ResealReport> {
    return resealInBatches(
      this.db,
      this.cipher,
      {
        select: (trx, after, limit) =>
          trx
            .selectFrom('call_wrap_ups')
            .innerJoin('call_logs', 'call_logs.id', 'call_wrap_ups.call_id')
            .select(['call_wrap_ups.call_id', 'call_logs.user_id', 'call_wrap_ups.notes'])
            .where('call_wrap_ups.notes', 'is not', null)
            .where('call_wrap_ups.call_id', '>', after)
            .orderBy('call_wrap_ups.call_id')
            .limit(limit)
            .forUpdate()
            .execute(),
        key: (row) => row.call_id,
        stored: (row) => row.notes,
        context: (row) => notesContext(row.user_id, row.call_id),
        write: async (trx, row, sealed) => {
          await trx
            .updateTable('call_wrap_ups')
            .set({ notes: JSON.stringify(sealed) })
            .where('call_id', '=', row.call_id)
            .execute();
        }
      },
      batchSize
    );
  }

  private toWrapUp(userId: string, row: Selectable<CallWrapUpsTable>): StoredWrapUp {
    const opened = this.cipher.open(row.notes, notesContext(userId, row.call_id));
    return {
      callId: row.call_id,
      disposition: row.disposition,
      notes: typeof opened?.['text'] === 'string' ? opened['text'] : '',
      createdAt: row.created_at,
      updatedAt: row.updated_at
    };
  }
}
