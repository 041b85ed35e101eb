import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { CallRecord, CallRegistry } from './call-registry.js';
import type { EmulatorLogger } from './logger.js';
import {
  connectParamsSchema,
  firstIssue,
  infoParamsSchema,
  inviteParamsSchema,
  modifyParamsSchema,
  muteParamsSchema,
  reauthenticateParamsSchema,
  requestSchema,
  responseSchema,
  rpcError,
  rpcResult,
  RPC_ERRORS,
  vertoReply,
  webrtcVertoParamsSchema,
  type RpcRequest
} from './relay-frames.js';
import { isE164 } from './e164.js';
import type { FabricResources } from './fabric-resources.js';
import { refusedPlan, type CallPlan, type ScenarioTable } from './scenarios.js';
import { runSwml } from './swml-runner.js';
import type { SubscriberClaims, TokenSigner } from './token-signer.js';
import type { InboundCall, InboundLink } from './inbound-call.js';
import { VertoCall, type CallLink } from './verto-call.js';

/** What every session shares: the space's state and settings. */
export interface RelayContext {
  signer: TokenSigner;
  projectId: string;
  nodeId: string;
  scenarios: ScenarioTable;
  registry: CallRegistry;
  logger: EmulatorLogger;
  pingIntervalMs: number;
  /** How long calls survive a dropped socket, waiting for the SDK to reconnect with its protocol. */
  reconnectGraceMs: number;
  /** Sessions whose socket dropped, by protocol, so a reconnect can take their calls back. */
  detached: Map<string, RelaySession>;
  /** Sessions whose SDK called `online()` (`subscriber.online`): where inbound calls ring. */
  online: Set<RelaySession>;
  /** SWML script resources and their addresses, created through the Fabric REST API. */
  resources: FabricResources;
  /** Space-wide rules a real space configures in its dashboard. */
  space: SpaceSettings;
}

/**
 * `subscriberPstn: 'refused'` models a space where subscribers may not dial phone numbers directly (the
 * usual reason to dial an address whose script connects the call). SignalWire's docs do not name the cause
 * such a refusal carries; the emulator uses Q.850 52 OUTGOING_CALL_BARRED, the code for exactly this.
 */
export interface SpaceSettings {
  subscriberPstn: 'allowed' | 'refused';
}

type Id = string | number;

/** The caller id shown on the phone leg; a subscriber has no number of its own. */
const SUBSCRIBER_CALLER_ID = '+15550001111';

/**
 * One SDK connection: authentication, pings, event acks and the calls placed over it.
 * Every frame is answered; a bad one gets a JSON-RPC error and nothing else changes.
 */
export class RelaySession implements CallLink, InboundLink {
  private claims: SubscriberClaims | null = null;
  private protocol: string | null = null;
  private readonly calls = new Map<string, VertoCall>();
  /** Inbound calls ringing on, or answered by, this device. */
  private readonly inbound = new Map<string, InboundCall>();
  /** Events sent and not yet acknowledged (the SDK acks each one when `event_acks` is on). */
  private readonly unacked = new Set<Id>();
  private pingTimer: NodeJS.Timeout | null = null;
  private pingOutstanding: Id | null = null;
  private missedPings = 0;
  private graceTimer: NodeJS.Timeout | null = null;

  constructor(
    private socket: WebSocket | null,
    private readonly ctx: RelayContext
  ) {
    socket?.on('message', (data, isBinary) => this.onMessage(isBinary ? null : data.toString()));
    socket?.on('close', () => this.onSocketClosed());
  }

  // ---- sending ----

  private send(frame: object): void {
    if (this.socket?.readyState === 1) this.socket.send(JSON.stringify(frame));
  }

  sendEvent(eventType: string, params: object): void {
    const id = randomUUID();
    this.unacked.add(id);
    this.send({
      jsonrpc: '2.0',
      id,
      method: 'signalwire.event',
      params: {
        event_type: eventType,
        event_channel: this.protocol ?? 'unauthenticated',
        timestamp: Date.now() / 1000,
        node_id: this.ctx.nodeId,
        params
      }
    });
  }

  sendVerto(method: string, params: object): void {
    this.sendEvent('webrtc.message', { jsonrpc: '2.0', id: randomUUID(), method, params });
  }

  callEnded(call: VertoCall): void {
    this.calls.delete(call.id.callId);
  }

  get eventChannel(): string {
    return this.protocol ?? '';
  }

  /** Online (`subscriber.online`) as the subscriber `to` names: its reference (the API's user id) or its id. */
  isOnlineAs(to: string): boolean {
    return this.ctx.online.has(this) && this.socket?.readyState === 1 && (this.claims?.ref === to || this.claims?.sub === to);
  }

  /** An inbound call starts ringing here. */
  attachInbound(call: InboundCall): void {
    this.inbound.set(call.callId, call);
  }

  inboundEnded(call: InboundCall): void {
    this.inbound.delete(call.callId);
  }

  // ---- receiving ----

  private onMessage(text: string | null): void {
    let frame: unknown;
    try {
      if (text === null) throw new Error('binary frame');
      frame = JSON.parse(text);
    } catch {
      this.send(rpcError(null, RPC_ERRORS.parse, 'Parse error: frames must be JSON text'));
      return;
    }
    const request = requestSchema.safeParse(frame);
    if (!request.success) {
      const response = responseSchema.safeParse(frame);
      if (response.success && (response.data.result !== undefined || response.data.error !== undefined)) {
        this.onClientResponse(response.data.id);
        return;
      }
      const id = typeof frame === 'object' && frame !== null && 'id' in frame ? ((frame as { id: unknown }).id as Id) : null;
      this.send(
        rpcError(typeof id === 'string' || typeof id === 'number' ? id : null, RPC_ERRORS.invalidRequest, `Invalid request: ${firstIssue(request.error)}`)
      );
      return;
    }
    this.dispatch(request.data).catch((error: unknown) => {
      this.ctx.logger.error({ err: error, method: request.data.method }, 'relay request failed');
      this.send(rpcError(request.data.id, RPC_ERRORS.invalidRequest, 'Internal error'));
    });
  }

  private onClientResponse(id: Id): void {
    if (id === this.pingOutstanding) {
      this.pingOutstanding = null;
      this.missedPings = 0;
      return;
    }
    this.unacked.delete(id);
  }

  private async dispatch(request: RpcRequest): Promise<void> {
    const { id, method } = request;
    if (method === 'signalwire.connect') return this.connect(request);
    if (!this.claims) {
      this.send(rpcError(id, RPC_ERRORS.notAuthenticated, 'Not authenticated: send signalwire.connect first'));
      return;
    }
    switch (method) {
      case 'signalwire.reauthenticate':
        return this.reauthenticate(request);
      case 'signalwire.ping':
        this.send(rpcResult(id, { timestamp: request.params?.['timestamp'] ?? Date.now() / 1000 }));
        return;
      case 'webrtc.verto':
        return this.verto(request);
      // The SDK's online()/offline(): whether inbound calls ring on this device.
      case 'subscriber.online':
        this.ctx.online.add(this);
        this.send(rpcResult(id, {}));
        return;
      case 'subscriber.offline':
        this.ctx.online.delete(this);
        this.send(rpcResult(id, {}));
        return;
      case 'call.mute':
      case 'call.unmute':
        return this.mute(request, method === 'call.mute');
      default:
        this.send(rpcError(id, RPC_ERRORS.methodNotFound, `Method not found: ${method}`));
    }
  }

  // ---- authentication ----

  private async authenticate(id: Id, token: string): Promise<SubscriberClaims | null> {
    const verified = await this.ctx.signer.verifyAccess(token);
    if (!verified.ok) {
      this.send(
        rpcError(
          id,
          RPC_ERRORS.authenticationFailed,
          verified.reason === 'expired' ? 'Authentication failed: token expired' : 'Authentication failed: invalid token'
        )
      );
      return null;
    }
    if (verified.claims.pid !== this.ctx.projectId) {
      this.send(rpcError(id, RPC_ERRORS.authenticationFailed, 'Authentication failed: token of another project'));
      return null;
    }
    return verified.claims;
  }

  private authorization(claims: SubscriberClaims) {
    return {
      jti: claims.jti,
      project_id: claims.pid,
      fabric_subscriber: {
        version: 1,
        expires_at: claims.exp,
        subscriber_id: claims.sub,
        application_id: claims.sub,
        project_id: claims.pid,
        space_id: claims.pid
      }
    };
  }

  private async connect(request: RpcRequest): Promise<void> {
    const { id } = request;
    if (this.claims) {
      this.send(rpcError(id, RPC_ERRORS.invalidRequest, 'Already connected'));
      return;
    }
    const params = connectParamsSchema.safeParse(request.params ?? {});
    if (!params.success) {
      this.send(rpcError(id, RPC_ERRORS.invalidParams, `Invalid params: ${firstIssue(params.error)}`));
      return;
    }
    const claims = await this.authenticate(id, params.data.authentication.jwt_token);
    if (!claims) return;
    this.claims = claims;
    // The SDK checks `protocol.split('_')[1] === authorization.jti` before reusing it on reconnect.
    this.protocol = this.adopt(params.data.protocol, claims) ?? `signalwire_${claims.jti.replaceAll('_', '')}_${randomUUID()}`;
    this.send(
      rpcResult(id, {
        identity: `${claims.sub}@${this.ctx.projectId}`,
        protocol: this.protocol,
        ice_servers: [],
        authorization: this.authorization(claims)
      })
    );
    this.sendEvent('signalwire.authorization.state', {
      authorization_state: Buffer.from(JSON.stringify({ sub: claims.sub, at: Date.now() })).toString('base64')
    });
    this.startPings();
  }

  /** A reconnect with the protocol of a dropped session of the same subscriber takes its calls over. */
  private adopt(protocol: string | undefined, claims: SubscriberClaims): string | null {
    if (!protocol) return null;
    const previous = this.ctx.detached.get(protocol);
    if (!previous || previous.claims?.sub !== claims.sub) return null;
    this.ctx.detached.delete(protocol);
    if (previous.graceTimer) clearTimeout(previous.graceTimer);
    for (const [callId, call] of previous.calls) {
      call.relink(this);
      this.calls.set(callId, call);
    }
    previous.calls.clear();
    return protocol;
  }

  private async reauthenticate(request: RpcRequest): Promise<void> {
    const params = reauthenticateParamsSchema.safeParse(request.params ?? {});
    if (!params.success) {
      this.send(rpcError(request.id, RPC_ERRORS.invalidParams, `Invalid params: ${firstIssue(params.error)}`));
      return;
    }
    const claims = await this.authenticate(request.id, params.data.authentication.jwt_token);
    if (!claims) return;
    if (claims.sub !== this.claims?.sub) {
      this.send(rpcError(request.id, RPC_ERRORS.authenticationFailed, 'Authentication failed: token of another subscriber'));
      return;
    }
    this.claims = claims;
    this.send(rpcResult(request.id, { authorization: this.authorization(claims) }));
  }

  // ---- keepalive ----

  private startPings(): void {
    if (this.ctx.pingIntervalMs <= 0) return;
    this.pingTimer = setInterval(() => {
      if (this.pingOutstanding !== null && ++this.missedPings >= 3) {
        // Three unanswered pings: the peer is gone even if TCP has not noticed.
        this.socket?.terminate();
        return;
      }
      const id = randomUUID();
      this.pingOutstanding = id;
      this.send({ jsonrpc: '2.0', id, method: 'signalwire.ping', params: { timestamp: Date.now() / 1000 } });
    }, this.ctx.pingIntervalMs);
    this.pingTimer.unref();
  }

  // ---- calls ----

  private async verto(request: RpcRequest): Promise<void> {
    const { id } = request;
    const parsed = webrtcVertoParamsSchema.safeParse(request.params ?? {});
    if (!parsed.success) {
      this.send(rpcError(id, RPC_ERRORS.invalidParams, `Invalid params: ${firstIssue(parsed.error)}`));
      return;
    }
    const { message } = parsed.data;
    const nodeId = this.ctx.nodeId;
    // The SDK acknowledges our verto.media / verto.answer / verto.bye with a Verto result.
    if (message.method === undefined) {
      this.send(vertoReply(id, nodeId, message.id, {}));
      return;
    }
    const dialog = (message.params?.['dialogParams'] ?? {}) as { callID?: unknown };
    const callId = parsed.data.callID ?? (typeof dialog.callID === 'string' ? dialog.callID : undefined);
    if (!callId) {
      this.send(rpcError(id, RPC_ERRORS.invalidParams, 'Invalid params: callID is required'));
      return;
    }
    if (message.method === 'verto.invite') return this.invite(id, message.id, callId, message.params ?? {});
    const incoming = this.inbound.get(callId);
    if (incoming) return this.inboundVerto(id, message.id, message.method, incoming, message.params ?? {});

    const call = this.calls.get(callId);
    const known = this.ctx.registry.get(callId);
    if (!call && !known) {
      this.send(rpcError(id, RPC_ERRORS.invalidParams, `Invalid params: no call with callID ${callId}`));
      return;
    }
    switch (message.method) {
      case 'verto.bye': {
        // A bye for a call that has already ended (a race with the far end's bye) still succeeds,
        // because the SDK retries refused requests ten times.
        const ended = call ? call.callerHangup() : { cause: known?.cause ?? 'NORMAL_CLEARING', causeCode: known?.causeCode ?? 16 };
        this.send(vertoReply(id, nodeId, message.id, { message: 'CALL ENDED', callID: callId, ...ended }));
        return;
      }
      case 'verto.info': {
        const info = infoParamsSchema.safeParse(message.params ?? {});
        if (!info.success || !call) {
          this.send(rpcError(id, RPC_ERRORS.invalidParams, call ? 'Invalid params: dtmf is required' : 'Invalid params: the call has ended'));
          return;
        }
        call.receiveDigits(info.data.dtmf);
        this.send(vertoReply(id, nodeId, message.id, { message: 'SENT', callID: callId, dtmf: info.data.dtmf }));
        return;
      }
      case 'verto.modify': {
        const modify = modifyParamsSchema.safeParse(message.params ?? {});
        const action = modify.success ? modify.data.action : undefined;
        if (!call || (action !== 'hold' && action !== 'unhold')) {
          this.send(
            rpcError(id, RPC_ERRORS.invalidParams, call ? `Invalid params: unsupported modify action ${String(action)}` : 'Invalid params: the call has ended')
          );
          return;
        }
        call.setHeld(action === 'hold');
        this.send(vertoReply(id, nodeId, message.id, { action, callID: callId, holdState: action === 'hold' ? 'held' : 'active', node_id: nodeId }));
        return;
      }
      default:
        this.send(rpcError(id, RPC_ERRORS.methodNotFound, `Method not found: ${message.method}`));
    }
  }

  /** The SDK's answer to, or bye for, an inbound call ringing on this device. */
  private async inboundVerto(id: Id, vertoId: Id, method: string, call: InboundCall, params: Record<string, unknown>): Promise<void> {
    const nodeId = this.ctx.nodeId;
    if (method === 'verto.answer') {
      const sdp = typeof params['sdp'] === 'string' ? params['sdp'] : '';
      if (!sdp || !(await call.answer(this, sdp))) {
        this.send(
          rpcError(id, RPC_ERRORS.invalidParams, sdp ? `Invalid params: call ${call.callId} can no longer be answered here` : 'Invalid params: sdp is required')
        );
        return;
      }
      this.send(vertoReply(id, nodeId, vertoId, { message: 'CALL ANSWERED', callID: call.callId }));
      // After the reply: the SDK makes this peer its active one when its request resolves, and only then
      // does our verto.answer move it to `active`.
      setTimeout(() => call.confirmAnswer(), 20).unref();
      return;
    }
    if (method === 'verto.info') {
      const info = infoParamsSchema.safeParse(params);
      if (!info.success || !call.receiveDigits(this, info.data.dtmf)) {
        this.send(rpcError(id, RPC_ERRORS.invalidParams, info.success ? 'Invalid params: the call is not answered here' : 'Invalid params: dtmf is required'));
        return;
      }
      this.send(vertoReply(id, nodeId, vertoId, { message: 'SENT', callID: call.callId, dtmf: info.data.dtmf }));
      return;
    }
    if (method === 'verto.modify') {
      const modify = modifyParamsSchema.safeParse(params);
      const action = modify.success ? modify.data.action : undefined;
      if ((action !== 'hold' && action !== 'unhold') || !call.setHeld(this, action === 'hold')) {
        this.send(
          rpcError(
            id,
            RPC_ERRORS.invalidParams,
            action === 'hold' || action === 'unhold'
              ? 'Invalid params: the call is not answered here'
              : `Invalid params: unsupported modify action ${String(action)}`
          )
        );
        return;
      }
      this.send(vertoReply(id, nodeId, vertoId, { action, callID: call.callId, holdState: action === 'hold' ? 'held' : 'active', node_id: nodeId }));
      return;
    }
    if (method === 'verto.bye') {
      const cause = typeof params['cause'] === 'string' ? params['cause'] : undefined;
      this.send(vertoReply(id, nodeId, vertoId, { message: 'CALL ENDED', callID: call.callId, ...call.subscriberBye(this, cause) }));
      return;
    }
    this.send(rpcError(id, RPC_ERRORS.methodNotFound, `Method not found: ${method}`));
  }

  private async invite(id: Id, vertoId: Id, callId: string, params: object): Promise<void> {
    const parsed = inviteParamsSchema.safeParse(params);
    if (!parsed.success) {
      this.send(rpcError(id, RPC_ERRORS.invalidParams, `Invalid params: ${firstIssue(parsed.error)}`));
      return;
    }
    if (this.calls.has(callId) || this.ctx.registry.get(callId)) {
      this.send(rpcError(id, RPC_ERRORS.invalidParams, `Invalid params: callID ${callId} is already in use`));
      return;
    }
    const to = parsed.data.dialogParams.destination_number ?? '';
    const userVariables = (parsed.data.dialogParams as { userVariables?: unknown }).userVariables;
    const from = SUBSCRIBER_CALLER_ID;
    const record = this.ctx.registry.create({ callId, channel: 'webrtc', to, from, state: 'trying' });
    const call = new VertoCall({
      identity: { callId, nodeId: this.ctx.nodeId, eventChannel: this.protocol ?? '', from, to },
      offerSdp: parsed.data.sdp,
      // Replaced below once the destination (and any address's script) has been worked out.
      plan: refusedPlan('NORMAL_TEMPORARY_FAILURE'),
      record,
      link: this,
      logger: this.ctx.logger
    });
    this.calls.set(callId, call);
    this.send(vertoReply(id, this.ctx.nodeId, vertoId, { message: 'CALL CREATED', callID: callId, sessid: callId }));
    let plan: CallPlan;
    try {
      plan = await this.planFor(callId, to, userVariables && typeof userVariables === 'object' ? (userVariables as Record<string, unknown>) : {}, record);
    } catch (error) {
      // A script that breaks the emulator still ends the call, as a space's own failure would.
      this.ctx.logger.error({ err: error, callId }, 'could not work out the call');
      plan = refusedPlan('NORMAL_TEMPORARY_FAILURE');
    }
    call.setPlan(plan);
    await call.start();
  }

  /**
   * What the space does with a destination: a guest token reaches only its allowed addresses; a subscriber
   * reaches phone numbers unless the space refuses that; an address runs its resource's SWML script, whose
   * `connect` is then played out by the scenario table like any other number.
   */
  private async planFor(callId: string, to: string, userVariables: Record<string, unknown>, record: CallRecord): Promise<CallPlan> {
    const claims = this.claims as SubscriberClaims;
    const isAddress = to.startsWith('/');
    if (!isAddress) {
      if (claims.aa || (this.ctx.space.subscriberPstn === 'refused' && isE164(to))) return refusedPlan('OUTGOING_CALL_BARRED');
      return this.ctx.scenarios.plan(to);
    }
    record.address = to.split('?')[0] ?? to;
    const resource = this.ctx.resources.byAddress(to);
    if (claims.aa && !(resource && claims.aa.includes(resource.addressId))) {
      record.swml = 'barred';
      return refusedPlan('OUTGOING_CALL_BARRED');
    }
    // No resource at that address: the same immediate failure as a number that does not exist.
    if (!resource) return this.ctx.scenarios.plan(to);
    const outcome = await runSwml(
      resource.document,
      {
        call: {
          call_id: callId,
          from: `${claims.sub}@${this.ctx.projectId}`,
          to,
          type: 'webrtc',
          direction: 'inbound',
          project_id: this.ctx.projectId,
          user_variables: userVariables
        }
      },
      this.ctx.logger
    );
    record.swml = outcome.trace.join(' ');
    if (outcome.kind === 'hangup') return refusedPlan(outcome.cause);
    // The caller may have hung up while the script ran: then nothing was connected.
    if (record.state === 'ended') return refusedPlan('ORIGINATOR_CANCEL');
    record.to = outcome.to;
    if (outcome.from) record.from = outcome.from;
    return this.ctx.scenarios.plan(outcome.to, outcome.timeoutMs);
  }

  private async mute(request: RpcRequest, muted: boolean): Promise<void> {
    const parsed = muteParamsSchema.safeParse(request.params ?? {});
    if (!parsed.success) {
      this.send(rpcError(request.id, RPC_ERRORS.invalidParams, `Invalid params: ${firstIssue(parsed.error)}`));
      return;
    }
    const incoming = this.inbound.get(parsed.data.target.call_id);
    if (incoming) {
      // An answered inbound call mutes like a dialled one; the result goes out before the member event.
      const audio = (parsed.data.channels ?? ['audio']).includes('audio');
      if (!incoming.isAnsweredOn(this)) {
        this.send(rpcError(request.id, RPC_ERRORS.invalidParams, 'Invalid params: target is not a member of an active call'));
        return;
      }
      this.send(rpcResult(request.id, { code: '200', message: 'OK' }));
      if (audio) incoming.setMuted(this, muted);
      return;
    }
    const call = this.calls.get(parsed.data.target.call_id);
    if (!call?.isJoined) {
      this.send(rpcError(request.id, RPC_ERRORS.invalidParams, 'Invalid params: target is not a member of an active call'));
      return;
    }
    this.send(rpcResult(request.id, { code: '200', message: 'OK' }));
    // Audio only: a video mute is acknowledged and changes nothing.
    if ((parsed.data.channels ?? ['audio']).includes('audio')) call.setMuted(muted);
  }

  // ---- teardown ----

  private onSocketClosed(): void {
    this.socket = null;
    this.ctx.online.delete(this);
    if (this.pingTimer) clearInterval(this.pingTimer);
    // An inbound call is not kept for a reconnect: a device that dropped stops ringing (or ends the call).
    for (const call of [...this.inbound.values()]) call.deviceGone(this);
    this.inbound.clear();
    if (this.calls.size === 0 || !this.protocol) return;
    // Give the SDK the chance to reconnect (it sends its protocol back) before dropping its calls.
    this.ctx.detached.set(this.protocol, this);
    this.graceTimer = setTimeout(() => {
      if (this.protocol) this.ctx.detached.delete(this.protocol);
      this.endAllCalls();
    }, this.ctx.reconnectGraceMs);
    this.graceTimer.unref();
  }

  endAllCalls(): void {
    for (const call of [...this.calls.values()]) call.abandon();
    this.calls.clear();
    for (const call of [...this.inbound.values()]) call.deviceGone(this);
    this.inbound.clear();
  }

  /** Emulator shutdown. */
  shutdown(): void {
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.endAllCalls();
    this.socket?.terminate();
  }
}
