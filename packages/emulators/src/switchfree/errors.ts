import type { FastifyReply } from 'fastify';
import type { z } from 'zod';

/** SwitchFree's error body: `{error: {code, message}}` with snake_case codes. */
export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ error: { code, message } });
}

export function sendValidationError(reply: FastifyReply, error: z.ZodError): FastifyReply {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return sendError(reply, 400, 'invalid_request', `${where}${issue?.message ?? 'invalid request'}`);
}
