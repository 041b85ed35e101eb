import { isOpenStatus, type BridgeCallBody, type CallLog, type CreateCallBody, type PatchCallBody } from '@sw-dialer/shared-types';
import { DEFAULT_DIAL_POLICY, type DialPolicy } from '@sw-dialer/shared-types/dial-policy';
import type { FastifyBaseLogger } from 'fastify';
import type { SignalWireConfig } from '../config.js';
import { applyCallPatch, type PatchDecision } from '../domain/apply-call-patch.js';
import { resolveCallTimes } from '../domain/call-times.js';
import { rememberedDialPolicy, type DestinationVerdict } from '../domain/remembered-dial-policy.js';
import { stepsToStatus } from '../domain/steps-to-status.js';
import { AppError } from '../errors/app-error.js';
import { SignalWireFailure } from '../errors/signalwire-failure.js';
import { bridgeTwiml } from '../providers/signalwire/bridge-twiml.js';
import { callStatusFromCompat } from '../providers/signalwire/bridge-status.js';
import { NOT_CONFIGURED } from '../providers/signalwire/not-configured.js';
import type { SignalWireRestClient } from '../providers/signalwire/signalwire-rest-client.js';
import { UpstreamError } from '../providers/upstream-error.js';
import type { CallLogsRepository, CreateCallResult, StoredCall, UpdateResult } from '../repositories/call-logs.repository.js';

/** How long the agent's phone rings before SignalWire gives up. */
const AGENT_RING_TIMEOUT_S = 30;

export interface CallsServiceDeps {
  repository: CallLogsRepository;
  /** Null when SignalWire is not configured. */
  signalwire: { client: SignalWireRestClient; config: SignalWireConfig } | null;
  /** Counts a finished call and feeds the alerts; called once per call, on the write that finished it. */
  recordFinishedCall: (call: Pick<CallLog, 'status' | 'endReason' | 'durationMs' | 'direction'>) => void;
  /** Which destinations may be called (ADR 0065); unset: the default policy. */
  dialPolicy?: DialPolicy | undefined;
}

/** `error_code` of a call refused by the destination policy; `error_message` names the rule. */
export const DIAL_POLICY_ERROR_CODE = 'DIAL_POLICY';

/** A create answered: `created` false when this clientSessionId was logged before (a retry). */
export interface CreatedCall {
  id: string;
  created: boolean;
}

/**
 * Everything the call-log routes do, without HTTP: the order of writes and SignalWire requests, and the
 * one place a finished call is counted. Decisions live in `domain/`, SQL in the repository.
 *
 * Every SignalWire request here is about a call this server placed: its id comes from the row's
 * server-written `bridgeCallSid`, never from `providerCallId` or `metadata`, which the client writes (ADR 50).
 */
export class CallsService {
  private readonly destinationVerdict: (number: string) => DestinationVerdict;

  constructor(private readonly deps: CallsServiceDeps) {
    this.destinationVerdict = rememberedDialPolicy(deps.dialPolicy ?? DEFAULT_DIAL_POLICY);
  }

  /** Logs a call the browser places (idempotent on clientSessionId). */
  async create(userId: string, body: CreateCallBody): Promise<CreatedCall> {
    // Only calls the user places: an inbound call's number is whoever rang.
    if (body.direction === 'outbound') this.assertDialable('body.number', body.number);
    const times = resolveCallTimes({
      status: body.status,
      startedAt: new Date(body.startedAt),
      answeredAt: body.answeredAt ? new Date(body.answeredAt) : null,
      endedAt: body.endedAt ? new Date(body.endedAt) : null,
      durationMs: body.durationMs
    });
    const result = await this.deps.repository.create(userId, body, times);
    if (result.kind === 'created' && result.closed)
      this.finished({ status: body.status, endReason: body.endReason ?? null, durationMs: times.durationMs, direction: body.direction });
    return createdOrConflict(result);
  }

  /** One of the user's calls; a bridge call still open is brought up to date from SignalWire first. */
  async get(userId: string, id: string, log: FastifyBaseLogger): Promise<CallLog> {
    const stored = await this.deps.repository.findCall(userId, id);
    if (!stored) throw AppError.callNotFound(id);
    return this.refresh(userId, stored, log);
  }

  /** Applies a client's report on its call: forward transitions only, finished calls immutable. */
  async patch(userId: string, id: string, patch: PatchCallBody): Promise<CallLog> {
    const now = new Date();
    const result = await this.update(userId, id, (current) => applyCallPatch(current, patch, now));
    if (!result) throw AppError.callNotFound(id);
    return result.call;
  }

  /**
   * The REST fallback for browsers without WebRTC or a microphone: SignalWire rings the agent's own phone
   * and, once it is answered, dials the customer. The row is written first (idempotent on
   * clientSessionId), so a retry never places a second call.
   */
  async bridge(userId: string, body: BridgeCallBody, ownPhone?: string | undefined): Promise<CreatedCall> {
    const signalwire = this.deps.signalwire;
    const fromNumber = signalwire?.config.fromNumber;
    if (!signalwire || !fromNumber) {
      throw new AppError('UPSTREAM_UNAVAILABLE', 'Calling through your phone is not configured on this server (SIGNALWIRE_FROM_NUMBER)', NOT_CONFIGURED);
    }
    // The agent's phone is rung from the company's caller ID: only the user's own phone, as the host
    // application vouches for it (the `phone_number` claim), and only where the policy allows (ADR 0065).
    if (!ownPhone || ownPhone !== body.agentNumber) {
      throw new AppError(
        'FORBIDDEN',
        ownPhone
          ? 'agentNumber must be your own phone (the phone_number your sign-in carries)'
          : 'calling through your phone needs a phone_number in your sign-in; ask your administrator',
        { field: 'body.agentNumber' }
      );
    }
    this.assertDialable('body.agentNumber', body.agentNumber);
    this.assertDialable('body.number', body.number);
    const { number, agentNumber, contactId, clientSessionId } = body;
    const start: CreateCallBody = {
      clientSessionId,
      direction: 'outbound',
      number,
      status: 'dialing',
      startedAt: new Date().toISOString(),
      ...(contactId ? { contactId } : {}),
      // For people reading the log: how the call was placed. Never read back to decide anything.
      metadata: { transport: 'bridge' }
    };
    const created = createdOrConflict(await this.deps.repository.create(userId, start, { answeredAt: null, endedAt: null, durationMs: null }));
    if (!created.created) return created;
    let sid: string;
    try {
      sid = (await signalwire.client.createCall({ to: agentNumber, from: fromNumber, twiml: bridgeTwiml(fromNumber, number), timeoutS: AGENT_RING_TIMEOUT_S }))
        .sid;
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      // Not retried: a timeout may have placed the call, and ringing the agent twice is worse than once.
      const now = new Date();
      await this.update(userId, created.id, (current) =>
        applyCallPatch(
          current,
          { status: 'failed', endReason: 'error', errorCode: 'UPSTREAM_UNAVAILABLE', errorMessage: 'SignalWire did not place the call' },
          now
        )
      );
      throw new SignalWireFailure('calls.bridge', error, 'SignalWire could not place the call; try again shortly', { callId: created.id });
    }
    await this.deps.repository.recordBridgeCallSid(userId, created.id, sid);
    return created;
  }

  /**
   * Ends a bridge call from the widget (the browser holds no media to hang up). Before the agent answered it
   * is canceled; after, it ends as the agent's own hang-up. The row is closed only once SignalWire accepted:
   * if SignalWire cannot be reached the call may still be up, so it stays open.
   */
  async hangup(userId: string, id: string, log: FastifyBaseLogger): Promise<CallLog> {
    const stored = await this.deps.repository.findCall(userId, id);
    if (!stored) throw AppError.callNotFound(id);
    const sid = stored.bridgeCallSid;
    if (!sid) throw new AppError('CONFLICT', 'only a call placed through your phone is ended here; the browser ends its own calls', { callId: id });
    // The latest status first: the call may have ended on the phone a moment ago.
    const call = await this.refresh(userId, stored, log);
    const signalwire = this.deps.signalwire;
    if (!isOpenStatus(call.status) || !signalwire) {
      throw new AppError('CONFLICT', `the call has already ${call.status === 'failed' ? 'failed' : 'ended'}`, { callId: id, status: call.status });
    }
    try {
      await signalwire.client.endCall(sid, call.status === 'connected' ? 'completed' : 'canceled');
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      throw new SignalWireFailure('calls.hangup', error, 'SignalWire could not end the call; hang up on your phone', { callId: id });
    }
    const now = new Date();
    const ended = await this.update(userId, id, (current) => {
      // A poll may have recorded the end in the meantime: then that record stands.
      if (!isOpenStatus(current.status)) return { kind: 'unchanged' };
      return applyCallPatch(
        current,
        { status: 'ended', endReason: current.status === 'connected' ? 'local-hangup' : 'canceled', endedAt: now.toISOString() },
        now
      );
    });
    if (!ended) throw AppError.callNotFound(id);
    return ended.call;
  }

  /**
   * A bridge call has no browser reporting its progress: while it is open, reading it asks SignalWire for
   * the latest status and records it. If SignalWire cannot answer, the stored row is returned as it is; the
   * next poll tries again. Only a call this server placed is asked about (ADR 50).
   */
  private async refresh(userId: string, stored: StoredCall, log: FastifyBaseLogger): Promise<CallLog> {
    const { call, bridgeCallSid } = stored;
    const signalwire = this.deps.signalwire;
    if (!signalwire || !bridgeCallSid || !isOpenStatus(call.status)) return call;
    let observed;
    try {
      observed = callStatusFromCompat((await signalwire.client.fetchCall(bridgeCallSid)).status);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      log.warn({ action: 'calls.bridge.refresh', outcome: error.kind, err: error }, 'could not refresh a bridge call');
      return call;
    }
    // Polls may arrive together. Each step is worked out from the locked row, not from what this poll read
    // before, so a poll that finds the row already moved on skips ahead instead of replaying a stale step
    // (which would be a 409); the repository says which write closed the row, and only that one is counted.
    let latest = call;
    const now = new Date();
    for (let step = 0; step < 4; step += 1) {
      let stepped = false;
      const result = await this.update(userId, call.id, (current) => {
        const [next] = stepsToStatus(current, observed, now);
        if (!next) return { kind: 'unchanged' };
        stepped = true;
        return applyCallPatch(current, next, now);
      });
      if (!result) break;
      latest = result.call;
      if (!stepped) break;
    }
    return latest;
  }

  /**
   * The destination policy's verdict on one number, for callers that answer rather than throw (the
   * dial-policy endpoint SignalWire's script asks).
   */
  checkDestination(number: string): DestinationVerdict {
    return this.destinationVerdict(number);
  }

  /**
   * Records a call the policy refused inside SignalWire (the widget was bypassed, or it let it through):
   * the session's row is created as failed, or closed as failed if the widget had opened it, with
   * `errorCode` DIAL_POLICY and the rule in `errorMessage`. Nothing is recorded as connected.
   */
  async recordPolicyRefusal(userId: string, refusal: { clientSessionId: string; number: string; message: string }): Promise<string | null> {
    const now = new Date();
    const failure = { status: 'failed' as const, endReason: 'error' as const, errorCode: DIAL_POLICY_ERROR_CODE, errorMessage: refusal.message };
    const body: CreateCallBody = {
      clientSessionId: refusal.clientSessionId,
      direction: 'outbound',
      number: refusal.number,
      startedAt: now.toISOString(),
      endedAt: now.toISOString(),
      durationMs: 0,
      metadata: { transport: 'address', refusedBy: 'dial-policy' },
      ...failure
    };
    const times = resolveCallTimes({ status: 'failed', startedAt: now, answeredAt: null, endedAt: now, durationMs: 0 });
    const result = await this.deps.repository.create(userId, body, times);
    if (result.kind === 'created') {
      if (result.closed) this.finished({ status: 'failed', endReason: 'error', durationMs: 0, direction: 'outbound' });
      return result.id;
    }
    if (result.kind === 'existing') {
      await this.update(userId, result.id, (current) =>
        isOpenStatus(current.status) ? applyCallPatch(current, { ...failure, endedAt: now.toISOString() }, now) : { kind: 'unchanged' }
      );
      return result.id;
    }
    return null;
  }

  /** A 400 naming the field and the policy rule, the same words the dial-policy endpoint uses. */
  private assertDialable(field: string, number: string): void {
    const decision = this.checkDestination(number);
    if (decision.allowed) return;
    throw new AppError('VALIDATION_FAILED', `${field}: ${decision.message}`, { issues: [{ field, message: decision.message }], policy: decision.rule });
  }

  /** Every write that can finish a call goes through here, so a finished call is counted exactly once. */
  private async update(userId: string, id: string, decide: (current: CallLog) => PatchDecision): Promise<UpdateResult | undefined> {
    const result = await this.deps.repository.update(userId, id, decide);
    if (result?.closed) this.finished(result.call);
    return result;
  }

  private finished(call: Pick<CallLog, 'status' | 'endReason' | 'durationMs' | 'direction'>): void {
    this.deps.recordFinishedCall(call);
  }
}

/** The one translation of a create's outcome: the row's id, or the 409 naming the open call. */
function createdOrConflict(result: CreateCallResult): CreatedCall {
  if (result.kind === 'open-call-conflict') throw AppError.openCallConflict(result.openCallId);
  return { id: result.id, created: result.kind === 'created' };
}
