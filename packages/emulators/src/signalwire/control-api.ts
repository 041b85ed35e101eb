import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CallRegistry } from './call-registry.js';
import { inboundCallBodySchema, type InboundCallBody } from './inbound-placer.js';
import type { SpaceSettings } from './relay-session.js';
import { e164ParamSchema, scenarioBodySchema, type ScenarioTable } from './scenarios.js';

/** Places an inbound call; null when the subscriber has no online device. */
export type PlaceInboundCall = (body: InboundCallBody) => Promise<{ callId: string; devices: number } | null>;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * `/__emulator/*`: what tests and demos use to steer the far end and read what it received.
 * No authentication, so it answers only to loopback clients even if the port is exposed.
 */
const spaceBodySchema = z.strictObject({ subscriberPstn: z.enum(['allowed', 'refused']) });

export function registerControlRoutes(
  app: FastifyInstance,
  scenarios: ScenarioTable,
  registry: CallRegistry,
  space: SpaceSettings,
  placeInbound: PlaceInboundCall
): void {
  app.register(
    async (control) => {
      control.addHook('onRequest', async (request, reply) => {
        if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) {
          return reply.code(403).send({ error: 'the control API answers only on loopback' });
        }
      });

      control.get('/calls', async () =>
        registry.list().map((call) => ({
          callId: call.callId,
          channel: call.channel,
          direction: call.direction,
          to: call.to,
          from: call.from,
          address: call.address,
          swml: call.swml,
          state: call.state,
          cause: call.cause,
          causeCode: call.causeCode,
          dtmf: call.dtmf,
          rtpPacketsReceived: call.rtpPacketsReceived,
          rtpJitterMs: call.rtpJitterMs,
          rtpPacketsLost: call.rtpPacketsLost,
          holds: call.holds,
          mutes: call.mutes,
          held: call.held,
          muted: call.muted,
          hangupBy: call.hangupBy,
          createdAt: call.createdAt,
          answeredAt: call.answeredAt,
          endedAt: call.endedAt
        }))
      );

      // The far end calls a subscriber that went online (the SDK's `client.online()`).
      control.post('/calls/inbound', async (request, reply) => {
        const body = inboundCallBodySchema.safeParse(request.body ?? {});
        if (!body.success) {
          const issue = body.error.issues[0];
          return reply.code(400).send({ error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` });
        }
        const placed = await placeInbound(body.data);
        if (!placed) return reply.code(409).send({ error: `to: no device of subscriber ${body.data.to} is online` });
        return reply.code(201).send(placed);
      });

      control.delete('/calls', async (_request, reply) => {
        registry.clear();
        return reply.code(204).send();
      });

      control.get('/scenarios', async () => scenarios.list());

      control.put('/scenarios/:e164', async (request, reply) => {
        const params = e164ParamSchema.safeParse(request.params);
        if (!params.success) return reply.code(400).send({ error: `e164: ${params.error.issues[0]?.message ?? 'invalid'}` });
        const body = scenarioBodySchema.safeParse(request.body ?? {});
        if (!body.success) {
          const issue = body.error.issues[0];
          return reply.code(400).send({ error: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}` });
        }
        return { e164: params.data.e164, ...scenarios.override(params.data.e164, body.data) };
      });

      control.get('/space', async () => space);

      control.put('/space', async (request, reply) => {
        const body = spaceBodySchema.safeParse(request.body ?? {});
        if (!body.success) return reply.code(400).send({ error: `subscriberPstn: must be allowed or refused` });
        Object.assign(space, body.data);
        return space;
      });

      control.delete('/scenarios', async (_request, reply) => {
        scenarios.reset();
        return reply.code(204).send();
      });
    },
    { prefix: '/__emulator' }
  );
}
