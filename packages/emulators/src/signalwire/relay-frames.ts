import { z } from 'zod';

/**
 * JSON-RPC 2.0 frames of the relay WebSocket (SIGNALWIRE-PROTOCOL.md). Objects are loose because the
 * SDK adds fields between versions; only what the emulator reads is required.
 */
const idSchema = z.union([z.string(), z.number()]);

export const requestSchema = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: idSchema,
  method: z.string().min(1),
  params: z.looseObject({}).optional()
});
export type RpcRequest = z.infer<typeof requestSchema>;

/** A client's answer to something the server sent (an event ack or a ping reply). */
export const responseSchema = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: idSchema,
  result: z.unknown().optional(),
  error: z.unknown().optional()
});

export const connectParamsSchema = z.looseObject({
  version: z.looseObject({ major: z.number() }).optional(),
  event_acks: z.boolean().optional(),
  agent: z.string().optional(),
  protocol: z.string().optional(),
  authorization_state: z.string().optional(),
  authentication: z.looseObject({ jwt_token: z.string().min(1) })
});

export const reauthenticateParamsSchema = z.looseObject({
  authentication: z.looseObject({ jwt_token: z.string().min(1), project: z.string().optional() })
});

/** A Verto message inside `webrtc.verto`: a request (`method`) or the SDK's ack of one of ours. */
export const vertoMessageSchema = z.looseObject({
  jsonrpc: z.literal('2.0'),
  id: idSchema,
  method: z.string().optional(),
  params: z.looseObject({}).optional(),
  result: z.unknown().optional(),
  error: z.unknown().optional()
});

export const webrtcVertoParamsSchema = z.looseObject({
  message: vertoMessageSchema,
  callID: z.string().optional(),
  node_id: z.string().optional(),
  subscribe: z.array(z.string()).optional()
});

export const dialogParamsSchema = z.looseObject({
  callID: z.string().min(1).optional(),
  destination_number: z.string().optional(),
  caller_id_number: z.string().optional()
});

export const inviteParamsSchema = z.looseObject({
  sdp: z.string().min(1),
  dialogParams: dialogParamsSchema
});

export const infoParamsSchema = z.looseObject({ dtmf: z.string().min(1).max(64) });

export const modifyParamsSchema = z.looseObject({ action: z.string().min(1) });

const memberRefSchema = z.looseObject({ call_id: z.string().min(1), member_id: z.string().optional() });
export const muteParamsSchema = z.looseObject({
  channels: z.array(z.enum(['audio', 'video'])).optional(),
  self: memberRefSchema.optional(),
  target: memberRefSchema
});

/** Error codes: JSON-RPC's standard ones, and -32002 which SignalWire uses for refused authentication. */
export const RPC_ERRORS = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  notAuthenticated: -32001,
  authenticationFailed: -32002
} as const;

export function rpcResult(id: string | number | null, result: unknown) {
  return { jsonrpc: '2.0' as const, id, result };
}

export function rpcError(id: string | number | null, code: number, message: string) {
  return { jsonrpc: '2.0' as const, id, error: { code, message } };
}

/** The relay's answer to a `webrtc.verto` request wraps the Verto reply, as seen in the wire log. */
export function vertoReply(rpcId: string | number, nodeId: string, vertoId: string | number, result: object) {
  return rpcResult(rpcId, { code: '200', node_id: nodeId, result: { jsonrpc: '2.0', id: vertoId, result } });
}

export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.join('.') || '(root)'}: ${issue.message}`;
}
