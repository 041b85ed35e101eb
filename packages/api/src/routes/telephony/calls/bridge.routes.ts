import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bridgeCallBodySchema, createCallResponseSchema } from '@sw-dialer/shared-types';
import { applyCallPatch } from '../../../domain/apply-call-patch.js';
import { AppError } from '../../../errors/app-error.js';
import { UpstreamError } from '../../../providers/upstream-error.js';

/** How long the agent's phone rings before SignalWire gives up. */
const AGENT_RING_TIMEOUT_S = 30;

/** Escapes text for an XML attribute or element (the numbers are E.164 already; this is belt and braces). */
const xml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The REST fallback for browsers without WebRTC or a microphone: SignalWire rings the agent's own phone
 * and, once it is answered, dials the customer. The call log row is written first (idempotent on
 * clientSessionId), so a retry never places a second call.
 */
const bridgeRoutes: FastifyPluginAsyncZod = async (app) => {
  const repository = app.repositories.callLogs;

  app.post(
    '/calls/bridge',
    {
      config: { action: 'calls.bridge', rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: { body: bridgeCallBodySchema, response: { 200: createCallResponseSchema, 201: createCallResponseSchema } }
    },
    async (request, reply) => {
      const signalwire = app.signalwire;
      if (!signalwire?.config.fromNumber) {
        throw new AppError('UPSTREAM_UNAVAILABLE', 'Calling through your phone is not configured on this server (SIGNALWIRE_FROM_NUMBER)');
      }
      const { number, agentNumber, contactId, clientSessionId } = request.body;
      const userId = request.user.sub;
      const created = await repository.create(
        userId,
        {
          clientSessionId,
          direction: 'outbound',
          number,
          status: 'dialing',
          startedAt: new Date().toISOString(),
          ...(contactId ? { contactId } : {}),
          metadata: { transport: 'bridge' }
        },
        { answeredAt: null, endedAt: null, durationMs: null }
      );
      if (created.kind === 'open-call-conflict') {
        throw new AppError('CONFLICT', `another call is still open (${created.openCallId}); end it before starting a new one`, { openCallId: created.openCallId });
      }
      if (created.kind === 'existing') return reply.status(200).send({ id: created.id });
      try {
        const call = await signalwire.client.createCall({
          to: agentNumber,
          from: signalwire.config.fromNumber,
          twiml: `<?xml version="1.0" encoding="UTF-8"?><Response><Dial callerId="${xml(signalwire.config.fromNumber)}">${xml(number)}</Dial></Response>`,
          timeoutS: AGENT_RING_TIMEOUT_S
        });
        await repository.update(userId, created.id, (current) => applyCallPatch(current, { providerCallId: call.sid }, new Date()));
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        // Not retried: a timeout may have placed the call, and ringing the agent twice is worse than once.
        const failed = await repository.update(userId, created.id, (current) =>
          applyCallPatch(current, { status: 'failed', endReason: 'error', errorCode: 'UPSTREAM_UNAVAILABLE', errorMessage: 'SignalWire did not place the call' }, new Date())
        );
        if (failed) app.metrics.recordFinishedCall(failed);
        request.log.warn({ action: 'calls.bridge', outcome: error.kind, err: error }, 'bridge call not placed');
        throw new AppError('UPSTREAM_UNAVAILABLE', 'SignalWire could not place the call; try again shortly', { callId: created.id, upstream: error.kind });
      }
      return reply.status(201).send({ id: created.id });
    }
  );
};

export default bridgeRoutes;
