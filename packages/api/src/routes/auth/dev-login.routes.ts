import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { devLoginBodySchema, devLoginResponseSchema } from '@sw-dialer/shared-types';

const DEMO_TOKEN_LIFETIME_S = 8 * 60 * 60;

/** Demo only (AUTH_DEV_LOGIN=true, never in production): signs a token for any user id. */
const devLoginRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/dev-login',
    {
      config: { action: 'auth.dev-login', rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: { body: devLoginBodySchema, response: { 200: devLoginResponseSchema } }
    },
    async (request) => {
      const { userId, name, email, phoneNumber, callerId } = request.body;
      const expiresAt = new Date(Date.now() + DEMO_TOKEN_LIFETIME_S * 1000);
      const claims = {
        ...(name ? { name } : {}),
        ...(email ? { email } : {}),
        ...(phoneNumber ? { phone_number: phoneNumber } : {}),
        ...(callerId ? { caller_id: callerId } : {})
      };
      const token = app.jwt.sign({ sub: userId, ...claims }, { expiresIn: DEMO_TOKEN_LIFETIME_S });
      return { token, expiresAt: expiresAt.toISOString() };
    }
  );
};

export default devLoginRoutes;
