import { LRUCache } from 'lru-cache';
import type { UserClaims } from '@sw-dialer/shared-types';

interface Entry {
  claims: UserClaims;
  /** When the token stops being acceptable: its `exp` plus the clock tolerance, in epoch milliseconds. */
  notAfterMs: number;
}

/**
 * Tokens that passed verification, with their checked claims. A widget sends the same bearer token with
 * every request for hours, and verifying it again (HMAC or signature, then decoding, then the claims
 * schema) was a fifth of the create-call route's work. Keyed by the token itself: two different tokens
 * can never share an entry. An entry is used only until the token's own expiry (with the same clock
 * tolerance verification allows); only successes are kept, so a refused token is checked afresh each time.
 */
export class VerifiedTokenCache {
  private readonly entries: LRUCache<string, Entry>;

  constructor(
    private readonly clockToleranceMs: number,
    max = 10_000
  ) {
    this.entries = new LRUCache({ max });
  }

  get(token: string, nowMs = Date.now()): UserClaims | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (nowMs <= entry.notAfterMs) return entry.claims;
    this.entries.delete(token);
    return undefined;
  }

  /** `exp` in seconds, as in the token (required by verification). */
  set(token: string, claims: UserClaims, exp: number): void {
    this.entries.set(token, { claims, notAfterMs: exp * 1000 + this.clockToleranceMs });
  }
}
