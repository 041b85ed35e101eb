import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '@sw-dialer/shared-types';
import type { AppConfig } from '../config.js';

/**
 * The API reference, generated from the same zod schemas that validate requests: `GET /docs/json` is
 * the OpenAPI document, `GET /docs` a browsable page. Outside production only: the reference is for
 * integrators, and a production API need not advertise its surface.
 */
async function openapiPlugin(app: FastifyInstance, config: Pick<AppConfig, 'env'>) {
  if (config.env === 'production') return;
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'sw-dialer API',
        version: '0.1.0',
        description:
          'Call log, SignalWire tokens, click-to-call fallback, contacts and presence. Every /api/telephony route needs a bearer JWT ' +
          'from the host application. Errors share one shape (components.schemas.Error). Each route is limited per user ' +
          '(RATE_LIMIT_MAX per minute, 429 with Retry-After).'
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
        schemas: { Error: z.toJSONSchema(errorBodySchema) as Record<string, unknown> }
      },
      security: [{ bearer: [] }]
    },
    transform: jsonSchemaTransform
  });
  // The page's own content security policy (hashes of its inline code) replaces the API's `default-src 'none'`.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}

export default fp(openapiPlugin, { name: 'openapi', fastify: '5.x' });
