import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DIAL_POLICY_SECRET_HEADER, dialPolicyRequestSchema, dialPolicyResponseSchema } from '@sw-dialer/shared-types';
import { AppError } from '../../../errors/app-error.js';
import { secretMatches } from '../../../security/dial-ticket.js';

/**
 * `POST /api/telephony/signalwire/dial-policy`: SignalWire's SWML script asks whether to connect an
 * address-mode call (ADR 0065). Authenticated by the operator's shared secret in a header, never by the
 * user's JWT (the script has none); a missing or wrong secret is a 401. Decisions are in the service.
 */
const dialPolicyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/signalwire/dial-policy',
    {
      // One request per call placed, all from SignalWire's few addresses: a per-address budget far above
      // the per-user one.
      config: { action: 'signalwire.dial-policy', rateLimit: { max: 1200, timeWindow: 60_000 } },
      schema: { body: dialPolicyRequestSchema, response: { 200: dialPolicyResponseSchema } }
    },
    async (request) => {
      const secret = app.signalwire?.config.policySecret;
      const presented = request.headers[DIAL_POLICY_SECRET_HEADER];
      if (!secret || !secretMatches(secret, typeof presented === 'string' ? presented : undefined)) {
        throw new AppError('UNAUTHORIZED', `A valid ${DIAL_POLICY_SECRET_HEADER} header is required`);
      }
      return app.services.dialPolicy.decide(request.body, request.log);
    }
  );
};

export default dialPolicyRoutes;
