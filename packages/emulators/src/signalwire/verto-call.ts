import { randomUUID } from 'node:crypto';
import { HANGUP_CAUSES, type HangupCause } from './causes.js';
import type { CallRecord, HangupBy } from './call-registry.js';
import {
  callConnectParams,
  callJoinedParams,
  callLeftParams,
  callStateParams,
  memberUpdatedParams,
  type CallIdentity,
  type PhoneLegState
} from './fabric-events.js';
import type { EmulatorLogger } from './logger.js';
import { MediaPeer } from './media-peer.js';
import { causeOf, IMMEDIATE_FAILURE_DELAY_MS, type CallPlan } from './scenarios.js';

/** How a call reaches its caller: the relay session that owns it (re-pointed if the SDK reconnects). */
export interface CallLink {
  sendEvent(eventType: string, params: object): void;
  /** A Verto request to the SDK, carried in a `webrtc.message` event. */
  sendVerto(method: string, params: object): void;
  /** Told once the call has ended, so the session can forget it. */
  callEnded(call: VertoCall): void;
}

export interface VertoCallOptions {
  identity: Omit<CallIdentity, 'phoneLegId' | 'segmentId' | 'roomSessionId' | 'memberId'>;
  offerSdp: string;
  plan: CallPlan;
  record: CallRecord;
  link: CallLink;
  logger: EmulatorLogger;
}

export const VALID_DIGITS = /^[0-9*#A-Da-d]$/;

/**
 * One outbound call placed by the SDK with `verto.invite`: rings, answers or fails as its plan says,
 * and emits the events in the order the SDK's workers expect (see docs/emulators-signalwire.md).
 */
export class VertoCall {
  readonly id: CallIdentity;
  private link: CallLink;
  private readonly record: CallRecord;
  private plan: CallPlan;
  private readonly logger: EmulatorLogger;
  private readonly offerSdp: string;
  private media: MediaPeer | null = null;
  private earlyMediaSent = false;
  private joined = false;
  private ended = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly times = { startTime: Date.now(), answerTime: 0, endTime: 0 };

  constructor(options: VertoCallOptions) {
    this.id = {
      ...options.identity,
      phoneLegId: randomUUID(),
      segmentId: randomUUID(),
      roomSessionId: randomUUID(),
      memberId: randomUUID()
    };
    this.link = options.link;
    this.record = options.record;
    this.plan = options.plan;
    this.logger = options.logger;
    this.offerSdp = options.offerSdp;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  get isJoined(): boolean {
    return this.joined;
  }

  relink(link: CallLink): void {
    this.link = link;
  }

  /** The plan is known only once an address's SWML script has run; set it before `start()`. */
  setPlan(plan: CallPlan): void {
    this.plan = plan;
  }

  /** Called right after the invite was acknowledged with "CALL CREATED" (and any SWML script has run). */
  async start(): Promise<void> {
    // The caller may have hung up while the address's script was still running.
    if (this.ended) return;
    // A call refused outright (busy, invalid, network) never gets media: no SDP answer reaches the
    // caller, as on a real network that rejects before early media.
    if (this.plan.ringMs === 0 && this.plan.outcome !== 'answer') {
      this.sendCallState('created');
      this.after(IMMEDIATE_FAILURE_DELAY_MS, () => this.settle());
      return;
    }
    try {
      this.media = await MediaPeer.answer(
        this.offerSdp,
        {
          onRtp: (audio) => {
            this.record.rtpPacketsReceived++;
            this.record.rtpJitterMs = audio.received > 0 ? audio.jitterMs : null;
            this.record.rtpPacketsLost = audio.lost;
          },
          onDtmf: (digit) => {
            this.record.dtmf += digit;
          }
        },
        this.logger
      );
    } catch (error) {
      this.logger.warn({ err: error, callId: this.id.callId }, 'could not answer the SDP offer');
      if (!this.ended) this.farEndHangup('NORMAL_TEMPORARY_FAILURE');
      return;
    }
    // The caller may have hung up while the answer was being built.
    if (this.ended) {
      await this.media.close();
      return;
    }
    this.sendCallState('created');
    if (this.plan.ringMs > 0) {
      this.ring();
      this.after(this.plan.ringMs, () => this.settle());
    } else {
      this.settle();
    }
  }

  /** Early media: the SDK goes to `early` and plays our ringback. */
  private ring(): void {
    this.record.state = 'ringing';
    this.media?.setTone('ringback');
    this.link.sendVerto('verto.media', { callID: this.id.callId, sdp: this.media?.answerSdp });
    this.earlyMediaSent = true;
    this.sendCallState('ringing');
  }

  private settle(): void {
    if (this.ended) return;
    if (this.plan.outcome === 'answer') {
      this.answer();
      return;
    }
    this.farEndHangup(this.plan.failCause ?? causeOf(this.plan.outcome).cause);
  }

  private answer(): void {
    this.record.state = 'active';
    this.record.answeredAt = new Date().toISOString();
    this.times.answerTime = Date.now();
    this.media?.setTone('talk');
    // The SDP goes out once: a second copy in verto.answer makes Chrome throw and the SDK hang up.
    this.link.sendVerto('verto.answer', this.earlyMediaSent ? { callID: this.id.callId } : { callID: this.id.callId, sdp: this.media?.answerSdp });
    this.joined = true;
    this.link.sendEvent('call.joined', callJoinedParams(this.id, this.record.muted));
    this.link.sendEvent('call.connect', callConnectParams(this.id, 'connecting'));
    this.sendCallState('answered');
    this.link.sendEvent('call.connect', callConnectParams(this.id, 'connected'));
    if (this.plan.hangupAfterMs !== null) {
      this.after(this.plan.hangupAfterMs, () => this.farEndHangup('NORMAL_CLEARING'));
    }
  }

  /** The far end (or the network) ends the call: the SDK learns it from `verto.bye`. */
  farEndHangup(cause: HangupCause, by: HangupBy = 'callee'): void {
    if (this.ended) return;
    // The phone leg ends first and the relay then tears down the caller's leg, so the SDK still has its
    // listeners when `call.state` ending/ended arrive; after `verto.bye` it destroys the call.
    this.finish(cause, by, () => this.link.sendVerto('verto.bye', { callID: this.id.callId, cause, causeCode: HANGUP_CAUSES[cause] }));
  }

  /** The SDK's `verto.bye`: a cancel while ringing, a normal hangup once answered. */
  callerHangup(): { cause: HangupCause; causeCode: number } {
    if (!this.ended) this.finish(this.joined ? 'NORMAL_CLEARING' : 'ORIGINATOR_CANCEL', 'caller');
    const cause = (this.record.cause ?? 'NORMAL_CLEARING') as HangupCause;
    return { cause, causeCode: HANGUP_CAUSES[cause] };
  }

  /** Ends the call without telling the far end's story: the socket is gone or the emulator stops. */
  abandon(): void {
    if (!this.ended) this.finish('NORMAL_CLEARING', 'system');
  }

  private finish(cause: HangupCause, by: HangupBy, tellCaller?: () => void): void {
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.record.state = 'ended';
    this.record.cause = cause;
    this.record.causeCode = HANGUP_CAUSES[cause];
    this.record.hangupBy = by;
    this.record.endedAt = new Date().toISOString();
    this.times.endTime = Date.now();
    this.sendCallState('ending');
    this.sendCallState('ended');
    tellCaller?.();
    if (this.joined) this.link.sendEvent('call.left', callLeftParams(this.id));
    void this.media?.close();
    this.link.callEnded(this);
  }

  /** Digits from `verto.info`; returns the digits accepted. */
  receiveDigits(dtmf: string): string {
    const accepted = [...dtmf]
      .filter((digit) => VALID_DIGITS.test(digit))
      .join('')
      .toUpperCase();
    this.record.dtmf += accepted;
    return accepted;
  }

  setHeld(held: boolean): void {
    this.record.holds.push(held ? 'hold' : 'unhold');
    this.record.held = held;
    // A held far end stops talking; the ringback (if still ringing) is not ours to stop.
    if (this.joined) this.media?.setTone(held ? 'silence' : 'talk');
  }

  setMuted(muted: boolean): void {
    this.record.mutes.push(muted ? 'mute' : 'unmute');
    this.record.muted = muted;
    this.link.sendEvent('member.updated', memberUpdatedParams(this.id, muted));
  }

  private sendCallState(state: PhoneLegState): void {
    this.link.sendEvent('call.state', callStateParams(this.id, state, this.times));
  }

  private after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }
}
