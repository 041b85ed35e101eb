import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppConfig } from '../config.js';

/**
 * Browser-facing protections: the security headers of helmet (a JSON API serves no HTML, so the
 * content security policy is the strictest one), and CORS limited to the configured origins. The widget
 * sends its bearer token in a header, not a cookie, so credentials mode is not needed.
 */
async function securityHeadersPlugin(app: FastifyInstance, config: Pick<AppConfig, 'corsOrigins' | 'env'>) {
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    hsts: config.env === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false
  });
  // No allowed origins: no CORS handling at all (same-origin use), rather than a hook that always says no.
  if (config.corsOrigins.length === 0) return;
  await app.register(cors, {
    origin: config.corsOrigins,
    methods: ['GET', 'POST', 'PATCH'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600
  });
}

export default fp(securityHeadersPlugin, { name: 'security-headers', fastify: '5.x' });
