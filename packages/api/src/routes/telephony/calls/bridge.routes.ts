import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bridgeCallBodySchema, callIdParamsSchema, callLogSchema, createCallResponseSchema, hangupCallBodySchema } from '@sw-dialer/shared-types';

/**
 * The REST fallback (ADR 24): calls placed and ended through the agent's own phone. Orchestration, and the
 * rule that SignalWire is only ever asked about calls this server placed (ADR 50), are in calls.service.ts.
 */
/** Bridge calls ring a real phone from the company's caller ID: counted on their own, per user (ADR 0065). */
export const DEFAULT_BRIDGE_RATE_LIMIT_MAX = 6;

const bridgeRoutes: FastifyPluginAsyncZod<{ bridgeRateLimitMax?: number | undefined }> = async (app, options) => {
  const calls = app.services.calls;

  app.post(
    '/calls/bridge',
    {
      config: { action: 'calls.bridge', rateLimit: { max: options.bridgeRateLimitMax ?? DEFAULT_BRIDGE_RATE_LIMIT_MAX, timeWindow: 60_000 } },
      schema: { body: bridgeCallBodySchema, response: { 200: createCallResponseSchema, 201: createCallResponseSchema } }
    },
    async (request, reply) => {
      const { id, created } = await calls.bridge(request.user.sub, request.body, request.user.phone_number);
      // 201 when the call was placed now, 200 when this clientSessionId was already logged (a retry).
      return reply.status(created ? 201 : 200).send({ id });
    }
  );

  app.post(
    '/calls/:id/hangup',
    {
      config: { action: 'calls.hangup', rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: { params: callIdParamsSchema, body: hangupCallBodySchema, response: { 200: callLogSchema } }
    },
    async (request) => calls.hangup(request.user.sub, request.params.id, request.log)
  );
};

export default bridgeRoutes;
