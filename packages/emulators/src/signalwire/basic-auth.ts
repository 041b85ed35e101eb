import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Project id + API token, as SignalWire's REST API takes them (HTTP Basic). */
export interface ProjectCredentials {
  projectId: string;
  apiToken: string;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function basicAuthMatches(header: string | undefined, credentials: ProjectCredentials): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice('Basic '.length).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Compare both halves even when the first differs, so timing does not tell which one was wrong.
  const userOk = sameText(decoded.slice(0, colon), credentials.projectId);
  const passOk = sameText(decoded.slice(colon + 1), credentials.apiToken);
  return userOk && passOk;
}

/**
 * A Fastify preHandler that answers 401 with a WWW-Authenticate challenge, the body shaped by the
 * caller (the Fabric API and the Compatibility API word their errors differently).
 */
export function requireBasicAuth(credentials: ProjectCredentials, body: () => unknown) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (basicAuthMatches(request.headers.authorization, credentials)) return;
    return reply.code(401).header('www-authenticate', 'Basic realm="SignalWire"').send(body());
  };
}
