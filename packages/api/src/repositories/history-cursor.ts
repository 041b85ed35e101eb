import { AppError } from '../errors/app-error.js';

/** The position after the last row of a page: history is ordered by (started_at desc, id desc). */
export interface HistoryPosition {
  startedAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Exactly what `encodeCursor` writes (`toISOString()` of a stored time, a four-digit year): anything the
// Date parser merely tolerates ("1", "x 1", year -271821) could reach Postgres outside its range, a 500.
const POSITION_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Opaque to clients: base64url of a small JSON array, so the format can change without breaking them. */
export function encodeCursor(position: HistoryPosition): string {
  return Buffer.from(JSON.stringify([position.startedAt.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): HistoryPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      UUID.test(value[1]) &&
      POSITION_TIME.test(value[0])
    ) {
      const startedAt = new Date(value[0]);
      // The round trip refuses calendar nonsense the pattern lets through (2026-02-30, 24:00).
      // Year 0000 fits the pattern but not PostgreSQL, which has no year 0.
      if (!Number.isNaN(startedAt.getTime()) && startedAt.toISOString() === value[0] && startedAt.getUTCFullYear() >= 1) return { startedAt, id: value[1] };
    }
  } catch {
    // fall through to the one error below
  }
  throw AppError.invalidField('query.cursor', 'is not a cursor returned by this API');
}
