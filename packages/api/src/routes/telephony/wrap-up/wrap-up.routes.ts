import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callIdParamsSchema, putWrapUpBodySchema, wrapUpSchema } from '@sw-dialer/shared-types';

/** A call's wrap-up (disposition and notes). Rules are in services/wrap-ups.service.ts. */
const wrapUpRoutes: FastifyPluginAsyncZod = async (app) => {
  const wrapUps = app.services.wrapUps;

  app.put(
    '/calls/:id/wrap-up',
    {
      config: { action: 'calls.wrap-up.put' },
      schema: { params: callIdParamsSchema, body: putWrapUpBodySchema, response: { 200: wrapUpSchema, 201: wrapUpSchema } }
    },
    async (request, reply) => {
      const { wrapUp, created } = await wrapUps.put(request.user.sub, request.params.id, request.body);
      return reply.status(created ? 201 : 200).send(wrapUp);
    }
  );

  app.get(
    '/calls/:id/wrap-up',
    { config: { action: 'calls.wrap-up.get' }, schema: { params: callIdParamsSchema, response: { 200: wrapUpSchema } } },
    async (request) => wrapUps.get(request.user.sub, request.params.id)
  );
};

export default wrapUpRoutes;
