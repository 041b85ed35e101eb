import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A dial ticket: the API's signed statement "user U, presenting caller ID C, may dial until T", handed to the
 * widget with an address-mode token and passed back by SignalWire's script to the dial-policy endpoint
 * (ADR 0065). User variables are written by the browser, so without it the endpoint could not tell which
 * user dials, and anyone holding a token could claim to be someone else. HMAC-SHA256 under a key derived
 * from the operator's policy secret; `v1.<payload>.<mac>`, base64url.
 */
export interface DialTicketClaims {
  /** The host application's user id (`sub`). */
  userId: string;
  /** The user's own caller ID from the host JWT, when it carries one. */
  callerId?: string | undefined;
  /** Unix seconds. */
  exp: number;
}

const VERSION = 'v1';

function keyFrom(secret: string): Buffer {
  // A key of its own, so the secret itself never signs anything a browser can see.
  return createHmac('sha256', secret).update('sw-dialer dial ticket v1').digest();
}

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', keyFrom(secret)).update(`${VERSION}.${payload}`).digest();
}

export function signDialTicket(secret: string, claims: DialTicketClaims): string {
  const payload = Buffer.from(JSON.stringify({ u: claims.userId, c: claims.callerId, e: claims.exp })).toString('base64url');
  return `${VERSION}.${payload}.${mac(secret, payload).toString('base64url')}`;
}

export type DialTicketCheck = { ok: true; claims: DialTicketClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export function verifyDialTicket(secret: string, ticket: string, nowS = Math.floor(Date.now() / 1000)): DialTicketCheck {
  const [version, payload, signature, extra] = ticket.split('.');
  if (version !== VERSION || !payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { u, c, e } = (decoded ?? {}) as { u?: unknown; c?: unknown; e?: unknown };
  if (typeof u !== 'string' || typeof e !== 'number' || (c !== undefined && typeof c !== 'string')) return { ok: false, reason: 'malformed' };
  if (e <= nowS) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { userId: u, callerId: c, exp: e } };
}

/** Compares the shared secret a request presents, in constant time. */
export function secretMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = createHmac('sha256', 'compare').update(expected).digest();
  const b = createHmac('sha256', 'compare').update(presented).digest();
  return timingSafeEqual(a, b);
}
