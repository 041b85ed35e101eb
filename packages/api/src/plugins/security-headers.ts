import type { ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';
import fp from 'fastify-plugin';
import type { AppConfig } from '../config.js';

/**
 * The headers helmet sets for this configuration. They do not depend on the request (no CSP nonces: the API
 * serves JSON, never HTML), so helmet runs once at start-up against a recording response and each request
 * only copies the result. (@fastify/helmet rebuilds helmet's middleware on every request: measurable on the
 * create-call path, see bench/RESULTS.md.)
 */
function helmetHeaders(env: AppConfig['env']): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const recorder = {
    setHeader: (name: string, value: string) => void headers.push([name.toLowerCase(), String(value)]),
    removeHeader: () => undefined
  } as unknown as ServerResponse;
  // The headers OWASP's REST Security Cheat Sheet lists for an API, and nothing meant for HTML documents
  // (DNS prefetching, IE downloads, Flash policies, the legacy XSS filter, opener and agent-cluster
  // isolation, referrers): a JSON API renders nothing, and each extra header is parsed by every client.
  helmet({
    // Only these two directives: helmet's defaults would allow scripts, styles, fonts and images that a
    // JSON API never serves. The /docs page (outside production) sends its own policy (openapi.ts).
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    hsts: env === 'production' ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    // Kept: no other site may embed an answer as a script or image (CORS requests are not affected).
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    referrerPolicy: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false
  })({} as never, recorder, () => undefined);
  // Call logs, contacts and tokens are personal: no browser or proxy cache may keep a copy.
  headers.push(['cache-control', 'no-store']);
  return headers;
}

/** How long a browser may reuse a preflight answer: the largest value Chromium honours (ADR 75). */
export const CORS_PREFLIGHT_MAX_AGE_S = 7200;

/**
 * Browser-facing protections: the security headers of helmet (a JSON API serves no HTML, so the
 * content security policy is the strictest one), and CORS limited to the configured origins. The widget
 * sends its bearer token in a header, not a cookie, so credentials mode is not needed.
 *
 * Set on the reply, not on the raw response: a response with no header set on it directly is written by
 * Node in one pass over Fastify's headers, whereas one raw header sends every other header through
 * `setHeader` again (measurable on the create-call path, issue 22). A route that writes its own head (the
 * presence stream) copies them from `reply.getHeaders()`.
 */
async function securityHeadersPlugin(app: FastifyInstance, config: Pick<AppConfig, 'corsOrigins' | 'env'>) {
  const headers = Object.fromEntries(helmetHeaders(config.env));
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  // No allowed origins: no CORS handling at all (same-origin use), rather than a hook that always says no.
  if (config.corsOrigins.length === 0) return;
  await app.register(cors, {
    origin: config.corsOrigins,
    // PUT: a call's wrap-up (ADR 70), which the widget writes from the host's page like the call log.
    methods: ['GET', 'POST', 'PATCH', 'PUT'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    // Every widget request carries Authorization, so each new URL costs a preflight; a preflight answer
    // is cached per URL for this long. 7200 s is Chromium's cap (preflight_result.cc, kMaxTimeout = 2 h),
    // which Firefox (cap 86400 s) honours in full and WebKit clamps to its 600 s (ADR 75).
    maxAge: CORS_PREFLIGHT_MAX_AGE_S
  });
}

export default fp(securityHeadersPlugin, { name: 'security-headers', fastify: '5.x' });
