import type { CallLog, CreateCallBody, HistoryQuery } from '@sw-dialer/shared-types';
import { HISTORY_DEFAULT_LIMIT, OPEN_STATUSES, isOpenStatus, isTerminalStatus } from '@sw-dialer/shared-types';
import { sql, type InsertType, type Kysely, type Selectable, type UpdateObject } from 'kysely';
import type { CallChanges, PatchDecision } from '../domain/apply-call-patch.js';
import type { CallTimes } from '../domain/call-times.js';
import { rawQueryThrough, type RawQuery } from '../db/raw-query.js';
import { MetadataCipher, type MetadataContext } from '../security/metadata-cipher.js';
import type { CallLogsTable, Database } from './database-types.js';
import { decodeCursor, encodeCursor } from './history-cursor.js';
import { resealInBatches, type ResealReport } from './reseal-in-batches.js';

type CallLogRow = Selectable<CallLogsTable>;

export type CreateCallResult =
  /** `closed`: the row was logged already finished (an outbox replay), so this write finished the call. */
  { kind: 'created'; id: string; closed: boolean } | { kind: 'existing'; id: string } | { kind: 'open-call-conflict'; openCallId: string };

/** What `update` wrote: the row as stored now, and whether this write moved it from open to finished. */
export interface UpdateResult {
  call: CallLog;
  closed: boolean;
}

/**
 * A call as the server sees it: the public row, and what only the server wrote. `bridgeCallSid` is the
 * SignalWire call the bridge route placed for this user (ADR 50); a client can neither set nor change it.
 */
export interface StoredCall {
  call: CallLog;
  bridgeCallSid: string | null;
}

/** A history row as stored: the call, and what its wrap-up says (the notes themselves stay out). */
export interface HistoryRow extends CallLog {
  disposition: string | null;
  hasNotes: boolean;
}

export type { ResealReport } from './reseal-in-batches.js';

export interface HistoryPage {
  items: HistoryRow[];
  nextCursor: string | null;
  total?: number;
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

function toCallLog(row: CallLogRow, cipher: MetadataCipher): CallLog {
  return {
    id: row.id,
    direction: row.direction as CallLog['direction'],
    number: row.number,
    contactId: row.contact_id,
    status: row.status as CallLog['status'],
    startedAt: row.started_at.toISOString(),
    answeredAt: iso(row.answered_at),
    endedAt: iso(row.ended_at),
    durationMs: row.duration_ms,
    endReason: row.end_reason as CallLog['endReason'],
    errorCode: row.error_code,
    errorMessage: row.error_message,
    clientSessionId: row.client_session_id,
    providerCallId: row.provider_call_id,
    metadata: cipher.open(row.metadata, contextOf(row)),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString()
  };
}

const contextOf = (row: Pick<CallLogRow, 'user_id' | 'client_session_id'>): MetadataContext => ({
  userId: row.user_id,
  clientSessionId: row.client_session_id
});

function isUniqueViolation(error: unknown, constraint: string): boolean {
  // pg and PGlite both report SQLSTATE and constraint name, but with different error classes.
  const candidate = error as { code?: unknown; constraint?: unknown };
  return candidate?.code === '23505' && candidate.constraint === constraint;
}

/**
 * The columns an INSERT fills from a request, each with the type the database takes. Left out: what the
 * database fills in (id, clocks) and `bridge_call_sid`, which only the bridge route's own write sets (ADR 50).
 */
type ServerOnlyColumn = 'id' | 'created_at' | 'updated_at' | 'bridge_call_sid';
type InsertRow = { [K in Exclude<keyof CallLogsTable, ServerOnlyColumn>]-?: InsertType<CallLogsTable[K]> };

const INSERT_COLUMNS = [
  'user_id',
  'direction',
  'number',
  'contact_id',
  'status',
  'started_at',
  'answered_at',
  'ended_at',
  'duration_ms',
  'end_reason',
  'error_code',
  'error_message',
  'client_session_id',
  'provider_call_id',
  'metadata'
] as const satisfies ReadonlyArray<keyof InsertRow>;

// A column added to the table must be added to the list above or named server-only: this stops the build.
type UnlistedColumn = Exclude<keyof InsertRow, (typeof INSERT_COLUMNS)[number]>;
const everyColumnListed: [UnlistedColumn] extends [never] ? true : UnlistedColumn = true;
void everyColumnListed;

/**
 * The create-call INSERT, its text built once from the column list rather than by the query builder per
 * request: Kysely's builder cost more on this route than zod, pino and the rate limit together
 * (bench/RESULTS.md, ADR 44). Idempotent on (user, clientSessionId): a duplicate inserts nothing. Named,
 * so that each pooled connection parses and plans it once (ADR 140).
 */
const INSERT_CALL = {
  name: 'call_logs.create',
  text: `insert into call_logs (${INSERT_COLUMNS.join(', ')})
  values (${INSERT_COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})
  on conflict (user_id, client_session_id) do nothing
  returning id`
};

/**
 * All SQL touching `call_logs`. Every read and write is scoped to one user (key rotation aside).
 * `metadata` passes through the cipher on its way in and out: sealed at rest when a key is configured.
 */
export class CallLogsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly cipher: MetadataCipher = new MetadataCipher(),
    /** The create's INSERT runs here: the serving pool without Kysely's executor (db/raw-query.ts). */
    private readonly query: RawQuery = rawQueryThrough(db)
  ) {}

  /**
   * Idempotent on (user, clientSessionId): concurrent duplicates all get the first row's id. A second
   * open call is refused by the partial unique index, never by a read-then-write.
   */
  async create(userId: string, body: CreateCallBody, times: CallTimes): Promise<CreateCallResult> {
    try {
      const row: InsertRow = {
        user_id: userId,
        direction: body.direction,
        number: body.number,
        contact_id: body.contactId ?? null,
        status: body.status,
        // As ISO text: the same instants (to the millisecond, as before), and pg's own Date formatting
        // (local time, padded field by field) cost as much as serializing the rest of the row.
        started_at: new Date(body.startedAt).toISOString(),
        answered_at: iso(times.answeredAt),
        ended_at: iso(times.endedAt),
        duration_ms: times.durationMs,
        end_reason: body.endReason ?? null,
        error_code: body.errorCode ?? null,
        error_message: body.errorMessage ?? null,
        client_session_id: body.clientSessionId,
        provider_call_id: body.providerCallId ?? null,
        metadata: body.metadata ? JSON.stringify(this.cipher.seal(body.metadata, { userId, clientSessionId: body.clientSessionId })) : null
      };
      const rows = await this.query<{ id: string }>(
        INSERT_CALL,
        INSERT_COLUMNS.map((column) => row[column])
      );
      const inserted = rows[0];
      if (inserted) return { kind: 'created', id: inserted.id, closed: isTerminalStatus(body.status) };
    } catch (error) {
      if (!isUniqueViolation(error, 'uq_call_logs_one_open_per_user')) throw error;
    }
    // Either this session already has its row (a retry), or another open call holds the slot.
    const existing = await this.findIdBySession(userId, body.clientSessionId);
    if (existing) return { kind: 'existing', id: existing };
    const open = await this.findOpenCallId(userId);
    if (open) return { kind: 'open-call-conflict', openCallId: open };
    // The open call ended between our insert and this read: the slot is free now, so try once more.
    return this.create(userId, body, times);
  }

  async findById(userId: string, id: string): Promise<CallLog | undefined> {
    return (await this.findCall(userId, id))?.call;
  }

  /** One of the user's calls with what only the server wrote, for services that act on it. */
  async findCall(userId: string, id: string): Promise<StoredCall | undefined> {
    const row = await this.db.selectFrom('call_logs').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    return row ? { call: toCallLog(row, this.cipher), bridgeCallSid: row.bridge_call_sid } : undefined;
  }

  /**
   * Records the SignalWire call the bridge route placed for this user's row, and shows it as the row's
   * `providerCallId`. Write-once: a row keeps the first call placed for it. The only writer of
   * `bridge_call_sid`; nothing a client sends reaches it (ADR 50).
   */
  async recordBridgeCallSid(userId: string, id: string, sid: string): Promise<void> {
    await this.db
      .updateTable('call_logs')
      .set({ bridge_call_sid: sid, provider_call_id: sid, updated_at: sql<Date>`now()` })
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .where('bridge_call_sid', 'is', null)
      .execute();
  }

  async findOpenCallId(userId: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('call_logs').select('id').where('user_id', '=', userId).where('status', 'in', OPEN_STATUSES).executeTakeFirst();
    return row?.id;
  }

  private async findIdBySession(userId: string, clientSessionId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('call_logs')
      .select('id')
      .where('user_id', '=', userId)
      .where('client_session_id', '=', clientSessionId)
      .executeTakeFirst();
    return row?.id;
  }

  /**
   * Locks the row, lets `decide` rule on the current state, and stores its changes in the same
   * transaction, so two concurrent patches cannot both pass the transition check. `closed` tells the one
   * write that finished the call from every other, so the call is counted once.
   */
  async update(userId: string, id: string, decide: (current: CallLog) => PatchDecision): Promise<UpdateResult | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('call_logs').selectAll().where('user_id', '=', userId).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) return undefined;
      const current = toCallLog(row, this.cipher);
      const decision = decide(current);
      if (decision.kind === 'unchanged') return { call: current, closed: false };
      const updated = await trx
        .updateTable('call_logs')
        .set(this.toColumns(decision.changes, contextOf(row)))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return { call: toCallLog(updated, this.cipher), closed: isOpenStatus(current.status) && isTerminalStatus(decision.changes.status) };
    });
  }

  /** One page of a user's calls, newest first; keyset paging by cursor, or offset paging (with a total). */
  async history(userId: string, query: HistoryQuery): Promise<HistoryPage> {
    const limit = query.limit ?? HISTORY_DEFAULT_LIMIT;
    const rows = await this.historyPageQuery(userId, query, limit).execute();
    const items = rows
      .slice(0, limit)
      .map((row) => ({ ...toCallLog(row, this.cipher), disposition: row.wrap_up_disposition, hasNotes: row.wrap_up_has_notes === true }));
    const last = items[items.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor({ startedAt: new Date(last.startedAt), id: last.id }) : null;
    // Counting a long history costs more than the page itself: only offset paging, which shows page
    // numbers, asks for it.
    if (query.offset === undefined) return { items, nextCursor };
    const counted = await this.filtered(userId, query)
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .executeTakeFirstOrThrow();
    return { items, nextCursor, total: Number(counted.total) };
  }

  /** Key rotation and first-time encryption of call metadata, in batches (see `resealInBatches`). */
  resealMetadata(batchSize = 500): Promise<ResealReport> {
    return resealInBatches(
      this.db,
      this.cipher,
      {
        select: (trx, after, limit) =>
          trx
            .selectFrom('call_logs')
            .select(['id', 'user_id', 'client_session_id', 'metadata'])
            .where('metadata', 'is not', null)
            .where('id', '>', after)
            .orderBy('id')
            .limit(limit)
            .forUpdate()
            .execute(),
        key: (row) => row.id,
        stored: (row) => row.metadata,
        context: (row) => contextOf(row),
        write: async (trx, row, sealed) => {
          await trx
            .updateTable('call_logs')
            .set({ metadata: JSON.stringify(sealed) })
            .where('id', '=', row.id)
            .execute();
        }
      },
      batchSize
    );
  }

  /**
   * The plan Postgres picks for a history page, so tests can prove the indexes serve it; with `analyze`, the
   * plan as run, with its timings and buffers (bench:api's plans mode, issue 22).
   */
  async explainHistory(userId: string, query: HistoryQuery, options: { analyze?: boolean } = {}): Promise<string> {
    const compiled = this.historyPageQuery(userId, query, query.limit ?? HISTORY_DEFAULT_LIMIT).compile();
    const result = await sql<
      Record<string, string>
    >`explain ${sql.raw(options.analyze ? '(analyze, buffers) ' : '')}${sql.raw(compiled.sql.replace(/\$(\d+)/g, (_, n: string) => literal(compiled.parameters[Number(n) - 1])))}`.execute(
      this.db
    );
    return result.rows.map((row) => Object.values(row)[0]).join('\n');
  }

  private historyPageQuery(userId: string, query: HistoryQuery, limit: number) {
    let builder = this.filtered(userId, query)
      .selectAll('call_logs')
      .select((eb) => ['call_wrap_ups.disposition as wrap_up_disposition', eb('call_wrap_ups.notes', 'is not', null).as('wrap_up_has_notes')]);
    if (query.cursor !== undefined) {
      const after = decodeCursor(query.cursor);
      builder = builder.where((eb) => eb(eb.refTuple('call_logs.started_at', 'call_logs.id'), '<', eb.tuple(after.startedAt, after.id)));
    }
    builder = builder
      .orderBy('call_logs.started_at', 'desc')
      .orderBy('call_logs.id', 'desc')
      .limit(limit + 1);
    if (query.offset !== undefined) builder = builder.offset(query.offset);
    return builder;
  }

  /** One user's calls with their wrap-ups (a call has at most one), filtered as the query asks. */
  private filtered(userId: string, query: HistoryQuery) {
    let builder = this.db.selectFrom('call_logs').leftJoin('call_wrap_ups', 'call_wrap_ups.call_id', 'call_logs.id').where('call_logs.user_id', '=', userId);
    if (query.status) builder = builder.where('call_logs.status', '=', query.status);
    if (query.contactId) builder = builder.where('call_logs.contact_id', '=', query.contactId);
    if (query.number) builder = builder.where('call_logs.number', '=', query.number);
    if (query.disposition) builder = builder.where('call_wrap_ups.disposition', '=', query.disposition);
    if (query.from) builder = builder.where('call_logs.started_at', '>=', new Date(query.from));
    if (query.to) builder = builder.where('call_logs.started_at', '<=', new Date(query.to));
    return builder;
  }

  /** A patch's columns. Typed so that it cannot name a server-only column (ADR 50). */
  private toColumns(changes: CallChanges, context: MetadataContext): Omit<UpdateObject<Database, 'call_logs'>, Exclude<ServerOnlyColumn, 'updated_at'>> {
    return {
      status: changes.status,
      answered_at: changes.answeredAt,
      ended_at: changes.endedAt,
      duration_ms: changes.durationMs,
      end_reason: changes.endReason,
      error_code: changes.errorCode,
      error_message: changes.errorMessage,
      provider_call_id: changes.providerCallId,
      contact_id: changes.contactId,
      metadata: changes.metadata ? JSON.stringify(this.cipher.seal(changes.metadata, context)) : null,
      updated_at: sql<Date>`now()`
    };
  }
}

/** Inlines a parameter for EXPLAIN only (EXPLAIN cannot take bind parameters without PREPARE). */
function literal(value: unknown): string {
  if (value instanceof Date) return `'${value.toISOString()}'::timestamptz`;
  if (typeof value === 'number') return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}
