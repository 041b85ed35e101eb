import { DatabaseUnreachableError } from './pool-errors.js';

/**
 * Whether an error means "the database cannot be reached right now" (stopped, restarting, unreachable, out of
 * connections) rather than a fault of the request or of our code. Such errors answer 503
 * UPSTREAM_UNAVAILABLE, which the widget's outbox treats as "keep the write and try again later".
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// SQLSTATE: class 08 is "connection exception"; 57P01-57P03 a server shutting down, crashed or starting;
// 53300 too many connections.
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[123]|53300)$/;

// pg reports a dead or stalled link with plain Errors and these messages (pg and pg-pool sources). pg-pool's
// "timeout exceeded when trying to connect" is not one of them: it ends a wait for a busy pool, which the
// serving pool answers as an overload unless connecting failed meanwhile (serving-pool.ts).
const LINK_MESSAGES = /^(Connection terminated|Client has encountered a connection error|Query read timeout)/;

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof DatabaseUnreachableError) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code))) return true;
  return LINK_MESSAGES.test(error.message);
}
