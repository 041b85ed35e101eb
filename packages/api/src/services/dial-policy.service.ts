import { randomUUID } from 'node:crypto';
import { isE164, maskPhone, type DialPolicyRequest, type DialPolicyResponse } from '@sw-dialer/shared-types';
import type { FastifyBaseLogger } from 'fastify';
import { verifyDialTicket } from '../security/dial-ticket.js';
import type { CallsService } from './calls.service.js';

export interface DialPolicyServiceDeps {
  calls: CallsService;
  /** The operator's shared secret (SIGNALWIRE_POLICY_SECRET); unset: every request is refused upstream. */
  policySecret: string | undefined;
  /** The company caller ID, used when the user's sign-in carries none (SIGNALWIRE_FROM_NUMBER). */
  fromNumber: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What SignalWire's script asks before it connects an address-mode call (ADR 0065): who dials (from the
 * dial ticket the API signed, never from what the browser claims), whether the number passes the
 * destination policy, and which caller ID to present. A refusal is an answer, not an error, because the
 * script can only branch on what it receives; it is recorded in the user's call log when the user is known.
 */
export class DialPolicyService {
  constructor(private readonly deps: DialPolicyServiceDeps) {}

  async decide(body: DialPolicyRequest, log: FastifyBaseLogger): Promise<DialPolicyResponse> {
    const secret = this.deps.policySecret;
    const ticket = secret ? verifyDialTicket(secret, body.ticket) : ({ ok: false, reason: 'malformed' } as const);
    if (!ticket.ok) {
      log.warn({ action: 'dial-policy', outcome: `ticket-${ticket.reason}` }, 'dial refused: no valid dial ticket');
      return { decision: 'refuse', rule: 'DIAL_TICKET', message: `The call carries no valid dial ticket (${ticket.reason}); sign in again` };
    }
    const { userId, callerId } = ticket.claims;
    if (!isE164(body.to)) {
      // Not a number (an address, a SIP URI, nothing): there is no number to log the call under.
      log.warn({ action: 'dial-policy', outcome: 'invalid-number', userId }, 'dial refused: not an E.164 number');
      return { decision: 'refuse', rule: 'INVALID_NUMBER', message: 'The destination is not a phone number in E.164 form' };
    }
    const decision = this.deps.calls.checkDestination(body.to);
    if (!decision.allowed) {
      const clientSessionId = body.clientSessionId && UUID.test(body.clientSessionId) ? body.clientSessionId.toLowerCase() : randomUUID();
      const callId = await this.deps.calls.recordPolicyRefusal(userId, { clientSessionId, number: body.to, message: decision.message });
      log.info(
        { action: 'dial-policy', outcome: 'refused', rule: decision.rule, userId, callId, number: maskPhone(body.to) },
        'dial refused by the destination policy'
      );
      return { decision: 'refuse', rule: decision.rule, message: decision.message };
    }
    const from = callerId ?? this.deps.fromNumber;
    if (!from) {
      log.error({ action: 'dial-policy', outcome: 'no-caller-id' }, 'dial refused: no caller ID (set SIGNALWIRE_FROM_NUMBER or a caller_id claim)');
      return { decision: 'refuse', rule: 'CALLER_ID', message: 'No caller ID is configured for this user (SIGNALWIRE_FROM_NUMBER)' };
    }
    log.info({ action: 'dial-policy', outcome: 'allowed', userId, number: maskPhone(body.to) }, 'dial allowed');
    return { decision: 'allow', to: body.to, from };
  }
}
