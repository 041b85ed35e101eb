import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import { HTTP_TIMEOUT_DEFAULTS, type AppConfig } from './config.js';
import { clientErrorHandler, frameworkErrors, MAX_PARAM_LENGTH } from './errors/framework-refusals.js';
import { createLogger } from './logging/create-logger.js';
import authPlugin from './plugins/auth.js';
import dbPlugin from './plugins/db.js';
import errorsPlugin from './plugins/errors.js';
import httpsOnlyPlugin from './plugins/https-only.js';
import rateLimitPlugin from './plugins/rate-limit.js';
import alertsPlugin from './plugins/alerts.js';
import metricsPlugin from './plugins/metrics.js';
import openapiPlugin from './plugins/openapi.js';
import probesPlugin from './plugins/probes.js';
import requestLoggingPlugin from './plugins/request-logging.js';
import securityHeadersPlugin from './plugins/security-headers.js';
import servicesPlugin from './plugins/services.js';
import signalwirePlugin from './plugins/signalwire.js';
import switchfreePlugin from './plugins/switchfree.js';
import devLoginRoutes from './routes/auth/dev-login.routes.js';
import telephonyRoutes from './routes/telephony/index.js';
import dialPolicyPlugin from './plugins/dial-policy.js';
import dialPolicyRoutes from './routes/telephony/dial-policy/dial-policy.routes.js';
import { trustProxyOption } from './security/trusted-proxy.js';
import { responseSerializerCompiler } from './response-serializer.js';

export type { AppConfig } from './config.js';

export interface BuildOptions {
  /** Where log lines go (tests capture them); stdout by default. */
  logDestination?: DestinationStream;
  /** How often an idle presence stream sends a heartbeat comment (tests shorten it). */
  presenceHeartbeatMs?: number;
}

/** Bodies are small JSON documents; anything larger is refused before parsing. */
export const BODY_LIMIT_BYTES = 16 * 1024;

const SAFE_REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Builds the API from configuration data. Never listens and never reads the environment. */
export async function buildApp(config: AppConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const loggerInstance: FastifyBaseLogger = createLogger(config.logLevel, options.logDestination);
  const timeouts = config.http ?? HTTP_TIMEOUT_DEFAULTS;
  const app = Fastify({
    loggerInstance,
    // Fastify's own per-request lines are off: request-logging.ts writes one richer line instead.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    // A caller's request id is kept only if it is harmless in a log line; otherwise we make our own.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: BODY_LIMIT_BYTES,
    // Refusals made before routing answer in the error shape too (errors/framework-refusals.ts).
    maxParamLength: MAX_PARAM_LENGTH,
    frameworkErrors,
    clientErrorHandler,
    // Creating the embedded database and migrating it takes seconds, more on a busy machine.
    pluginTimeout: 120_000,
    trustProxy: trustProxyOption(config.trustProxy),
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    http: { headersTimeout: timeouts.headersTimeoutMs }
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);

  await app.register(errorsPlugin);
  await app.register(requestLoggingPlugin);
  await app.register(securityHeadersPlugin, { corsOrigins: config.corsOrigins, env: config.env });
  if (config.requireHttps ?? config.env === 'production') await app.register(httpsOnlyPlugin);
  await app.register(alertsPlugin, { alerts: config.alerts });
  await app.register(metricsPlugin, { servedOnApiPort: config.metricsPort === undefined });
  await app.register(dbPlugin, { database: config.database, migrate: config.migrate, metadataKeys: config.metadataKeys });
  await app.register(authPlugin, { auth: config.auth });
  await app.register(rateLimitPlugin, { rateLimit: config.rateLimit, redisUrl: config.redisUrl });
  await app.register(signalwirePlugin, { signalwire: config.signalwire });
  await app.register(switchfreePlugin, { switchfree: config.switchfree, redisUrl: config.redisUrl });
  await app.register(dialPolicyPlugin, { dialPolicy: config.dialPolicy });
  await app.register(servicesPlugin, { wrapUp: config.wrapUp });
  await app.register(probesPlugin);

  // Before the routes: the document is built from the routes registered after it.
  await app.register(openapiPlugin, { env: config.env });
  if (config.auth.devLogin) await app.register(devLoginRoutes, { prefix: '/api/auth' });
  // Asked by SignalWire's script with the operator's shared secret, not by a signed-in user: outside the
  // telephony routes' JWT hook (ADR 0065).
  await app.register(dialPolicyRoutes, { prefix: '/api/telephony' });
  await app.register(telephonyRoutes, {
    prefix: '/api/telephony',
    bridgeRateLimitMax: config.bridgeRateLimitMax,
    ...(options.presenceHeartbeatMs ? { presenceHeartbeatMs: options.presenceHeartbeatMs } : {})
  });

  return app;
}
