import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { historyQuerySchema, historyResponseSchema } from '@sw-dialer/shared-types';

const historyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/history',
    { config: { action: 'history.list' }, schema: { querystring: historyQuerySchema, response: { 200: historyResponseSchema } } },
    async (request) => app.services.history.list(request.user.sub, request.query)
  );
};

export default historyRoutes;
