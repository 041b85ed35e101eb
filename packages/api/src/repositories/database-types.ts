import type { ColumnType, Generated } from 'kysely';

// Row types: snake_case, as the tables are. They never leave the repositories.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in on insert. */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface CallLogsTable {
  id: Generated<string>;
  user_id: string;
  direction: string;
  number: string;
  contact_id: string | null;
  status: string;
  started_at: Timestamp;
  answered_at: Timestamp | null;
  ended_at: Timestamp | null;
  duration_ms: number | null;
  end_reason: string | null;
  error_code: string | null;
  error_message: string | null;
  client_session_id: string;
  provider_call_id: string | null;
  metadata: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  /** The SignalWire call the bridge route placed for this row: server-written only, never from a request (ADR 50). */
  bridge_call_sid: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface PresenceStatusTable {
  number: string;
  available: boolean;
  status: string;
  last_seen_at: Timestamp | null;
  updated_at: GeneratedTimestamp;
}

/** What the agent wrote after a call, apart from the call's facts (one row per call; ADR 70). */
export interface CallWrapUpsTable {
  call_id: string;
  disposition: string;
  /** `{text}`, or that object sealed with CALL_METADATA_KEY; null when there are no notes. */
  notes: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface Database {
  call_logs: CallLogsTable;
  call_wrap_ups: CallWrapUpsTable;
  presence_status: PresenceStatusTable;
}
