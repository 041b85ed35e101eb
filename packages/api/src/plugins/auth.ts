import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { userClaimsSchema, type UserClaims } from '@sw-dialer/shared-types';
import type { AppConfig } from '../config.js';
import { AppError } from '../errors/app-error.js';

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: UserClaims;
    user: UserClaims;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook for routes that need a signed-in user. */
    authenticate: (request: FastifyRequest) => Promise<void>;
  }
}

/** Tolerated clock difference between the host application that signs tokens and this API. */
const CLOCK_TOLERANCE_MS = 30_000;

async function authPlugin(app: FastifyInstance, config: Pick<AppConfig, 'auth'>) {
  const { jwt } = config.auth;
  // The algorithm is pinned: a token signed any other way (including `none`) is refused. Verified
  // tokens are cached (bounded LRU, never past their `exp`), since a widget sends the same one for hours.
  const algorithm: 'HS256' | 'RS256' | 'ES256' = jwt.kind === 'secret' ? 'HS256' : jwt.algorithm;
  const verify = { algorithms: [algorithm], clockTolerance: CLOCK_TOLERANCE_MS, requiredClaims: ['sub', 'exp'], cache: true };
  if (jwt.kind === 'secret') {
    await app.register(fastifyJwt, { secret: jwt.secret, sign: { algorithm: 'HS256' }, verify });
  } else {
    // Verify-only: this API never signs tokens with the host's key.
    await app.register(fastifyJwt, { secret: { public: jwt.publicKeyPem, private: '' }, verify });
  }

  app.decorate('authenticate', async (request: FastifyRequest) => {
    let payload: unknown;
    try {
      payload = await request.jwtVerify();
    } catch {
      throw new AppError('UNAUTHORIZED', 'A valid bearer token is required');
    }
    const claims = userClaimsSchema.safeParse(payload);
    if (!claims.success) throw new AppError('UNAUTHORIZED', 'The token has no usable subject (sub)');
    request.user = claims.data;
  });
}

export default fp(authPlugin, { name: 'auth', fastify: '5.x' });
