import { randomUUID } from 'node:crypto';
import type { CallRecord, HangupBy } from './call-registry.js';
import { HANGUP_CAUSES, type HangupCause } from './causes.js';
import { callJoinedParams, callLeftParams, callStateParams, memberUpdatedParams, type CallIdentity, type PhoneLegState } from './fabric-events.js';
import type { EmulatorLogger } from './logger.js';
import { MediaPeer } from './media-peer.js';
import { VALID_DIGITS } from './verto-call.js';

/** A relay session an inbound call rings on (one per online device of the subscriber). */
export interface InboundLink {
  sendEvent(eventType: string, params: object): void;
  sendVerto(method: string, params: object): void;
  /** Told when this call no longer concerns the session (ended, or answered on another device). */
  inboundEnded(call: InboundCall, link: InboundLink): void;
  readonly eventChannel: string;
}

export interface InboundCallOptions {
  callId: string;
  nodeId: string;
  from: string;
  /** The subscriber called (its reference or subscriber id), as the control API was told. */
  to: string;
  /** How long the caller lets it ring before giving up (the call is then missed). */
  answerWithinMs: number;
  /** Once answered, the caller hangs up after this long; null: the subscriber ends the call. */
  hangupAfterMs: number | null;
  record: CallRecord;
  logger: EmulatorLogger;
}

/**
 * A call from the far end to an online subscriber (`POST /__emulator/calls/inbound`). The relay sends
 * each online device a `verto.invite` with a real SDP offer, as the SDK's `online({incomingCallHandlers})`
 * expects; the device that answers (`verto.answer` with its SDP) gets the call and real media, the others
 * a `verto.bye` (LOSE_RACE). A reject is the SDK's `verto.bye` (USER_BUSY); a caller who gives up while it
 * rings sends `verto.bye` ORIGINATOR_CANCEL and the call is missed.
 */
export class InboundCall {
  private readonly options: InboundCallOptions;
  private readonly record: CallRecord;
  /** Each ringing device and the far end's media peer that offered to it. */
  private readonly legs = new Map<InboundLink, MediaPeer>();
  private answered: { link: InboundLink; media: MediaPeer; id: CallIdentity } | null = null;
  private ended = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly times = { startTime: Date.now(), answerTime: 0, endTime: 0 };

  constructor(options: InboundCallOptions) {
    this.options = options;
    this.record = options.record;
  }

  get callId(): string {
    return this.options.callId;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Offers the call to every given device; resolves once the invites are out. */
  async ring(links: readonly InboundLink[]): Promise<void> {
    const { callId, from, to, nodeId, logger } = this.options;
    await Promise.all(
      links.map(async (link) => {
        let media: MediaPeer;
        try {
          media = await MediaPeer.offer(
            {
              // Only the answered leg's packets count: the others never connect.
              onRtp: (audio) => {
                if (this.answered?.media !== media) return;
                this.record.rtpPacketsReceived++;
                this.record.rtpJitterMs = audio.received > 0 ? audio.jitterMs : null;
                this.record.rtpPacketsLost = audio.lost;
              },
              onDtmf: (digit) => {
                if (this.answered?.media === media) this.record.dtmf += digit;
              }
            },
            logger
          );
        } catch (error) {
          logger.warn({ err: error, callId }, 'could not build the SDP offer for an inbound call');
          return;
        }
        if (this.ended) {
          await media.close();
          return;
        }
        media.setTone('ringback');
        this.legs.set(link, media);
        // The invite as the SDK's wsClientWorker reads it (IncomingInvite in @signalwire/js src/fabric).
        link.sendVerto('verto.invite', {
          callID: callId,
          sdp: media.offerSdp,
          caller_id_name: from,
          caller_id_number: from,
          callee_id_name: to,
          callee_id_number: to,
          display_direction: 'inbound',
          nodeId
        });
      })
    );
    if (this.legs.size === 0) {
      this.finish('NORMAL_TEMPORARY_FAILURE', 'system');
      return;
    }
    this.record.state = 'ringing';
    this.after(this.options.answerWithinMs, () => this.callerGivesUp());
  }

  /**
   * A device's `verto.answer`. False when the call can no longer be answered there (ended, answered on
   * another device, or never offered to it): the relay then refuses the request.
   */
  async answer(link: InboundLink, answerSdp: string): Promise<boolean> {
    const media = this.legs.get(link);
    if (this.ended || this.answered || !media) return false;
    const { callId, nodeId, from, to } = this.options;
    const id: CallIdentity = {
      callId,
      nodeId,
      eventChannel: link.eventChannel,
      from,
      to,
      phoneLegId: randomUUID(),
      segmentId: randomUUID(),
      roomSessionId: randomUUID(),
      memberId: randomUUID()
    };
    this.answered = { link, media, id };
    this.clearTimers();
    try {
      await media.acceptAnswer(answerSdp);
    } catch (error) {
      this.options.logger.warn({ err: error, callId }, 'the SDP answer to an inbound call was refused');
      this.finish('NORMAL_TEMPORARY_FAILURE', 'system');
      return false;
    }
    media.setTone('talk');
    this.record.state = 'active';
    this.record.answeredAt = new Date().toISOString();
    this.times.answerTime = Date.now();
    // Every other device stops ringing: this one won.
    for (const [other, otherMedia] of this.legs) {
      if (other === link) continue;
      other.sendVerto('verto.bye', { callID: callId, cause: 'LOSE_RACE', causeCode: HANGUP_CAUSES.LOSE_RACE });
      void otherMedia.close();
      this.legs.delete(other);
      other.inboundEnded(this, other);
    }
    if (this.options.hangupAfterMs !== null) this.after(this.options.hangupAfterMs, () => this.farEndHangup());
    return true;
  }

  /**
   * After the relay acknowledged the device's answer: the SDK goes `active` on our `verto.answer` (no SDP:
   * it has ours from the invite), and its call object hears `call.joined` as for an outbound call.
   */
  confirmAnswer(): void {
    const answered = this.answered;
    if (!answered || this.ended) return;
    answered.link.sendVerto('verto.answer', { callID: this.options.callId });
    answered.link.sendEvent('call.joined', callJoinedParams(answered.id, false));
    this.sendCallState('answered');
  }

  /**
   * The answering device's server-side mute (`call.mute` / `call.unmute`, what the SDK's `audioMute()` sends),
   * as for a dialled call (VertoCall.setMuted). False when `link` does not carry the answered call.
   */
  isAnsweredOn(link: InboundLink): boolean {
    return !this.ended && this.answered?.link === link;
  }

  setMuted(link: InboundLink, muted: boolean): boolean {
    const answered = this.answered;
    if (!answered || answered.link !== link || this.ended) return false;
    this.record.mutes.push(muted ? 'mute' : 'unmute');
    this.record.muted = muted;
    link.sendEvent('member.updated', memberUpdatedParams(answered.id, muted));
    return true;
  }

  /**
   * Digits (`verto.info`) and hold (`verto.modify`) from the answering device, as for a dialled call
   * (VertoCall.receiveDigits, setHeld): a real space treats an answered call the same whichever way it came.
   * False when `link` does not carry the answered call.
   */
  receiveDigits(link: InboundLink, dtmf: string): boolean {
    if (!this.isAnsweredOn(link)) return false;
    this.record.dtmf += [...dtmf]
      .filter((digit) => VALID_DIGITS.test(digit))
      .join('')
      .toUpperCase();
    return true;
  }

  setHeld(link: InboundLink, held: boolean): boolean {
    const answered = this.answered;
    if (!answered || !this.isAnsweredOn(link)) return false;
    this.record.holds.push(held ? 'hold' : 'unhold');
    this.record.held = held;
    answered.media.setTone(held ? 'silence' : 'talk');
    return true;
  }

  /** A device's `verto.bye`: a reject while ringing (that device only), a hangup once answered. */
  subscriberBye(link: InboundLink, cause: string | undefined): { cause: HangupCause; causeCode: number } {
    if (!this.ended) {
      if (this.answered?.link === link) {
        this.finish('NORMAL_CLEARING', 'callee');
      } else if (!this.answered && this.legs.has(link)) {
        void this.legs.get(link)?.close();
        this.legs.delete(link);
        link.inboundEnded(this, link);
        // Declined once no device is left ringing. The SDK's reject says USER_BUSY.
        if (this.legs.size === 0) this.finish(cause && cause in HANGUP_CAUSES ? (cause as HangupCause) : 'CALL_REJECTED', 'callee');
      }
    }
    const ended = (this.record.cause ?? cause ?? 'NORMAL_CLEARING') as HangupCause;
    return { cause: ended, causeCode: HANGUP_CAUSES[ended] ?? HANGUP_CAUSES.NORMAL_CLEARING };
  }

  /** The caller stops waiting: every ringing device hears ORIGINATOR_CANCEL; the call is missed. */
  callerGivesUp(): void {
    if (this.ended || this.answered) return;
    this.finish('ORIGINATOR_CANCEL', 'caller');
  }

  /** The caller hangs up an answered call. */
  farEndHangup(): void {
    if (this.ended) return;
    this.finish('NORMAL_CLEARING', 'caller');
  }

  /** A device's socket is gone for good: its leg ends; if it held the call, the call ends. */
  deviceGone(link: InboundLink): void {
    if (this.ended) return;
    if (this.answered?.link === link) {
      this.finish('NORMAL_CLEARING', 'system', false);
      return;
    }
    void this.legs.get(link)?.close();
    this.legs.delete(link);
    if (!this.answered && this.legs.size === 0) this.finish('NORMAL_CLEARING', 'system', false);
  }

  private finish(cause: HangupCause, by: HangupBy, tellDevices = true): void {
    this.ended = true;
    this.clearTimers();
    this.record.state = 'ended';
    this.record.cause = cause;
    this.record.causeCode = HANGUP_CAUSES[cause];
    this.record.hangupBy = by;
    this.record.endedAt = new Date().toISOString();
    this.times.endTime = Date.now();
    const { callId } = this.options;
    if (this.answered) {
      this.sendCallState('ending');
      this.sendCallState('ended');
    }
    for (const [link, media] of this.legs) {
      // A device that sent the bye itself gets the relay's reply, not a bye of ours.
      if (tellDevices && !(by === 'callee' && this.answered?.link === link)) {
        link.sendVerto('verto.bye', { callID: callId, cause, causeCode: HANGUP_CAUSES[cause] });
      }
      if (this.answered?.link === link) link.sendEvent('call.left', callLeftParams(this.answered.id));
      void media.close();
      link.inboundEnded(this, link);
    }
    this.legs.clear();
  }

  private sendCallState(state: PhoneLegState): void {
    const answered = this.answered;
    if (answered) answered.link.sendEvent('call.state', callStateParams(answered.id, state, this.times, 'inbound'));
  }

  private after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
