import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors/app-error.js';

/**
 * Refuses requests that reached the service over plain HTTP. The API does not terminate TLS itself; it sits
 * behind a proxy (a load balancer, Vercel, nginx) and learns the original scheme from `X-Forwarded-Proto`,
 * which Fastify believes only from the proxies `TRUST_PROXY` names. Refusing rather than redirecting: a
 * redirect would come after the bearer token had already crossed the network in the clear, and API clients
 * do not follow redirects of a POST anyway.
 *
 * `/metrics` stays reachable: Prometheus scrapes instances directly on the private network, and the
 * endpoint carries no user data (restrict it at the network; docs/ops-runbook.md). So do the probes
 * `/livez` and `/readyz`: balancers call instances directly over plain HTTP, and they answer no user data.
 */
const PLAIN_HTTP_ALLOWED = new Set(['/metrics', '/livez', '/readyz']);

async function httpsOnlyPlugin(app: FastifyInstance) {
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.protocol === 'https' || PLAIN_HTTP_ALLOWED.has(request.url.split('?')[0] as string)) return done();
    done(new AppError('FORBIDDEN', 'HTTPS is required: this server refuses plain HTTP. Use the https:// address.', { field: 'protocol' }));
  });
}

export default fp(httpsOnlyPlugin, { name: 'https-only', fastify: '5.x' });
