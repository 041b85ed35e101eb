import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireBasicAuth, type ProjectCredentials } from './basic-auth.js';
import type { FabricResources } from './fabric-resources.js';
import type { TokenSigner } from './token-signer.js';

/** SignalWire's default subscriber token lifetime. */
const DEFAULT_LIFETIME_S = 2 * 60 * 60;
/** Refresh tokens outlive the access token they came with, so a client can renew after expiry. */
const REFRESH_EXTRA_S = 60 * 60;

// SignalWire accepts more subscriber fields (names, time zone...); they are allowed and ignored here.
const tokenBodySchema = z.looseObject({
  reference: z.string().min(1).max(255),
  expire_at: z.number().int().positive().optional()
});

const refreshBodySchema = z.looseObject({ refresh_token: z.string().min(1) });

/** `POST /api/fabric/guests/tokens`: up to 10 address UUIDs, optional unix `expire_at`. */
const guestBodySchema = z.looseObject({
  allowed_addresses: z.array(z.uuid()).min(1).max(10),
  expire_at: z.number().int().positive().optional()
});

/** Fabric API error body: `{errors: [{type, code, message, attribute}]}`. */
function fabricErrors(code: string, message: string, attribute: string | null = null) {
  return { errors: [{ type: code === 'unauthorized' ? 'authentication_error' : 'validation_error', code, message, attribute }] };
}

/** The same reference always maps to the same subscriber, as it does in a SignalWire space. */
function subscriberIdFor(projectId: string, reference: string): string {
  const hex = createHash('sha256').update(`${projectId}\u0000${reference}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function registerTokenRoutes(app: FastifyInstance, credentials: ProjectCredentials, signer: TokenSigner, resources: FabricResources): void {
  const auth = requireBasicAuth(credentials, () => fabricErrors('unauthorized', 'Unauthorized'));
  // A refresh token is good once: the answer carries its successor.
  const usedRefreshTokens = new Set<string>();

  async function issue(reference: string, exp: number, allowedAddresses?: string[]) {
    const sub = subscriberIdFor(credentials.projectId, reference);
    const claims = { sub, ref: reference, pid: credentials.projectId, ...(allowedAddresses ? { aa: allowedAddresses } : {}) };
    const { token } = await signer.signAccess({ ...claims, exp });
    const refreshToken = await signer.signRefresh({ ...claims, exp: exp + REFRESH_EXTRA_S });
    return { subscriber_id: sub, token, refresh_token: refreshToken };
  }

  app.post('/api/fabric/subscribers/tokens', { preHandler: auth }, async (request, reply) => {
    const parsed = tokenBodySchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const attribute = issue?.path.join('.') || 'reference';
      return reply.code(422).send(fabricErrors('invalid_parameter', `${attribute}: ${issue?.message ?? 'is invalid'}`, attribute));
    }
    const now = Math.floor(Date.now() / 1000);
    const exp = parsed.data.expire_at ?? now + DEFAULT_LIFETIME_S;
    if (exp <= now) return reply.code(422).send(fabricErrors('invalid_parameter', 'expire_at: must be in the future', 'expire_at'));
    return reply.code(200).send(await issue(parsed.data.reference, exp));
  });

  app.post('/api/fabric/subscribers/tokens/refresh', { preHandler: auth }, async (request, reply) => {
    const parsed = refreshBodySchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(422).send(fabricErrors('invalid_parameter', 'refresh_token: is required', 'refresh_token'));
    const verified = await signer.verifyRefresh(parsed.data.refresh_token);
    if (!verified.ok || verified.claims.pid !== credentials.projectId || usedRefreshTokens.has(verified.claims.jti)) {
      return reply
        .code(401)
        .send(fabricErrors('invalid_refresh_token', verified.ok ? 'refresh_token: already used' : `refresh_token: ${verified.reason}`, 'refresh_token'));
    }
    usedRefreshTokens.add(verified.claims.jti);
    // A guest's refresh keeps its addresses: refreshing never widens what a token reaches.
    const { token, refresh_token } = await issue(verified.claims.ref, Math.floor(Date.now() / 1000) + DEFAULT_LIFETIME_S, verified.claims.aa);
    return { token, refresh_token };
  });

  /**
   * Guest tokens reach only their `allowed_addresses` (checked at dial time by the relay). The docs do not
   * say whether two guest tokens for the same addresses are the same guest; the emulator makes them one
   * (the reference is the sorted address list), so a widget can `updateToken` with a fresh one.
   */
  app.post('/api/fabric/guests/tokens', { preHandler: auth }, async (request, reply) => {
    const parsed = guestBodySchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const attribute = String(issue?.path[0] ?? 'allowed_addresses');
      return reply.code(422).send(fabricErrors('invalid_parameter', `${attribute}: ${issue?.message ?? 'is invalid'}`, attribute));
    }
    if (!parsed.data.allowed_addresses.every((id) => resources.hasAddressId(id))) {
      return reply.code(422).send(fabricErrors('must_belong_to_project', 'The addresses must belong to the project', 'allowed_addresses'));
    }
    const now = Math.floor(Date.now() / 1000);
    const exp = parsed.data.expire_at ?? now + DEFAULT_LIFETIME_S;
    if (exp <= now) return reply.code(422).send(fabricErrors('invalid_parameter', 'expire_at: must be in the future', 'expire_at'));
    const addresses = [...parsed.data.allowed_addresses].sort();
    const { token, refresh_token } = await issue(`guest:${addresses.join(',')}`, exp, addresses);
    return reply.code(201).send({ token, refresh_token });
  });
}
