import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bridgeCallBodySchema, callIdParamsSchema, callLogSchema, createCallResponseSchema, hangupCallBodySchema, isOpenStatus, isTerminalStatus } from '@sw-dialer/shared-types';
import { applyCallPatch } from '../../../domain/apply-call-patch.js';
import { AppError } from '../../../errors/app-error.js';
import { NOT_CONFIGURED } from '../../../providers/signalwire/not-configured.js';
import { UpstreamError } from '../../../providers/upstream-error.js';
import { refreshBridgeCall } from './refresh-bridge-call.js';

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
        throw new AppError('UPSTREAM_UNAVAILABLE', 'Calling through your phone is not configured on this server (SIGNALWIRE_FROM_NUMBER)', NOT_CONFIGURED);
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
        throw new AppError('UPSTREAM_UNAVAILABLE', 'SignalWire could not place the call; try again shortly', { callId: created.id, upstream: 'signalwire', reason: error.kind });
      }
      return reply.status(201).send({ id: created.id });
    }
  );

  /**
   * Ends a call placed through the agent's phone from the widget (the browser holds no media to hang up).
   * Before the agent answered it is canceled; after, it ends as the agent's own hang-up. The row is closed
   * only once SignalWire accepted: if SignalWire cannot be reached the call may still be up, so it stays open.
   */
  app.post(
    '/calls/:id/hangup',
    {
      config: { action: 'calls.hangup', rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: { params: callIdParamsSchema, body: hangupCallBodySchema, response: { 200: callLogSchema } }
    },
    async (request) => {
      const userId = request.user.sub;
      const stored = await repository.findById(userId, request.params.id);
      if (!stored) throw AppError.callNotFound(request.params.id);
      if (stored.metadata?.transport !== 'bridge' || !stored.providerCallId) {
        throw new AppError('CONFLICT', 'only a call placed through your phone is ended here; the browser ends its own calls', { callId: stored.id });
      }
      // The latest status first: the call may have ended on the phone a moment ago.
      const call = await refreshBridgeCall(app, userId, stored, request.log);
      if (!isOpenStatus(call.status) || !app.signalwire) {
        throw new AppError('CONFLICT', `the call has already ${call.status === 'failed' ? 'failed' : 'ended'}`, { callId: call.id, status: call.status });
      }
      const answered = call.status === 'connected';
      try {
        await app.signalwire.client.endCall(call.providerCallId as string, answered ? 'completed' : 'canceled');
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        request.log.warn({ action: 'calls.hangup', outcome: error.kind, err: error }, 'bridge call not ended');
        throw new AppError('UPSTREAM_UNAVAILABLE', 'SignalWire could not end the call; hang up on your phone', { callId: call.id, upstream: 'signalwire', reason: error.kind });
      }
      let closedHere = false;
      const now = new Date();
      const ended = await repository.update(userId, call.id, (current) => {
        // A poll may have recorded the end in the meantime: then that record stands.
        if (!isOpenStatus(current.status)) return { kind: 'unchanged' };
        closedHere = true;
        return applyCallPatch(current, { status: 'ended', endReason: current.status === 'connected' ? 'local-hangup' : 'canceled', endedAt: now.toISOString() }, now);
      });
      if (!ended) throw AppError.callNotFound(call.id);
      if (closedHere && isTerminalStatus(ended.status)) app.metrics.recordFinishedCall(ended);
      return ended;
    }
  );
};

export default bridgeRoutes;
