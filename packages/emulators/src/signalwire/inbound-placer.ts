import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isE164 } from './e164.js';
import { InboundCall } from './inbound-call.js';
import type { RelayContext } from './relay-session.js';

/** `POST /__emulator/calls/inbound`. `to` is the subscriber: the token's `reference` (the API's user id) or its subscriber id. */
export const inboundCallBodySchema = z.strictObject({
  from: z.string().refine(isE164, 'must be an E.164 number such as +12025550100'),
  to: z.string().min(1).max(255),
  /** How long the caller lets it ring before giving up (missed). Default: the emulator's ring timeout. */
  answerWithin: z.number().int().min(100).max(600_000).optional(),
  /** Once answered, the caller hangs up after this long; omitted: the subscriber hangs up. */
  hangupAfterMs: z.number().int().min(0).max(3_600_000).optional()
});
export type InboundCallBody = z.infer<typeof inboundCallBodySchema>;

/** The far end calls an online subscriber; null when none of its devices is online. */
export async function placeInboundCall(ctx: RelayContext, ringTimeoutMs: number, body: InboundCallBody): Promise<{ callId: string; devices: number } | null> {
  const devices = [...ctx.online].filter((session) => session.isOnlineAs(body.to));
  if (devices.length === 0) return null;
  const callId = randomUUID();
  const record = ctx.registry.create({ callId, channel: 'webrtc', direction: 'inbound', to: body.to, from: body.from, state: 'trying' });
  const call = new InboundCall({
    callId,
    nodeId: ctx.nodeId,
    from: body.from,
    to: body.to,
    answerWithinMs: body.answerWithin ?? ringTimeoutMs,
    hangupAfterMs: body.hangupAfterMs ?? null,
    record,
    logger: ctx.logger
  });
  for (const device of devices) device.attachInbound(call);
  await call.ring(devices);
  return { callId, devices: devices.length };
}
