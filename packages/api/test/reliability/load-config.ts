import type { AppConfig } from '../../src/app.js';
import { signJwt } from '../helpers/sign-jwt.js';

export const LOAD_JWT_SECRET = 'load-test-secret-that-is-at-least-32-characters';

/**
 * The API as production runs it (auth, validation, rate limits, HTTPS required, info-level logs), on the
 * given stores, behind a TLS-terminating proxy on loopback: the load sends `X-Forwarded-Proto: https`
 * (LOAD_FORWARDED_HEADERS) as that proxy would.
 */
export function loadApiConfig(databaseUrl: string, options: { redisUrl?: string | undefined; rateLimitMax: number; rateLimitWindowMs: number }): AppConfig {
  return {
    env: 'production',
    database: { kind: 'postgres', url: databaseUrl },
    migrate: true,
    redisUrl: options.redisUrl,
    auth: { jwt: { kind: 'secret', secret: LOAD_JWT_SECRET }, devLogin: false },
    rateLimit: { max: options.rateLimitMax, timeWindowMs: options.rateLimitWindowMs },
    corsOrigins: [],
    trustProxy: ['127.0.0.1'],
    alerts: { policy: { failureRate: 0.2, minCalls: 20, windowMs: 300_000, tokenFailures: 5 } },
    logLevel: 'info'
  };
}

/** A token for one simulated agent, valid for the whole run. */
export function signAgentToken(userId: string, lifetimeS = 3600): string {
  return signJwt({ sub: userId, exp: Math.floor(Date.now() / 1000) + lifetimeS }, { alg: 'HS256', secret: LOAD_JWT_SECRET });
}

/** What the TLS-terminating proxy in front of a production API adds to every request. */
export const LOAD_FORWARDED_HEADERS = { 'x-forwarded-proto': 'https' };
