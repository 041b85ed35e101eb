import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callIdParamsSchema, callLogSchema, createCallBodySchema, createCallResponseSchema, patchCallBodySchema } from '@sw-dialer/shared-types';

/** The call log as the browser writes it. Orchestration is in services/calls.service.ts. */
const callsRoutes: FastifyPluginAsyncZod = async (app) => {
  const calls = app.services.calls;

  app.post(
    '/calls',
    {
      config: { action: 'calls.create' },
      schema: { body: createCallBodySchema, response: { 200: createCallResponseSchema, 201: createCallResponseSchema } }
    },
    async (request, reply) => {
      const { id, created } = await calls.create(request.user.sub, request.body);
      // 201 for a new row, 200 when this clientSessionId was already logged (a retry).
      return reply.status(created ? 201 : 200).send({ id });
    }
  );

  // Nothing but 204: a widget on another origin asks it ahead of its first call with the create's headers,
  // so that the browser's CORS preflight for this URL is paid then, not on the call's path (docs/adr/0139).
  app.head('/calls', { config: { action: 'calls.warm' }, schema: { hide: true } }, async (_request, reply) => reply.status(204).send());

  app.get('/calls/:id', { config: { action: 'calls.get' }, schema: { params: callIdParamsSchema, response: { 200: callLogSchema } } }, async (request) =>
    calls.get(request.user.sub, request.params.id, request.log)
  );

  app.patch(
    '/calls/:id',
    {
      config: { action: 'calls.update' },
      schema: { params: callIdParamsSchema, body: patchCallBodySchema, response: { 200: callLogSchema } }
    },
    async (request) => calls.patch(request.user.sub, request.params.id, request.body)
  );
};

export default callsRoutes;
