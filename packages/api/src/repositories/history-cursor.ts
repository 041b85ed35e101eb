import { AppError } from '../errors/app-error.js';

/** The position after the last row of a page: history is ordered by (started_at desc, id desc). */
export interface HistoryPosition {
  startedAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: base64url of a small JSON array, so the format can change without breaking them. */
export function encodeCursor(position: HistoryPosition): string {
  return Buffer.from(JSON.stringify([position.startedAt.toISOString(), position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): HistoryPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && UUID.test(value[1])) {
      const startedAt = new Date(value[0]);
      if (!Number.isNaN(startedAt.getTime())) return { startedAt, id: value[1] };
    }
  } catch {
    // fall through to the one error below
  }
  throw AppError.invalidField('query.cursor', 'is not a cursor returned by this API');
}
