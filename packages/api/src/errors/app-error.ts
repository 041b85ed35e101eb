import type { ErrorCode, FieldIssue } from '@sw-dialer/shared-types';

const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 503,
  INTERNAL: 500
};

/** An error the API means to answer with: its code, message and details reach the client as they are. */
export class AppError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    statusCode?: number
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = statusCode ?? STATUS[code];
  }

  /** A call that is missing, or another user's: answered alike, so that ids cannot be probed. */
  static callNotFound(id: string): AppError {
    return new AppError('NOT_FOUND', `call ${id} was not found`);
  }

  /**
   * A second open call refused (one open call per user, enforced by the database). Names the open call, so a
   * widget can tell its own abandoned call from one live in another tab (DESIGN.md, ADR 12).
   */
  static openCallConflict(openCallId: string): AppError {
    return new AppError('CONFLICT', `another call is still open (${openCallId}); end it before starting a new one`, { openCallId });
  }

  /** A 400 naming the field, e.g. `invalidField('body.durationMs', 'must equal ...')`. */
  static invalidField(field: string, message: string): AppError {
    const issues: FieldIssue[] = [{ field, message }];
    return new AppError('VALIDATION_FAILED', `${field}: ${message}`, { issues });
  }
}
