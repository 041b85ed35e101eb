import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  isOpenStatus,
  isTerminalStatus,
  callIdParamsSchema,
  callLogSchema,
  createCallBodySchema,
  createCallResponseSchema,
  patchCallBodySchema
} from '@sw-dialer/shared-types';
import { applyCallPatch } from '../../../domain/apply-call-patch.js';
import { resolveCallTimes } from '../../../domain/call-times.js';
import { AppError } from '../../../errors/app-error.js';
import { refreshBridgeCall } from './refresh-bridge-call.js';

const callsRoutes: FastifyPluginAsyncZod = async (app) => {
  const repository = app.repositories.callLogs;

  app.post(
    '/calls',
    {
      config: { action: 'calls.create' },
      schema: { body: createCallBodySchema, response: { 200: createCallResponseSchema, 201: createCallResponseSchema } }
    },
    async (request, reply) => {
      const body = request.body;
      const times = resolveCallTimes({
        status: body.status,
        startedAt: new Date(body.startedAt),
        answeredAt: body.answeredAt ? new Date(body.answeredAt) : null,
        endedAt: body.endedAt ? new Date(body.endedAt) : null,
        durationMs: body.durationMs
      });
      const result = await repository.create(request.user.sub, body, times);
      if (result.kind === 'open-call-conflict') {
        throw new AppError('CONFLICT', `another call is still open (${result.openCallId}); end it before starting a new one`, {
          openCallId: result.openCallId
        });
      }
      if (result.kind === 'created' && isTerminalStatus(body.status)) {
        app.metrics.recordFinishedCall({ status: body.status, endReason: body.endReason ?? null, durationMs: times.durationMs });
      }
      // 201 for a new row, 200 when this clientSessionId was already logged (a retry).
      return reply.status(result.kind === 'created' ? 201 : 200).send({ id: result.id });
    }
  );

  app.get(
    '/calls/:id',
    { config: { action: 'calls.get' }, schema: { params: callIdParamsSchema, response: { 200: callLogSchema } } },
    async (request) => {
      const call = await repository.findById(request.user.sub, request.params.id);
      if (!call) throw AppError.callNotFound(request.params.id);
      return refreshBridgeCall(app, request.user.sub, call, request.log);
    }
  );

  app.patch(
    '/calls/:id',
    {
      config: { action: 'calls.update' },
      schema: { params: callIdParamsSchema, body: patchCallBodySchema, response: { 200: callLogSchema } }
    },
    async (request) => {
      const now = new Date();
      let wasOpen = false;
      const updated = await repository.update(request.user.sub, request.params.id, (current) => {
        wasOpen = isOpenStatus(current.status);
        return applyCallPatch(current, request.body, now);
      });
      if (!updated) throw AppError.callNotFound(request.params.id);
      if (wasOpen && isTerminalStatus(updated.status)) app.metrics.recordFinishedCall(updated);
      return updated;
    }
  );
};

export default callsRoutes;
