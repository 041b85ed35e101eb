import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dialTokenResponseSchema, isE164, tokenRequestSchema, type DialInstructions } from '@sw-dialer/shared-types';
import { AppError } from '../../../errors/app-error.js';
import { SignalWireFailure } from '../../../errors/signalwire-failure.js';
import { NOT_CONFIGURED } from '../../../providers/signalwire/not-configured.js';
import { withRetry } from '../../../providers/signalwire/retry.js';
import { signDialTicket } from '../../../security/dial-ticket.js';
import { UpstreamError, type UpstreamErrorKind } from '../../../providers/upstream-error.js';

const TOKEN_FAILURE_REASONS: Record<UpstreamErrorKind, string> = {
  unauthorized: 'SignalWire refused this server’s credentials',
  timeout: 'SignalWire did not answer in time',
  network: 'SignalWire cannot be reached',
  unavailable: 'SignalWire is unavailable',
  rejected: 'SignalWire rejected the request',
  'invalid-response': 'SignalWire answered in an unexpected way'
};

/** A short-lived SignalWire subscriber token for the signed-in user; the widget refreshes it before expiry. */
const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/signalwire/token',
    {
      // Tokens are cheap to ask for and costly upstream: a widget needs one per quarter hour.
      config: { action: 'token.issue', rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: { body: tokenRequestSchema, response: { 200: dialTokenResponseSchema } }
    },
    async (request) => {
      // Not a passing failure: retrying cannot help until an operator sets SIGNALWIRE_* (the reason says so).
      if (!app.signalwire) throw new AppError('UPSTREAM_UNAVAILABLE', 'SignalWire is not configured on this server', NOT_CONFIGURED);
      const { client, config, dialAddress } = app.signalwire;
      const addressMode = config.dialMode === 'address' && dialAddress !== null && config.dialAddress !== undefined && config.policySecret !== undefined;
      // Address mode: a guest token that reaches one address, short-lived because the widget refreshes it
      // at 80 % of its life once under five minutes (call-machine.ts); ADR 0065.
      const ttlS = addressMode ? Math.min(config.guestTokenTtlS ?? 300, config.tokenTtlS) : config.tokenTtlS;
      const expiresAt = new Date(Date.now() + ttlS * 1000);
      const started = performance.now();
      try {
        let token: string;
        let dial: DialInstructions = { mode: 'direct' };
        if (addressMode) {
          const addressId = await withRetry(() => dialAddress.get());
          token = await withRetry(() => client.createGuestToken([addressId], expiresAt));
          const callerId = request.user.caller_id && isE164(request.user.caller_id) ? request.user.caller_id : undefined;
          const ticket = signDialTicket(config.policySecret as string, { userId: request.user.sub, callerId, exp: Math.floor(expiresAt.getTime() / 1000) });
          dial = { mode: 'address', address: config.dialAddress as string, ticket };
        } else {
          // Asking twice only mints a second token, so transient failures are retried.
          token = await withRetry(() => client.createSubscriberToken(request.user.sub, expiresAt));
        }
        app.alerts.recordTokenIssuance(true);
        app.metrics.recordTokenIssuance('ok', (performance.now() - started) / 1000);
        return {
          token,
          expiresAt: expiresAt.toISOString(),
          ...(config.relayHost ? { relayHost: config.relayHost } : {}),
          dial,
          policy: app.dialPolicy
        };
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        app.alerts.recordTokenIssuance(false);
        app.metrics.recordTokenIssuance(error.kind, (performance.now() - started) / 1000);
        throw new SignalWireFailure('token.issue', error, `Cannot issue a calling token: ${TOKEN_FAILURE_REASONS[error.kind]}. Try again shortly.`);
      }
    }
  );
};

export default tokenRoutes;
