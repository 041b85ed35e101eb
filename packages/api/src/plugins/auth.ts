import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { userClaimsSchema, type UserClaims } from '@sw-dialer/shared-types';
import type { AppConfig } from '../config.js';
import { AppError } from '../errors/app-error.js';
import { VerifiedTokenCache } from '../security/verified-token-cache.js';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: UserClaims;
    user: UserClaims;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook for routes that need a signed-in user. */
    authenticate: (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => void;
  }
}

/** Tolerated clock difference between the host application that signs tokens and this API. */
const CLOCK_TOLERANCE_MS = 30_000;

const BEARER = /^Bearer +([^\s]+)$/i;

/** The token of an `Authorization: Bearer <token>` header; undefined for any other header or none. */
function bearerToken(header: string | undefined): string | undefined {
  return header ? BEARER.exec(header)?.[1] : undefined;
}

async function authPlugin(app: FastifyInstance, config: Pick<AppConfig, 'auth'>) {
  const { jwt } = config.auth;
  // The algorithm is pinned: a token signed any other way (including `none`) is refused. Verified
  // tokens are remembered by VerifiedTokenCache (bounded, never past their `exp`).
  const algorithm: 'HS256' | 'RS256' | 'ES256' = jwt.kind === 'secret' ? 'HS256' : jwt.algorithm;
  // Issuer and audience, when configured, are required claims: a token without them is refused like a wrong one.
  const { issuers, audiences } = config.auth;
  const verify = {
    algorithms: [algorithm],
    clockTolerance: CLOCK_TOLERANCE_MS,
    requiredClaims: ['sub', 'exp', ...(issuers ? ['iss'] : []), ...(audiences ? ['aud'] : [])],
    ...(issuers ? { allowedIss: issuers } : {}),
    ...(audiences ? { allowedAud: audiences } : {})
  };
  if (jwt.kind === 'secret') {
    // Demo tokens (dev-login) carry the first configured issuer and audience, so they pass the same check.
    const sign = { algorithm: 'HS256' as const, ...(issuers ? { iss: issuers[0] } : {}), ...(audiences ? { aud: audiences[0] } : {}) };
    await app.register(fastifyJwt, { secret: jwt.secret, sign, verify });
  } else {
    // Verify-only: this API never signs tokens with the host's key.
    await app.register(fastifyJwt, { secret: { public: jwt.publicKeyPem, private: '' }, verify });
  }

  const verified = new VerifiedTokenCache(CLOCK_TOLERANCE_MS);

  // A callback, not an async function: verification is synchronous, and a remembered token is a lookup,
  // so a promise per request would be most of the hook's cost (issue 22).
  app.decorate('authenticate', (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    const token = bearerToken(request.headers.authorization);
    if (!token) return done(new AppError('UNAUTHORIZED', 'A valid bearer token is required'));
    const known = verified.get(token);
    if (known) {
      request.user = known;
      return done();
    }
    let payload: { exp: number };
    try {
      // The verifier alone: request.jwtVerify() would decode the token once more before verifying it.
      payload = app.jwt.verify(token);
    } catch {
      return done(new AppError('UNAUTHORIZED', 'A valid bearer token is required'));
    }
    const claims = userClaimsSchema.safeParse(payload);
    if (!claims.success) return done(new AppError('UNAUTHORIZED', 'The token has no usable subject (sub)'));
    verified.set(token, claims.data, payload.exp);
    request.user = claims.data;
    done();
  });
}

export default fp(authPlugin, { name: 'auth', fastify: '5.x' });
