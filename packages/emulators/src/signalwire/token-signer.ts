import { randomBytes, randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';

/**
 * Subscriber access tokens (SAT). The SDK decodes only the JWT header: `typ: 'SAT'` selects the Call
 * Fabric session, and a `ch` header would override the relay host the page passed in, so the emulator's
 * tokens never carry one. The payload is for the emulator itself; each process signs with its own
 * random HS256 secret, so tokens from an earlier run are refused like forged ones.
 */
export interface SubscriberClaims {
  /** Subscriber id (stable per reference). */
  sub: string;
  jti: string;
  /** The caller's own reference for the subscriber (the API passes its user id). */
  ref: string;
  /** Project id the token belongs to. */
  pid: string;
  exp: number;
  iat: number;
  /** Guest tokens only: the Fabric address ids the token may dial (`allowed_addresses`). Absent: a subscriber. */
  aa?: string[] | undefined;
}

export type VerifyResult = { ok: true; claims: SubscriberClaims } | { ok: false; reason: 'expired' | 'invalid' };

const ISSUER = 'signalwire-emulator';
const ACCESS_AUDIENCE = 'relay';
const REFRESH_AUDIENCE = 'refresh';

export class TokenSigner {
  private readonly secret = randomBytes(32);

  async signAccess(claims: Omit<SubscriberClaims, 'jti' | 'iat'>): Promise<{ token: string; jti: string }> {
    const jti = randomUUID();
    const token = await new SignJWT({ ref: claims.ref, pid: claims.pid, ...(claims.aa ? { aa: claims.aa } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'SAT' })
      .setSubject(claims.sub)
      .setJti(jti)
      .setIssuer(ISSUER)
      .setAudience(ACCESS_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(claims.exp)
      .sign(this.secret);
    return { token, jti };
  }

  /** Refresh tokens are JWTs too, with their own audience so one can never be used as the other. */
  async signRefresh(claims: Omit<SubscriberClaims, 'jti' | 'iat'>): Promise<string> {
    return new SignJWT({ ref: claims.ref, pid: claims.pid, ...(claims.aa ? { aa: claims.aa } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.sub)
      .setJti(randomUUID())
      .setIssuer(ISSUER)
      .setAudience(REFRESH_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(claims.exp)
      .sign(this.secret);
  }

  verifyAccess(token: string): Promise<VerifyResult> {
    return this.verify(token, ACCESS_AUDIENCE);
  }

  verifyRefresh(token: string): Promise<VerifyResult> {
    return this.verify(token, REFRESH_AUDIENCE);
  }

  private async verify(token: string, audience: string): Promise<VerifyResult> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { issuer: ISSUER, audience, algorithms: ['HS256'] });
      const { sub, jti, exp, iat, ref, pid, aa } = payload;
      if (typeof sub !== 'string' || typeof jti !== 'string' || typeof exp !== 'number' || typeof ref !== 'string' || typeof pid !== 'string') {
        return { ok: false, reason: 'invalid' };
      }
      if (aa !== undefined && !(Array.isArray(aa) && aa.every((id) => typeof id === 'string'))) return { ok: false, reason: 'invalid' };
      return { ok: true, claims: { sub, jti, exp, iat: iat ?? 0, ref, pid, ...(aa ? { aa: aa as string[] } : {}) } };
    } catch (error) {
      return { ok: false, reason: error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
