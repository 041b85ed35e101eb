import { DatabaseUnreachableError } from '../db/pool-errors.js';
import { UpstreamError } from '../providers/upstream-error.js';

/**
 * What a health answer says about a failed probe: the kind of failure, never the driver's text, which names
 * internal hosts and ports (`connect ECONNREFUSED 10.0.3.7:5432`). The full error goes to the logs.
 */
const NETWORK_KINDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  CERT_HAS_EXPIRED: 'TLS certificate problem',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate problem',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate problem'
};

function sqlStateKind(code: string): string | undefined {
  if (code.startsWith('28')) return 'authentication failed';
  if (code === '3D000') return 'database does not exist';
  if (code === '53300') return 'too many connections';
  if (/^57P0[123]$/.test(code)) return 'server shutting down or starting';
  if (code === '57014') return 'statement timed out';
  if (code.startsWith('08')) return 'connection failed';
  return undefined;
}

/** Errors whose messages this API wrote itself, from fixed text and numbers: safe to show as they are. */
export class ProbeFailure extends Error {}

export function failureKind(error: unknown): string {
  if (error instanceof ProbeFailure || error instanceof UpstreamError) return error.message;
  // The kind may sit on the error or on any cause below it (DatabaseUnreachableError wraps the driver's).
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      const kind = NETWORK_KINDS[code] ?? sqlStateKind(code);
      if (kind) return kind;
    }
    if (/^timeout expired|did not accept a connection within/.test(current.message)) return 'connection timed out';
    if (/^Connection terminated|^Client has encountered a connection error/.test(current.message)) return 'connection lost';
    if (current.message === 'Query read timeout') return 'no answer to a query in time';
  }
  if (error instanceof DatabaseUnreachableError) return 'connection failed';
  return 'failed (the logs have the error)';
}
